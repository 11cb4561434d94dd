"""Receptive fields checked by brute force through the numpy backend: an impulse response.

Every weight is positive and there are no biases, so nothing cancels and a zero input
gives zero everywhere. The batch holds one item per input position, a single 1 there; an
output element is reached by an impulse exactly when it reads that input position. The
engine's field claims that output o of an axis reads only the pixels
[start + o·jump − size/2, that + size). Checked:
- every input an output reads lies in its band (all outputs; 2-D, non-square inputs, Keras
  `same` with strides, transposed convolutions in Keras's and PyTorch's paddings,
  upsampling, adaptive, global and channel pooling);
- away from the borders, where padding cannot hide inputs, conv/pool/pad/crop bands are
  exact: the first and last inputs read are the band's ends;
- transposed convolution, upsampling and adaptive pooling read a varying number of inputs
  per output; their band is the narrowest at that jump, each end reached by some output;
- a merge's band holds both branches' bands, and is exact on the input's inside.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest

from cnncalc import analyze, inline, loads
from cnncalc.backends.numpy_backend import NumpyBackend
from cnncalc.run.verify import execute


class Impulses(NumpyBackend):
    """The numpy backend with weights in [0.5, 1) and, as its input, one item per input
    position holding a single 1 there."""

    def draw(self, shape):
        return self.rng.uniform(0.5, 1.0, shape).astype(np.float32)

    def input(self, shape, batch):
        positions = math.prod(shape[:-1])
        ones = np.eye(positions, dtype=np.float32).reshape(positions, *shape[:-1], 1)
        return np.repeat(ones, shape[-1], axis=-1)


def reached(spec, report):
    """For every input position and output element of the last layer, whether the
    impulse at the one reaches the other: a boolean array (*input sizes, *output sizes)."""
    backend = Impulses(rounding=report.rounding, framework=report.framework)
    *_, (layer, output) = execute(spec, backend)
    assert not isinstance(output, Exception), (layer.name, output)
    nonzero = (output.array != 0).any(axis=-1)
    return nonzero.reshape(*spec.input_shape[:-1], *nonzero.shape[1:])


def axis_reads(nonzero, axis: int, rank: int) -> list[list[int]]:
    """For every output index along `axis`: the input indices along it read by any output
    at that index (outputs and inputs on the other axes folded)."""
    other_in = tuple(a for a in range(rank) if a != axis)
    other_out = tuple(rank + a for a in range(rank) if a != axis)
    folded = nonzero.any(axis=other_in + other_out)  # (inputs, outputs) along `axis`
    return [np.flatnonzero(column).tolist() for column in folded.T]


def band(field, o: int) -> tuple[Fraction, Fraction]:
    low = field.start + o * field.jump - field.size / 2
    return low, low + field.size


def exact_token(r: random.Random, axes: int) -> str:
    k, s, d = r.choice([1, 2, 3, 4, 5]), r.choice([1, 1, 2, 3]), r.choice([1, 1, 2])
    p = r.randint(0, (d * (k - 1) + 1) // 2)

    def per_axis(value, *others):  # a different value on the second axis, sometimes
        return f"{value}x{r.choice([value, *others])}" if axes == 2 else str(value)
    return r.choice([
        f"conv:filters=2,kernel={per_axis(k, 1, 3)},stride={per_axis(s, 1, 2)},"
        f"padding={per_axis(p, 0)},dilation={per_axis(d, 1)},bias=false",
        f"conv:filters=2,kernel={k},stride={s},padding=same,bias=false",
        f"avgpool:size={k},stride={s},padding={min(p, k // 2)}",
        f"maxpool:size={max(k, 2)},stride={s}",
        f"maxpool:size={max(k, 2)},stride={s},padding=same",
        f"depthwise_conv:kernel={k},dilation={d},stride={s},padding=same,bias=false",
        f"separable_conv:filters=2,kernel={k},stride={s},padding={p},dilation={d},bias=false",
        f"pad:padding={per_axis(r.randint(0, 3), 0, 2)}",
        f"crop:cropping={per_axis(r.randint(0, 2), 0, 1)}",
        f"channel_pool:size={r.choice([1, 2])},mode={r.choice(['max', 'avg'])}",
    ])


def hull_token(r: random.Random, axes: int) -> str:
    k, s, d = r.choice([1, 2, 3, 4, 5]), r.choice([1, 2, 3]), r.choice([1, 1, 2])
    scale = r.choice([1, 2, 3, 4])
    padding = r.choice([r.randint(0, d * (k - 1)), "same", "valid"])
    extra = r.choice(["", f",output_padding={r.randint(0, s - 1)}"])
    return r.choice([
        f"conv_transpose:filters=2,kernel={k},stride={s},padding={padding},dilation={d},"
        f"bias=false{extra}",
        f"upsample:scale={scale if axes == 1 else f'{scale}x{r.choice([1, 2])}'},"
        f"mode={r.choice(['nearest', 'bilinear'])}",
        f"adaptive_{r.choice(['avg', 'max'])}pool:output={r.randint(2, 7)}",
    ])


def random_spec(r: random.Random, axes: int, hull: bool) -> list[str]:
    tokens = [exact_token(r, axes) for _ in range(r.randint(1, 3))]
    if hull:
        tokens.insert(r.randint(0, len(tokens)), hull_token(r, axes))
    return tokens


def analysed(sizes, tokens):
    spec = inline("x".join(map(str, sizes)) + "x1", tokens)
    return spec, analyze(spec, "floor")


def first_valid(seed: int, attempt):
    """The first result of `attempt(random.Random(…))` that is not None, trying the
    generators seeded seed·100, seed·100 + 1, …: a random spec that fits its input is
    found for every seed, the same one every run."""
    for tries in range(100):
        result = attempt(random.Random(seed * 100 + tries))
        if result is not None:
            return result
    raise AssertionError(f"no random spec from seed {seed} fits")


@pytest.mark.parametrize("hull", [False, True])
@pytest.mark.parametrize("seed", range(24))
def test_every_input_read_lies_in_the_band(seed, hull):
    def attempt(r):
        """A spec that fits and reads some input (a stride can pick only the zeros a
        dilated or transposed kernel leaves between the positions it reaches)."""
        sizes = (r.randint(9, 20), r.randint(7, 16))  # non-square
        spec, report = analysed(sizes, random_spec(r, 2, hull))
        nonzero = reached(spec, report) if report.valid else None
        return (nonzero, report) if nonzero is not None and nonzero.any() else None

    nonzero, report = first_valid(seed, attempt)
    for axis, field in enumerate(report.rows[-1].receptive_field):
        for o, reads in enumerate(axis_reads(nonzero, axis, 2)):
            low, high = band(field, o)
            assert all(low <= i and i + 1 <= high for i in reads), (axis, o, reads, low, high)


def interior(tokens):
    """(first read − band start, band end − last read) of every output far from the
    borders of a long 1-D input; None when the spec does not fit or no output is far
    enough from the borders."""
    probe = analyze(inline("64x1", tokens), "floor")
    if not probe.valid:
        return None
    field = probe.rows[-1].receptive_field[0]
    length = min(int(2 * field.size + 12 * max(field.jump, 1)) + 40, 800)
    spec, report = analysed((length,), tokens)
    if not report.valid:
        return None
    field = report.rows[-1].receptive_field[0]
    cases = []
    for o, reads in enumerate(axis_reads(reached(spec, report), 0, 1)):
        low, high = band(field, o)
        if reads and length / 4 <= low and high <= 3 * length / 4:
            assert low <= reads[0] and reads[-1] + 1 <= high, (o, reads, low, high)
            cases.append((reads[0] - low, high - reads[-1] - 1))
    return cases or None


@pytest.mark.parametrize("seed", range(40))
def test_conv_and_pool_bands_are_exact_away_from_borders(seed):
    cases = first_valid(seed, lambda r: interior(random_spec(r, 1, hull=False)))
    assert set(cases) == {(0, 0)}


HULLS = [
    "conv_transpose:filters=1,kernel=3,stride=2,bias=false",
    "conv_transpose:filters=1,kernel=4,stride=2,padding=1,bias=false",
    "conv_transpose:filters=1,kernel=2,stride=3,padding=1,output_padding=1,bias=false",
    "conv_transpose:filters=1,kernel=5,stride=3,padding=2,output_padding=2,bias=false",
    "conv_transpose:filters=1,kernel=3,stride=3,dilation=2,output_padding=1,bias=false",
    "conv_transpose:filters=1,kernel=3,stride=1,dilation=2,padding=2,bias=false",
    "conv_transpose:filters=1,kernel=3,stride=2,padding=same,bias=false",
    "conv_transpose:filters=1,kernel=4,stride=3,padding=same,bias=false",
    "conv_transpose:filters=1,kernel=1,stride=3,padding=same,bias=false",
    "conv_transpose:filters=1,kernel=3,stride=2,padding=same,output_padding=1,bias=false",
    "conv_transpose:filters=1,kernel=2,stride=3,padding=valid,bias=false",
    "conv_transpose:filters=1,kernel=3,stride=2,padding=valid,output_padding=1,bias=false",
    *(f"upsample:scale={s},mode={mode}" for mode in ("nearest", "bilinear") for s in (1, 2, 3, 4)),
]


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("last", HULLS)
def test_transposed_and_upsampling_bands_are_the_narrowest(last, seed):
    """Alone, and after `seed` random layers."""
    cases = first_valid(seed, lambda r: interior([exact_token(r, 1) for _ in range(seed)]
                                                 + [last]))
    assert min(low for low, _ in cases) == 0 and min(high for _, high in cases) == 0


@pytest.mark.parametrize("kind", ["adaptive_avgpool", "adaptive_maxpool"])
@pytest.mark.parametrize("size", [1, 2, 5, 7, 12])
@pytest.mark.parametrize("out", [1, 2, 3, 4, 5, 7, 9])
def test_adaptive_pooling_band_is_the_narrowest(kind, size, out):
    spec, report = analysed((size,), [f"{kind}:output={out}"])
    field = report.rows[-1].receptive_field[0]
    lows, highs = [], []
    for o, reads in enumerate(axis_reads(reached(spec, report), 0, 1)):
        low, high = band(field, o)
        assert low <= reads[0] and reads[-1] + 1 <= high
        lows.append(reads[0] - low)
        highs.append(high - reads[-1] - 1)
    assert min(lows) == min(highs) == 0


@pytest.mark.parametrize("keepdims", [False, True])
def test_a_global_pooling_reads_the_whole_input(keepdims):
    spec, report = analysed((9, 6), ["conv:filters=2,kernel=3,bias=false",
                                     f"global_maxpool:keepdims={str(keepdims).lower()}"])
    nonzero = reached(spec, report)
    assert nonzero.all()
    for field, size in zip(report.rows[-1].receptive_field, (9, 6)):
        assert band(field, 0) == (0, size)


def test_a_merge_band_holds_both_branches():
    """x → wide → narrow, and x → other → pad, added."""
    spec = loads("input: [20, 18, 1]\nlayers:\n"
                 "  - conv: {filters: 2, kernel: 5, padding: 2, bias: false, name: wide}\n"
                 "  - conv: {filters: 2, kernel: 3, padding: 1, bias: false, name: narrow}\n"
                 "  - conv: {filters: 2, kernel: 5, bias: false, inputs: input, name: other}\n"
                 "  - pad: {padding: [[4, 0], [4, 0]]}\n"
                 "  - add: {inputs: [narrow, pad1]}\n")
    report = analyze(spec)
    nonzero = reached(spec, report)
    cases = []
    for axis, field in enumerate(report.rows[-1].receptive_field):
        for o, reads in enumerate(axis_reads(nonzero, axis, 2)):
            low, high = band(field, o)
            assert low <= reads[0] and reads[-1] + 1 <= high
            if 0 <= low and high <= (20, 18)[axis]:
                cases.append((reads[0] - low, high - reads[-1] - 1))
    assert cases and set(cases) == {(0, 0)}
