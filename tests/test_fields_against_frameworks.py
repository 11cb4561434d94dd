"""Receptive fields against the real frameworks: impulse responses of torch modules and of
Keras 3 layers (on Keras's torch backend), run as twins of small graphs.

tests/test_receptive_field_impulse.py checks the fields through cnncalc's own numpy
backend; here nothing of cnncalc computes what is read. Every weight is in [0.5, 1) and
there are no biases, so nothing cancels. The batch holds one item per input position: a
background plus one impulse there. Output o reads input i when the impulse at i changes
it. Two backgrounds are tried and their reads joined: zeros, where a max pooling passes
every impulse it sees, and ones, where a product passes an impulse that reaches only one
of its factors (a squeeze-and-excitation gate is zero on a zero background). Differences
below 1e-10 of the largest are rounding (torch's linear interpolation gives a tap a weight
of 3e-17 where it means 0); a test stops if any lies between 1e-13 and 1e-10 of it, where
the two could not be told apart.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from cnncalc import analyze, loads  # noqa: E402

from keras_twins import keras_twin  # noqa: E402
from torch_twins import twin  # noqa: E402

F64 = torch.float64


def positive(module):
    for param in module.parameters():
        with torch.no_grad():
            param.uniform_(0.5, 1.0)
    return module.to(F64)


MERGES = {
    "add": lambda xs: sum(xs[1:], xs[0]),
    "multiply": lambda xs: math.prod(xs[1:], start=xs[0]),
    "concat": lambda xs: torch.cat(xs, dim=1),
}


def graph_twin(spec, report):
    """A function running the spec's graph on a torch batch (N, C, *spatial): Keras layers
    for the kinds Keras has under `framework: keras`, torch modules for the rest."""
    steps = []
    for layer, row in zip(spec.layers, report.rows):
        rank = len(row.input_shapes[0]) - 1
        if layer.kind in MERGES:
            step = MERGES[layer.kind]
        else:
            step = (keras_twin(layer, rank, dtype="float64", positive=True)
                    if report.framework == "keras" else None)
            step = (lambda s: lambda xs: s(xs[0]))(
                step or positive(twin(layer, row.input_shapes[0])))
        steps.append((layer, step))

    def run(x):
        values = {"input": x}
        for layer, step in steps:
            values[layer.name] = step([values[name] for name in layer.inputs])
        return values[spec.layers[-1].name]
    return run


def reads(spec, report):
    """For the last layer: whether each input position reaches each output element, a
    boolean tensor (*input sizes, *output sizes), channels folded."""
    run = graph_twin(spec, report)
    *sizes, channels = spec.input_shape
    positions = math.prod(sizes)
    impulses = torch.eye(positions, dtype=F64).reshape(positions, 1, *sizes)
    reached = None
    with torch.no_grad():
        for background in (0.0, 1.0):
            base = torch.full((1, channels, *sizes), background, dtype=F64)
            diff = (run(base + impulses) - run(base)).abs()
            scale = diff.max()
            if scale == 0:
                continue
            unclear = (diff > 1e-13 * scale) & (diff < 1e-10 * scale)
            assert not unclear.any(), "impulse responses too close to rounding"
            hit = (diff > 1e-10 * scale).any(dim=1)
            reached = hit if reached is None else reached | hit
    return reached.reshape(*sizes, *reached.shape[1:])


def axis_reads(reached, axis: int, rank: int) -> list[list[int]]:
    """For every output index along `axis`, the input indices along it that any output at
    that index reads."""
    other_in = tuple(a for a in range(rank) if a != axis)
    other_out = tuple(rank + a for a in range(rank) if a != axis)
    folded = reached.any(dim=other_in + other_out) if other_in else reached
    return [torch.nonzero(column).flatten().tolist() for column in folded.T]


def band(field, o: int) -> tuple[Fraction, Fraction]:
    low = field.start + o * field.jump - Fraction(field.size) / 2
    return low, low + field.size


def check_bands(spec, report, tight: bool):
    """Every input an output reads lies in its band; with `tight`, the bands clipped to
    the input are the narrowest: some output reads each clipped end."""
    reached = reads(spec, report)
    sizes = spec.input_shape[:-1]
    fields = report.rows[-1].receptive_field
    assert fields is not None, "no receptive field"
    for axis, (field, size) in enumerate(zip(fields, sizes)):
        gaps = []
        for o, inputs in enumerate(axis_reads(reached, axis, len(sizes))):
            if not inputs:
                continue
            low, high = band(field, o)
            assert low <= inputs[0] and inputs[-1] + 1 <= high, (axis, o, inputs, low, high)
            gaps.append((inputs[0] - max(low, 0), min(high, size) - inputs[-1] - 1))
        if tight:
            assert gaps and min(g for g, _ in gaps) == 0 and min(g for _, g in gaps) == 0, (
                axis, field, gaps)


def analysed(text: str, framework: str):
    spec = loads(text)
    report = analyze(spec, "floor", framework=framework)
    assert report.valid, report.errors
    return spec, report


def yaml(sizes, layers) -> str:
    lines = [f"input: [{', '.join(map(str, sizes))}, 2]", "layers:"]
    for kind, params in layers:
        body = ", ".join(f"{k}: {_value(v)}" for k, v in params.items())
        lines.append(f"  - {kind}: {{{body}}}")
    return "\n".join(lines) + "\n"


def _value(v):
    return f"[{', '.join(map(str, v))}]" if isinstance(v, (list, tuple)) else str(v)


# --- squeeze-and-excitation: a size-1 branch broadcast over a feature map ---

SE = [
    ("conv", {"filters": 2, "kernel": 3, "padding": 1, "bias": "false", "name": "feat"}),
    ("global_avgpool", {"keepdims": "true", "name": "squeeze"}),
    ("conv", {"filters": 2, "kernel": 1, "bias": "false", "name": "excite"}),
    ("multiply", {"inputs": ["feat", "excite"], "name": "gate"}),
]


@pytest.mark.parametrize("sizes", [(12,), (9, 7)])
@pytest.mark.parametrize("after", [
    [],
    [("conv", {"filters": 2, "kernel": 3, "stride": 2, "bias": "false"})],
    [("conv", {"filters": 2, "kernel": 1, "bias": "false", "name": "project"}),
     ("add", {"inputs": ["feat", "project"]})],
])
def test_a_squeeze_and_excitation_gate_reads_the_whole_input(sizes, after):
    spec, report = analysed(yaml(sizes, SE + after), "pytorch")
    check_bands(spec, report, tight=True)
    for field, size in zip(report.rows[-1].receptive_field, sizes):
        assert field.jump == 0  # every output reads the same band: the whole input
        assert band(field, 0)[0] <= 0 and band(field, 0)[1] >= size


# --- transposed convolutions, each framework's own module ---

def transposed_cases():
    """Every kernel, stride, dilation and padding on a 1-D input of 7, in the paddings
    each framework takes: PyTorch's explicit ones, Keras's `same` and `valid`."""
    for k in range(1, 5):
        for s in range(1, 4):
            for d in (1, 2):
                for op in (None, *range(max(s, d))):
                    if op is not None and op < s and not (s > 1 and d > 1):
                        for padding in ("same", "valid"):
                            yield "keras", k, s, d, padding, op
                    if op is None:
                        for padding in ("same", "valid"):
                            if not (s > 1 and d > 1):
                                yield "keras", k, s, d, padding, op
                        continue
                    for padding in range(d * (k - 1) + 1):
                        if (7 - 1) * s - 2 * padding + d * (k - 1) + op + 1 > 0:
                            yield "pytorch", k, s, d, padding, op


@pytest.mark.parametrize("framework,k,s,d,padding,op", list(transposed_cases()))
def test_transposed_convolution_bands_hold_what_the_framework_reads(framework, k, s, d,
                                                                    padding, op):
    params = {"filters": 2, "kernel": k, "stride": s, "dilation": d, "padding": padding,
              "bias": "false"}
    if op is not None:
        params["output_padding"] = op
    spec, report = analysed(yaml((7,), [("conv_transpose", params)]), framework)
    check_bands(spec, report, tight=True)


# --- upsampling of small inputs: the degenerate cases of linear interpolation ---

@pytest.mark.parametrize("framework", ["pytorch", "keras"])
@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
@pytest.mark.parametrize("scale", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_upsampling_a_small_input_gives_the_narrowest_band(framework, mode, scale, size):
    spec, report = analysed(
        yaml((size, 3), [("upsample", {"scale": scale, "mode": mode})]), framework)
    check_bands(spec, report, tight=True)


def test_a_one_pixel_axis_upsampled_reads_that_pixel_only():
    """torch's align_corners=False reads only the one pixel: the band is that pixel."""
    spec, report = analysed(yaml((1, 4), [("upsample", {"scale": 4, "mode": "bilinear"})]),
                            "pytorch")
    height, width = report.rows[-1].receptive_field
    assert (height.size, height.jump, height.start) == (1, 0, Fraction(1, 2))
    assert (width.size, width.jump) == (Fraction(11, 4), Fraction(1, 4))


