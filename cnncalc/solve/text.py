"""`cnncalc sizes` output: lines for people, the JSON of SPEC.md §7 for tools."""

from __future__ import annotations

from ..core.messages import axis_name, say
from ..core.printable import printable
from ..core.text import listed
from .sizes import AxisSizes, SpecSizes
from .settings import Setting

SHOWN = 3  # sizes written out after a pattern: `→ 188, 204, 220, …`


def table(results: list[SpecSizes]) -> str:
    return "\n\n".join(_spec_text(result) for result in results)


def _spec_text(result: SpecSizes) -> str:
    title = printable(result.name or result.source or "spec")
    shape = "×".join(map(str, result.input_shape))
    low, high = result.range
    lines = [say("sizes.title", title=title, shape=shape, rounding=result.rounding, low=low,
                 high=high)]
    if not result.axes:
        lines.append(say("sizes.no-axes"))
    if result.coupled:
        lines.append(say("sizes.coupled"))
        low, top = result.pairs_range
        together = ", ".join("×".join(map(str, p)) for p in result.pairs[:SHOWN * 2])
        more = ", …" if len(result.pairs) > SHOWN * 2 else ""
        lines.append(say("sizes.together", axes=" × ".join(axis_name(a.label) for a in result.axes),
                         low=low, top=top, together=together or say("sizes.none"), more=more,
                         count=f"{len(result.pairs):,}"))
    for axis in result.axes:
        lines += _axis_lines(axis)
    return "\n".join(lines)


def _axis_lines(axis: AxisSizes) -> list[str]:
    shown = axis.pattern.first(SHOWN + 1)
    first = ", ".join(map(str, shown[:SHOWN])) + (", …" if len(shown) > SHOWN else "")
    count = len(axis.valid)
    arrow = f" → {first}" if axis.pattern.period else ""  # runs list their sizes already
    label = axis_name(axis.label)
    counted = say("sizes.count.one" if count == 1 else "sizes.count", count=f"{count:,}")
    lines = [f"  {label}: {axis.pattern.worded()}" + (f"{arrow} {counted}" if count else "")]
    if axis.output is not None:
        lines.append(say("sizes.output", axis=label, output=axis.output.worded()))
    near = [say(f"sizes.{side}", size=n) for n, side in ((axis.below, "below"),
                                                        (axis.above, "above")) if n is not None]
    status = say("sizes.valid" if axis.own in axis.valid else "sizes.invalid", size=axis.own)
    lines.append(status + (say("sizes.nearest", near=listed(near)) if near else ""))
    if axis.limited_by is not None:
        where = axis.limited_by
        lines.append(say("sizes.limited", layer=printable(where.layer), index=where.index,
                         size=where.size))
    return lines


def document(result: SpecSizes) -> dict:
    """One spec's object, keys as SPEC.md §7 names them."""
    return {
        "name": result.name, "file": result.source, "rounding": result.rounding,
        "input_shape": list(result.input_shape), "range": list(result.range),
        "coupled": result.coupled, "axes": [_axis_json(axis) for axis in result.axes],
        **({"pairs": [list(p) for p in result.pairs], "pairs_range": list(result.pairs_range)}
           if result.coupled else {}),
    }


def _axis_json(axis: AxisSizes) -> dict:
    where = axis.limited_by
    return {
        "axis": axis.axis, "label": axis.label, "valid": list(axis.valid),
        "pattern": axis.pattern.text(),
        "output": None if axis.output is None else axis.output.text(),
        "below": axis.below, "above": axis.above,
        "limited_by": None if where is None else {"layer": where.layer, "index": where.index,
                                                  "size": where.size},
    }


def settings_text(kind: str, problems: list[tuple[str, int, int, list[Setting]]], rounding: str,
                  searched: str, limit: int) -> str:
    """The settings found for each axis (one block when every axis asks the same)."""
    lines = []
    for label, size, target, found in problems:
        lines.append(say("solve.title", kind=kind, label=axis_name(label), size=size,
                         target=target, rounding=rounding, searched=searched))
        shown = found if not limit else found[:limit]
        lines += [f"  {i:>2}. {setting.text()}" for i, setting in enumerate(shown, start=1)]
        if not found:
            lines.append(say("solve.none"))
        elif len(shown) < len(found):
            lines.append(say("solve.limited", shown=len(shown), found=len(found)))
    return "\n".join(lines)


def settings_json(kind: str, problems, rounding: str, searched: str) -> dict:
    return {"kind": kind, "rounding": rounding, "searched": searched, "axes": [
        {"label": label, "input": size, "output": target, "settings": [
            {**dict(setting.values), "frameworks": list(setting.frameworks),
             "rounds_down": setting.floors} for setting in found]}
        for label, size, target, found in problems]}


def solutions_text(spec, free, output_shape, found, limit: int) -> str:
    title = printable(spec.name or spec.source or "spec")
    wanted = say("solve.wanted", shape="×".join(map(str, output_shape))) if output_shape else ""
    lines = [say("solve.free", title=title, free=", ".join(printable(f.name) for f in free),
                 wanted=wanted, searched=", ".join(f"{printable(f.name)} {_span(f.values)}"
                                                    for f in free))]
    shown = found if not limit else found[:limit]
    lines += [say("solve.solution", number=f"{i:>2}", text=printable(s.text()),
                  shape="×".join(map(str, s.output_shape))) for i, s in enumerate(shown, start=1)]
    if not found:
        lines.append(say("solve.no-combination"))
    elif len(shown) < len(found):
        lines.append(say("solve.limited", shown=len(shown), found=len(found)))
    return "\n".join(lines)


def _span(values: tuple) -> str:
    numbers = [v for v in values if isinstance(v, int)]
    words = [str(v) for v in values if not isinstance(v, int)]
    text = f"{min(numbers)}–{max(numbers)}" if len(numbers) > 1 else \
        ", ".join(map(str, numbers))
    return say("pattern.or").join(filter(None, [text, *words]))


def solutions_json(spec, free, output_shape, found) -> dict:
    return {"name": spec.name, "file": spec.source,
            "free": [f.name for f in free],
            "output_shape": None if output_shape is None else list(output_shape),
            "solutions": [{"values": dict(s.values), "output_shape": list(s.output_shape)}
                          for s in found]}
