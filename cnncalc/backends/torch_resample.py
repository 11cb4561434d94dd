"""The torch backend's ops that move positions without weights: F.interpolate by a factor
or to a size, pixel shuffle and space to depth in both channel orders. Registered in
torch_backend.py's table."""

from __future__ import annotations

from torch.nn import functional as F

from .base import Output, every_axis


def upsample(backend, layer, inputs):
    """F.interpolate by the integer `scale` or to the `output` sizes: `nearest`,
    `nearest-exact`, or `bilinear` as the linear mode of the input's rank (linear,
    bilinear, trilinear) with the layer's align_corners."""
    (x,) = inputs
    p = layer.params
    rank = x.dim() - 2
    if p["output"] is not None:
        where = {"size": every_axis(p["output"], rank, "output")}
    else:
        where = {"scale_factor": tuple(float(s) for s in every_axis(p["scale"] or 2, rank,
                                                                       "scale"))}
    if p["mode"] == "bilinear":
        mode = ("linear", "bilinear", "trilinear")[rank - 1]
        return Output(F.interpolate(x, mode=mode, align_corners=p["align_corners"], **where))
    return Output(F.interpolate(x, mode=p["mode"].replace("_", "-"), **where))


def pixel_shuffle(backend, layer, inputs):
    """F.pixel_shuffle takes the crd order; dcr channels, (r, r, C), are regrouped first."""
    (x,) = inputs
    r = layer.params["factor"]
    if layer.params["order"] == "dcr":
        x = x.unflatten(1, (r * r, x.shape[1] // (r * r))).transpose(1, 2).flatten(1, 2)
    return Output(F.pixel_shuffle(x, r))


def space_to_depth(backend, layer, inputs):
    """F.pixel_unshuffle gives the crd order; for dcr its channels are regrouped after."""
    (x,) = inputs
    r = layer.params["factor"]
    out = F.pixel_unshuffle(x, r)
    if layer.params["order"] == "dcr":
        out = out.unflatten(1, (x.shape[1], r * r)).transpose(1, 2).flatten(1, 2)
    return Output(out)