# --- random small graphs: merges with broadcast branches, transposed convs, upsampling ---

def random_layers(r: random.Random, rank: int, framework: str) -> list:
    """A chain of blocks, each a layer or a small branch-and-merge, named `b<i>…`."""
    layers, last = [], "input"
    for i in range(r.randint(1, 3)):
        name = f"b{i}"
        block = r.choice(["conv", "pool", "transpose", "upsample", "border", "se",
                          "residual", "concat"])
        k, s = r.randint(1, 3), r.randint(1, 2)
        if block == "conv":
            padding = r.randint(0, k // 2) if framework == "pytorch" else r.choice(
                ["same", "valid", r.randint(0, k // 2)])
            layers.append(("conv", {"filters": 2, "kernel": k, "stride": s,
                                    "padding": padding, "bias": "false", "name": name}))
        elif block == "pool":
            size = r.randint(2, 3)
            layers.append((r.choice(["maxpool", "avgpool"]),
                           {"size": size, "stride": s, "padding": r.randint(0, size // 2),
                            "name": name}))
        elif block == "transpose":
            s, d = r.randint(1, 3), r.choice([1, 1, 2])
            if framework == "keras":
                d = 1 if s > 1 else d
                params = {"padding": r.choice(["same", "valid"])}
                if r.random() < 0.5:
                    params["output_padding"] = r.randint(0, s - 1)
            else:
                params = {"padding": r.randint(0, d * (k - 1)),
                          "output_padding": r.randint(0, max(s, d) - 1)}
            layers.append(("conv_transpose", {"filters": 2, "kernel": k, "stride": s,
                                              "dilation": d, **params, "bias": "false",
                                              "name": name}))
        elif block == "upsample" and r.random() < 0.5:
            layers.append(("upsample", {"scale": r.randint(1, 3),
                                        "mode": r.choice(["nearest", "bilinear"]),
                                        "name": name}))
        elif block == "upsample":  # to a size: any ratio, up or down, every rule
            mode = r.choice(["nearest", "nearest_exact", "bilinear"])
            corners = {"align_corners": "true"} if mode == "bilinear" and r.random() < 0.5 \
                else {}
            layers.append(("upsample", {"output": [r.randint(1, 17) for _ in range(rank)],
                                        "mode": mode, **corners, "name": name}))
        elif block == "border":
            kind, key = r.choice([("pad", "padding"), ("crop", "cropping")])
            layers.append((kind, {key: r.randint(0, 2), "name": name}))
        elif block == "se":
            layers += [("global_avgpool", {"keepdims": "true", "name": f"{name}s",
                                           "inputs": last}),
                       ("conv", {"filters": 2, "kernel": 1, "bias": "false",
                                 "name": f"{name}e"}),
                       ("multiply", {"inputs": [last, f"{name}e"], "name": name})]
        else:
            layers += [("conv", {"filters": 2, "kernel": 2 * k - 1, "padding": k - 1,
                                 "bias": "false", "name": f"{name}c", "inputs": last}),
                       ("add" if block == "residual" else "concat",
                        {"inputs": [last, f"{name}c"], "name": name})]
        last = name
    return layers


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(r=st.randoms(use_true_random=False), framework=st.sampled_from(["pytorch", "keras"]))
def test_random_graphs_read_only_inside_their_bands(r, framework):
    """Every layer of a graph of pooling, (transposed) convolutions, upsampling, padding
    and merges with broadcast gates, residuals and concats has a field, and the last
    layer's outputs read nothing outside it. (Not the narrowest band: a floor that drops
    the input's last row leaves the band's end unread.)"""
    rank = r.choice([1, 2])
    sizes = (r.randint(6, 16),) if rank == 1 else (r.randint(5, 9), r.randint(4, 8))
    spec = loads(yaml(sizes, random_layers(r, rank, framework)))
    report = analyze(spec, "floor", framework=framework)
    assume(report.valid)
    assert all(row.receptive_field is not None for row in report.rows), report.notes
    check_bands(spec, report, tight=False)
