"""Receptive fields checked by brute force: the gradient of each output of a random spec,
run as torch modules with every weight 1 (nothing cancels; max pooling is replaced by
average pooling over the same windows), is nonzero exactly on the inputs it reads.

Output o of an axis claims the pixels [start + o·jump − size/2, that + size). Checked:
- every input with a gradient lies in the claimed band (all outputs, 2-D, non-square);
- away from the borders, where padding cannot hide inputs, conv/pool/pad/crop bands are
  exact: the first and last inputs read are the band's ends;
- transposed convolution, upsampling and adaptive pooling read a varying number of inputs
  per output; their band is the narrowest at that jump, each end reached by some output.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same. with even kernel")

from cnncalc import analyze, inline  # noqa: E402

from torch_twins import positive, twin  # noqa: E402


def exact_token(r: random.Random, axes: int) -> str:
    k, s, d = r.choice([1, 2, 3, 4, 5]), r.choice([1, 1, 2, 3]), r.choice([1, 1, 2])
    p = r.randint(0, (d * (k - 1) + 1) // 2)

    def per_axis(value, *others):  # a different value on the second axis, sometimes
        return f"{value}x{r.choice([value, *others])}" if axes == 2 else str(value)
    return r.choice([
        f"conv:filters=2,kernel={per_axis(k, 1, 3)},stride={per_axis(s, 1, 2)},"
        f"padding={per_axis(p, 0)},dilation={per_axis(d, 1)}",
        f"avgpool:size={k},stride={s},padding={min(p, k // 2)}",
        f"maxpool:size={max(k, 2)},stride={s}",
        f"depthwise_conv:kernel={k},dilation={d},padding=same",
        f"separable_conv:filters=2,kernel={k},stride={s},padding={p},dilation={d}",
        f"pad:padding={per_axis(r.randint(0, 3), 0, 2)}",
        f"crop:cropping={per_axis(r.randint(0, 2), 0, 1)}",
    ])


def hull_token(r: random.Random, axes: int) -> str:
    k, s, d = r.choice([1, 2, 3, 4, 5]), r.choice([1, 2, 3]), r.choice([1, 1, 2])
    p = r.randint(0, d * (k - 1))
    scale = r.choice([1, 2, 3, 4])
    return r.choice([
        f"conv_transpose:filters=2,kernel={k},stride={s},padding={p},dilation={d},"
        f"output_padding={r.randint(0, max(s, d) - 1)}",
        f"upsample:scale={scale if axes == 1 else f'{scale}x{r.choice([1, 2])}'},"
        f"mode={r.choice(['nearest', 'bilinear'])}",
    ])


def random_spec(seed: int, axes: int, hull: bool) -> list[str]:
    r = random.Random(seed)
    tokens = [exact_token(r, axes) for _ in range(r.randint(1, 3))]
    if hull:
        tokens.insert(r.randint(0, len(tokens)), hull_token(r, axes))
    return tokens


def supports(tokens, sizes):
    """Per output position, the input positions whose gradient is nonzero, per axis; and
    the report. None when the random spec is not valid."""
    spec = inline("x".join(map(str, sizes)) + "x2", tokens)
    report = analyze(spec, "floor", framework="pytorch")
    if not report.valid:
        return None, report
    model = torch.nn.Sequential(*(positive(twin(layer, row.input_shape, linear=True))
                                  for layer, row in zip(spec.layers, report.rows))).double()
    x = torch.ones(1, 2, *sizes, dtype=torch.double)
    jacobian = torch.autograd.functional.jacobian(lambda t: model(t).sum(1)[0], x,
                                                  vectorize=True)
    rank = len(sizes)
    nonzero = jacobian.abs().sum(dim=(rank, rank + 1)) > 0  # (*outputs, *inputs)
    return nonzero, report


def band(field, o: int) -> tuple[Fraction, Fraction]:
    low = field.start + o * field.jump - field.size / 2
    return low, low + field.size


def axis_reads(nonzero, axis: int, rank: int):
    """For every output index along `axis`: the input indices along it read by any output
    at that index (outputs and inputs on the other axis folded)."""
    other_out = [a for a in range(rank) if a != axis]
    other_in = [rank + a for a in range(rank) if a != axis]
    folded = nonzero.any(dim=other_in) if other_in else nonzero
    folded = folded.any(dim=other_out) if other_out else folded
    return [row.nonzero().flatten().tolist() for row in folded]


@pytest.mark.parametrize("hull", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_every_input_read_lies_in_the_band(seed, hull):
    r = random.Random(seed)
    sizes = (r.randint(9, 20), r.randint(7, 16))  # non-square
    nonzero, report = supports(random_spec(seed, 2, hull), sizes)
    if nonzero is None:
        pytest.skip("this random spec does not fit its input")  # the same seeds every run
    checked = 0
    for axis, field in enumerate(report.rows[-1].receptive_field):
        for o, reads in enumerate(axis_reads(nonzero, axis, 2)):
            low, high = band(field, o)
            assert all(low <= i and i + 1 <= high for i in reads), (axis, o, reads, low, high)
            checked += bool(reads)
    assert checked


def interior(tokens, seed):
    """Bands and reads of the outputs far from the borders of a long 1-D input."""
    probe = analyze(inline("64x2", tokens), "floor", framework="pytorch")
    if not probe.valid:
        return []
    field = probe.rows[-1].receptive_field[0]
    length = min(int(4 * field.size + 48 * max(field.jump, 1)) + 40, 2000)
    nonzero, report = supports(tokens, (length,))
    if nonzero is None:
        return []
    field = report.rows[-1].receptive_field[0]
    cases = []
    for o, reads in enumerate(axis_reads(nonzero, 0, 1)):
        low, high = band(field, o)
        if reads and length / 4 <= low and high <= 3 * length / 4:
            assert low <= reads[0] and reads[-1] + 1 <= high, (o, reads, low, high)
            cases.append((reads[0] - low, high - reads[-1] - 1))
    return cases


@pytest.mark.parametrize("seed", range(40))
def test_conv_and_pool_bands_are_exact_away_from_borders(seed):
    cases = interior(random_spec(seed, 1, hull=False), seed)
    if not cases:
        pytest.skip("this random spec does not fit its input")
    assert set(cases) == {(0, 0)}


HULLS = [
    "conv_transpose:filters=2,kernel=3,stride=2",
    "conv_transpose:filters=2,kernel=4,stride=2,padding=1",
    "conv_transpose:filters=2,kernel=2,stride=3,padding=1,output_padding=1",
    "conv_transpose:filters=2,kernel=5,stride=3,padding=2,output_padding=2",
    "conv_transpose:filters=2,kernel=3,stride=3,dilation=2,output_padding=1",
    "conv_transpose:filters=2,kernel=3,stride=1,dilation=2,padding=2",
    *(f"upsample:scale={s},mode={mode}" for mode in ("nearest", "bilinear") for s in (1, 2, 3, 4)),
]


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("last", HULLS)
def test_transposed_and_upsampling_bands_are_the_narrowest(last, seed):
    r = random.Random(seed)
    tokens = [exact_token(r, 1) for _ in range(seed)] + [last]
    cases = interior(tokens, seed)
    if not cases:
        pytest.skip("this random spec does not fit its input")
    assert min(low for low, _ in cases) == 0 and min(high for _, high in cases) == 0


@pytest.mark.parametrize("size", [1, 2, 5, 7, 12])
@pytest.mark.parametrize("out", [1, 2, 3, 4, 5, 7, 9])
def test_adaptive_pooling_band_is_the_narrowest(size, out):
    nonzero, report = supports([f"adaptive_avgpool:output={out}"], (size,))
    field = report.rows[-1].receptive_field[0]
    lows, highs = [], []
    for o, reads in enumerate(axis_reads(nonzero, 0, 1)):
        low, high = band(field, o)
        assert low <= reads[0] and reads[-1] + 1 <= high
        lows.append(reads[0] - low)
        highs.append(high - reads[-1] - 1)
    assert min(lows) == min(highs) == 0


def test_a_merge_band_holds_both_branches():
    """x → wide → narrow, and x → other → pad, added: run as torch modules by name."""
    from cnncalc import loads

    spec = loads("input: [20, 18, 2]\nlayers:\n"
                 "  - conv: {filters: 2, kernel: 5, padding: 2, name: wide}\n"
                 "  - conv: {filters: 2, kernel: 3, padding: 1, name: narrow}\n"
                 "  - conv: {filters: 2, kernel: 5, inputs: input, name: other}\n"
                 "  - pad: {padding: [[4, 0], [4, 0]]}\n"
                 "  - add: {inputs: [narrow, pad1]}\n")
    report = analyze(spec)
    modules = {layer.name: positive(twin(layer, row.input_shape)).double()
               for layer, row in zip(spec.layers, report.rows) if layer.kind != "add"}

    def network(x):
        values = {"input": x}
        for layer in spec.layers:
            inputs = [values[name] for name in layer.inputs]
            values[layer.name] = sum(inputs) if layer.kind == "add" else \
                modules[layer.name](inputs[0])
        return values["add1"].sum(1)[0]

    x = torch.ones(1, 2, 20, 18, dtype=torch.double)
    jacobian = torch.autograd.functional.jacobian(network, x, vectorize=True)
    nonzero = jacobian.abs().sum(dim=(2, 3)) > 0
    cases = []
    for axis, field in enumerate(report.rows[-1].receptive_field):
        for o, reads in enumerate(axis_reads(nonzero, axis, 2)):
            low, high = band(field, o)
            assert low <= reads[0] and reads[-1] + 1 <= high
            if 0 <= low and high <= (20, 18)[axis]:
                cases.append((reads[0] - low, high - reads[-1] - 1))
    assert cases and set(cases) == {(0, 0)}
