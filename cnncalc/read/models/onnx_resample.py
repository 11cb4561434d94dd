"""ONNX ops that move positions without weights: Resize (and the old Upsample) by integer
scales or to sizes, whose coordinate rules must be one of cnncalc's upsampling modes, and
DepthToSpace/SpaceToDepth in their two channel orders. Part of onnx_ops.py's table."""

from __future__ import annotations

from ...core.messages import say
from .network import Unsupported, one


def _resize_mode(mode: str, rule: str, rounding: str, whole: bool, single: bool):
    """cnncalc's (mode, align_corners) for Resize's coordinate rules, None where the values
    would differ. PyTorch's modes export as: nearest (asymmetric, floor), nearest-exact
    (half_pixel, round_prefer_ceil), linear (pytorch_half_pixel, or align_corners); for an
    integer factor the half-pixel nearest rules read as nearest does. pytorch_half_pixel
    reads input 0 for an output of size 1, where PyTorch reads the middle."""
    half = rule == "half_pixel" or (rule == "pytorch_half_pixel" and not single)
    if mode == "linear":
        return ("bilinear", True) if rule == "align_corners" else (
            ("bilinear", False) if half else None)
    if mode != "nearest":
        return None
    if (rule, rounding) == ("asymmetric", "floor") or (
            whole and half and rounding in ("round_prefer_floor", "round_prefer_ceil")):
        return "nearest", False
    return ("nearest_exact", False) if half and rounding == "round_prefer_ceil" else None


def resize(node, label, ctx):
    """Resize by integer scales or to `sizes` (batch and channels kept), and the old
    Upsample (nearest only: its linear mode has no half-pixel centres)."""
    scales = sizes = None
    mode = node.attrs.get("mode", "nearest")
    rule = node.attrs.get("coordinate_transformation_mode", "half_pixel")
    rounding = node.attrs.get("nearest_mode", "round_prefer_floor")
    if node.op == "Upsample":
        scales = node.attrs.get("scales") or ctx.value(node.inputs[1], "Upsample scales")
        rule, rounding = "asymmetric", "floor"
    elif len(node.inputs) > 3 and node.inputs[3]:
        sizes = ctx.value(node.inputs[3], "Resize sizes")
    elif len(node.inputs) > 2 and node.inputs[2]:
        scales = ctx.value(node.inputs[2], "Resize scales")
    if not scales and not sizes:
        raise Unsupported(say("unsupported.no-scales", op=node.op))
    if node.attrs.get("axes") or node.attrs.get("antialias"):
        raise Unsupported(f"{node.op}(axes/antialias)")
    before = ctx.spatial(node.inputs[0])
    if scales and (list(scales[:2]) != [1, 1] or any(s != int(s) for s in scales[2:])):
        raise Unsupported(say("unsupported.scales", op=node.op, scales=list(scales)))
    if sizes and len(sizes) != len(before) + 2:
        raise Unsupported(say("unsupported.sizes", op=node.op, sizes=list(sizes)))
    after = [int(x * s) for x, s in zip(before, scales[2:])] if scales else list(sizes[2:])
    known = _resize_mode(mode, rule, rounding, all(a % b == 0 for a, b in zip(after, before)),
                         1 in after)
    if known is None:
        raise Unsupported(f"{node.op}(mode={mode}, coordinate_transformation_mode={rule}"
                          + (f", nearest_mode={rounding})" if mode == "nearest" else ")"))
    where = {"scale": one([int(s) for s in scales[2:]])} if scales else {"output": one(after)}
    ctx.add(node, label, "upsample", {**where, "mode": None if known[0] == "nearest" else known[0],
                                      "align_corners": True if known[1] else None})


def depth(kind: str):
    """DepthToSpace (mode DCR by default, or CRD) and SpaceToDepth (DCR only)."""
    def read(node, label, ctx):
        mode = node.attrs.get("mode", "DCR")
        if mode not in ("DCR", "CRD"):
            raise Unsupported(f"{node.op}(mode={mode})")
        ctx.add(node, label, kind, {"factor": node.attrs["blocksize"],
                                    "order": "dcr" if mode == "DCR" else None})
    return read
