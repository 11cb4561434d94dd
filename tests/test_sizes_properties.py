"""`cnncalc sizes` against brute force: for random specs (every kind, graphs, blocks, each
rounding mode and framework), the sizes reported valid on an axis are exactly those for
which `analyze` of the spec with that input size reports no error but about another
spatial axis (SPEC.md §7); the pattern expands back to them, the output map holds on each,
and the limiting layer is the first to reject the nearest invalid size."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cnncalc import analyze
from cnncalc.solve.patterns import describe
from cnncalc.layers import REGISTRY
from cnncalc.solve.sizes import sizes
from cnncalc.core.errors import SpecError
from cnncalc.layers.windows import axis_names
from cnncalc.read.spec import build

TOP = 40  # the range tried: 1..TOP
# Kinds the generator writes with parameters of their own, and the others, written
# without parameters (activations, normalisations, ...): together, every kind there is.
NAMED = {"conv", "maxpool", "avgpool", "minpool", "depthwise_conv", "separable_conv",
         "conv_transpose", "pad", "crop", "upsample", "global_avgpool", "adaptive_avgpool",
         "adaptive_maxpool", "channel_pool", "dense", "reshape", "add", "multiply", "concat",
         "permute"}
OTHERS = sorted(name for name, kind in REGISTRY.items()
                if name not in NAMED and not any(p.required for p in kind.params))


def brute(spec, axis: int, low: int, high: int) -> dict[int, tuple]:
    """Per size: None when valid, else the (index, name) of the first layer that rejects
    it; and the network's output size on the axis (or None)."""
    labels = axis_names(len(spec.input_shape) - 1)
    others = set(labels) - {labels[axis]}
    # From a layer that reorders the axes (a permute) on, an error's axis is no longer the
    # input's axis of that name: every error counts.
    moved = min((layer.index for layer in spec.layers
                 if REGISTRY[layer.kind].moves_axes(layer)), default=None)
    found = {}
    for n in range(low, high + 1):
        shape = list(spec.input_shape)
        shape[axis] = n
        report = analyze(spec._replace(input_shape=tuple(shape)))
        errors = [e for e in report.errors if e.axis not in others
                  or (moved is not None and (e.index or 0) >= moved)]
        last = report.rows[-1] if len(report.rows) == len(spec.layers) else None
        out = None
        if last is not None and last.output_shape is not None and \
                len(last.output_shape) == len(spec.input_shape):
            stored = last.output_shape if spec.layout == "channels_last" else \
                last.output_shape[1:] + last.output_shape[:1]
            out = stored[axis]
        found[n] = (min(((e.index or 0), e.layer) for e in errors) if errors else None, out)
    return found


def _axes(draw, rank):
    return draw(st.integers(1, 3)) if draw(st.booleans()) else \
        [draw(st.integers(1, 3)) for _ in range(rank)]


@st.composite
def layer(draw, rank: int, names: list[str], channels_first: bool):
    """One layer of any kind with small, mostly plausible parameters."""
    pad = st.one_of(st.integers(0, 2), st.sampled_from(["same", "valid"]))
    kinds = {
        "conv": lambda: {"filters": draw(st.integers(1, 4)), "kernel": _axes(draw, rank),
                         "stride": _axes(draw, rank), "padding": draw(pad),
                         "dilation": draw(st.integers(1, 2))},
        "pool": lambda: {"size": _axes(draw, rank),
                         "stride": draw(st.one_of(st.none(), st.integers(1, 3))),
                         "padding": draw(st.one_of(st.integers(0, 1), st.just("same")))},
        "depthwise_conv": lambda: {"kernel": _axes(draw, rank), "stride": _axes(draw, rank),
                                   "padding": draw(pad)},
        "separable_conv": lambda: {"filters": 2, "kernel": _axes(draw, rank),
                                   "stride": draw(st.integers(1, 2))},
        "conv_transpose": lambda: {"filters": 2, "kernel": draw(st.integers(1, 4)),
                                   "stride": draw(st.integers(1, 3)), "padding": draw(pad),
                                   "output_padding": draw(st.sampled_from([None, 0, 1]))},
        "pad": lambda: {"padding": draw(st.integers(0, 2))},
        "crop": lambda: {"cropping": [[draw(st.integers(0, 2)), draw(st.integers(0, 2))]
                                      for _ in range(rank)]},
        "upsample": lambda: {"scale": draw(st.integers(1, 3))},
        "relu": lambda: None, "batchnorm": lambda: None, "dropout": lambda: None,
        "global_avgpool": lambda: {"keepdims": draw(st.booleans())},
        "adaptive_avgpool": lambda: {"output": draw(st.integers(1, 3))},
        "channel_pool": lambda: {"size": draw(st.integers(1, 2))},
        "flatten": lambda: None, "dense": lambda: {"units": 3},
        "reshape": lambda: {"shape": draw(st.sampled_from([[-1], [-1, 2], [4, -1], [2, 2, -1]]))},
        "permute": lambda: {"axes": draw(st.permutations(range(1, rank + 2)))},
        "add": lambda: {"inputs": [names[-1], draw(st.sampled_from(names))]},
        "multiply": lambda: {"inputs": [names[-1], draw(st.sampled_from(names))]},
        "adaptive_maxpool": lambda: {"output": draw(st.integers(1, 3))},
        "other": lambda: None,  # a kind without required parameters (activations, ...)
        "concat": lambda: {"inputs": [names[-1], draw(st.sampled_from(names))],
                           "axis": draw(st.sampled_from([None, 0, -1]))},
    }
    kind = draw(st.sampled_from(sorted(kinds)))
    params = kinds[kind]()
    if kind == "other":
        kind = draw(st.sampled_from(OTHERS))
    if kind == "pool":
        kind = draw(st.sampled_from(["maxpool", "avgpool", "minpool"]))
    if kind == "concat" and params["axis"] is None:
        del params["axis"]
    return kind, params


