"""The sliding window drawn in the terminal, as the tutorials draw it, for one layer.

Per spatial axis: the input positions with the padding cells around them, the positions
each output's window reads, and the positions no window reads (what a floor drops, what a
stride or a dilation skips), under the arithmetic of that axis. Axes with the same window
are drawn once. The picture is drawn from the `AxisResult`s of `layers/windows.py`: the
windows start every `stride` cells of the padded axis and read every `dilation`-th of
`kernel` cells; no formula is re-derived here.

A wide axis is drawn compactly: the first windows, `…`, the last ones, so that no line is
longer than `width`.
"""

from __future__ import annotations

import textwrap

from ..core.messages import axis_name, say
from ..core.text import listed
from ..layers.windows import AxisResult
from .table import cell_width, pad

# Every word the picture prints, keyed by a code (one place, for a later catalog).
PAD, HOLE, GAP = "·", "-", "…"


class _Axis:
    """One axis's cells in padded coordinates: 0 is the first left padding cell."""

    def __init__(self, result: AxisResult):
        w = result.window
        self.result, self.window = result, w
        self.starts = [o * w.stride for o in range(result.out)]
        padded = w.size + w.pad_before + w.pad_after
        self.total = max(padded, self.starts[-1] + w.span)  # ceil: past the end
        self.past = self.total > padded
        self.reads = [{s + i * w.dilation for i in range(w.kernel)} for s in self.starts]
        every = set().union(*self.reads)
        self.unread = [p for p in range(self.total) if p not in every]

    def label(self, p: int) -> str:
        index = p - self.window.pad_before
        return str(index) if 0 <= index < self.window.size else PAD

    def window_cell(self, o: int, p: int) -> str:
        if p in self.reads[o]:
            return self.label(p)
        start = self.starts[o]
        return HOLE if start <= p < start + self.window.span else ""


def _arithmetic(result: AxisResult, axes: str, rounding: str) -> str:
    w = result.window
    if w.same:
        return say("window.same", axes=axes, size=w.size, stride=w.stride, out=result.out,
                   before=w.pad_before, after=w.pad_after)
    values = {"axes": axes, "formula": w.formula(full=True), "value": w.exact_value(),
              "out": result.out, "rounding": rounding}
    return say("window.exact" if result.remainder == 0 else "window.rounded", **values)


def _columns(axis: _Axis, shown: int, cell: int, label: int, width: int):
    """The visible padded positions, as (first part, last part), and the windows drawn:
    every one if the axis fits, else as many first and last ones as fit (`shown` at most),
    else parts of the first and the last window."""
    out = len(axis.starts)
    for n in range(min(shown, out), 0, -1):
        first = range(0, axis.starts[n - 1] + axis.window.span) if n < out else range(axis.total)
        last = range(axis.starts[out - n], axis.total) if n < out else range(0)
        if n < out and first.stop >= last.start:
            first, last = range(axis.total), range(0)
        cells = len(first) + len(last) + (1 if len(last) else 0)
        if label + cells * cell <= width:
            windows = list(range(out)) if not len(last) else [*range(n), *range(out - n, out)]
            return first, last, windows
    keep = max((width - label) // cell - 1, 2) // 2
    return range(0, keep), range(axis.total - keep, axis.total), sorted({0, out - 1})


def _wrapped(text: str, width: int) -> list[str]:
    """A sentence of the picture in lines of at most `width` terminal cells (a Korean
    character takes two), continued indented; a word longer than a line is cut."""
    if cell_width(text) == len(text):  # no wide characters: a cell per character
        return textwrap.wrap(text, width, subsequent_indent="    ", break_on_hyphens=False)
    lines, line = [], ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if line and cell_width(joined) > width:
            lines.append(line)
            joined = "    " + word
        line = joined
    return lines + [line] if line else lines


def _axis_lines(axis: _Axis, axes: str, rounding: str, width: int, shown: int) -> list[str]:
    cell = max(len(str(axis.window.size - 1)), 1) + 1
    names = [say("window.input"), say("window.unread"),
             say("window.output", index=len(axis.starts) - 1)]
    label = 2 + max(map(cell_width, names)) + 1
    first, last, windows = _columns(axis, shown, cell, label, width)

    def line(name: str, text_of, gap: str = "") -> str:
        cells = [text_of(p) for p in first]
        if len(last):
            cells += [gap] + [text_of(p) for p in last]
        return pad("  " + name, label) + "".join(c.rjust(cell) for c in cells).rstrip()

    lines = [*_wrapped(_arithmetic(axis.result, axes, rounding), width),
             line(say("window.input"), axis.label, GAP)]
    for place, o in enumerate(windows):
        if place and o != windows[place - 1] + 1:
            lines.append("  " + say("window.more", count=o - windows[place - 1] - 1))
        lines.append(line(say("window.output", index=o), lambda p, o=o: axis.window_cell(o, p)))
    if axis.unread:
        unread = set(axis.unread)
        lines.append(line(say("window.unread"), lambda p: axis.label(p) if p in unread else ""))
    return lines


def draw_windows(name: str, kind: str, results: tuple[AxisResult, ...], rounding: str,
                 width: int = 80, shown: int = 4) -> str:
    """The picture of one layer, no line longer than `width` (at least 40)."""
    groups: dict = {}
    for result in results:  # axes with equal windows are drawn once
        key = (result.window.size, result.window.kernel, result.window.stride,
               result.window.pad_before, result.window.pad_after, result.window.dilation,
               result.out)
        groups.setdefault(key, []).append(result)
    lines = _wrapped(say("window.title", name=name, kind=kind), width)
    legend = []
    for group in groups.values():
        axis = _Axis(group[0])
        lines += [""] + _axis_lines(axis, listed(axis_name(r.window.axis) for r in group),
                                    rounding, width, shown)
        legend += [say("window.legend-padding")] * bool(axis.window.pad_before or
                                                   axis.window.pad_after)
        legend += [say("window.legend-dilation")] * (axis.window.dilation > 1)
        legend += [say("window.legend-past")] * axis.past
    if legend:
        lines += ["", *_wrapped("   ".join(dict.fromkeys(legend)), width)]
    return "\n".join(lines)