@st.composite
def specs(draw):
    rank = draw(st.sampled_from([1, 2, 2, 2]))
    channels_first = draw(st.booleans()) and rank > 1
    spatial = [draw(st.integers(4, 30)) for _ in range(rank)]
    channels = draw(st.integers(1, 4))
    names = ["input"]
    items = []
    for i in range(draw(st.integers(1, 6))):
        kind, params = draw(layer(rank, names, channels_first))
        name = f"l{i}"
        items.append({kind: {**(params or {}), "name": name}})
        names.append(name)
    tree = {"input": [channels, *spatial] if channels_first else [*spatial, channels],
            "rounding": draw(st.sampled_from(["strict", "floor", "ceil"])),
            "framework": draw(st.sampled_from(["keras", "pytorch"])),
            "layers": items}
    if channels_first:
        tree["layout"] = "channels_first"
    if draw(st.booleans()):  # the first layers through a block, used twice
        inner = [{k: {key: v for key, v in p.items() if key not in ("name", "inputs")}}
                 for item in items[:2] for k, p in item.items() if k not in ("add", "concat")]
        if inner:
            tree["blocks"] = {"b": {"params": {}, "layers": inner}}
            tree["layers"] = [{"b": {"repeat": 2}}] + items[2:]
    return tree


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=specs())
def test_sizes_equal_brute_force_over_the_range(tree):
    try:
        spec = build(tree)
    except SpecError:
        assume(False)
    result = sizes(spec, 1, TOP)
    for axis in result.axes:
        truth = brute(spec, axis.axis, 1, TOP)
        valid = [n for n, (rejected, _) in truth.items() if rejected is None]
        assert list(axis.valid) == valid, (tree, axis.label)
        assert axis.pattern.members() == valid
        assert sorted(expand(axis.pattern.text(), TOP)) == valid, axis.pattern.text()
        if axis.output is not None:
            assert all(axis.output(n) == truth[n][1] for n in valid
                       if truth[n][1] is not None)
        own = spec.input_shape[axis.axis]
        assert axis.below == max((n for n in valid if n < own), default=None)
        assert axis.above == min((n for n in valid if n > own), default=None)
        if axis.limited_by is None:
            assert valid == list(range(1, TOP + 1))
        else:
            n = axis.limited_by.size
            assert truth[n][0] == (axis.limited_by.index, axis.limited_by.layer)
            assert all(truth[m][0] is None for m in range(1, TOP + 1)
                       if abs(m - own) < abs(n - own))


def expand(text: str, top: int) -> list[int]:
    """The sizes a pattern's text names, read back from the text alone."""
    found = []
    for part in text.split(", "):
        if part == "none":
            continue
        if m := re.fullmatch(r"every size ≥ (\d+)", part):
            found += range(int(m[1]), top + 1)
        elif m := re.fullmatch(r"(\d+)·k(?: \+ (\d+))? for k ≥ (\d+)", part):
            p, r, k = int(m[1]), int(m[2] or 0), int(m[3])
            found += range(p * k + r, top + 1, p)
        elif m := re.fullmatch(r"(\d+)·k \+ ([\d or]+) from (\d+)", part):
            p, start = int(m[1]), int(m[3])
            residues = {int(r) for r in m[2].split(" or ")}
            found += [n for n in range(start, top + 1) if n % p in residues]
        elif m := re.fullmatch(r"(\d+)–(\d+)", part):
            found += range(int(m[1]), int(m[2]) + 1)
        else:
            found.append(int(part))
    return found


@settings(max_examples=300, deadline=None)
@given(period=st.integers(1, 40), residues=st.sets(st.integers(0, 39), min_size=1, max_size=3),
       start=st.integers(1, 300), extra=st.sets(st.integers(1, 300), max_size=4),
       top=st.integers(1, 600))
def test_a_pattern_expands_back_to_exactly_its_set(period, residues, start, extra, top):
    valid = sorted({n for n in range(start, top + 1) if n % period in
                    {r % period for r in residues}} | {n for n in extra if n <= top})
    pattern = describe(valid, 1, top)
    assert pattern.members() == valid
    assert sorted(expand(pattern.text(), top)) == valid


def test_the_generator_writes_every_kind():
    assert set(REGISTRY) == NAMED | set(OTHERS)
