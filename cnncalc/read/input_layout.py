"""How the sizes written as the input are read, and when the reading must be said aloud.

The layout written (`layout:` in a file, `--layout` inline) decides, and then nothing is
said. Without one, sizes are read channels-last (Keras's order, the worked example's
`39x31x1`), except where they can only mean PyTorch's order. Two writings are easily meant
otherwise than they read, and then a diagnostic says what was read and how to write the
other reading, so that no table of plausible numbers for an unmeant network goes unremarked:

- The first size looks like a channel count (at most `CHANNELS`) and every other is larger:
  `1x28x28`, `3x224x224`, as PyTorch writes C×H×W. Under `framework: pytorch` (or
  `--framework pytorch` with `--input`) that is what the sizes mean, so they are read
  channels-first, with a note; under Keras they are read channels-last, with a warning.
- Two sizes whose channel count is above `CHANNELS` and at least half the length: `28x28`
  is a 1-D signal of 28 channels, where a student most likely meant a grey 28×28 image
  (`28x28x1`). A real 1-D input is long and has few channels (`1000x12`): it passes.
"""

from __future__ import annotations

from ..core.errors import Diagnostic
from ..core.messages import say
from ..core.records import Framework, Layout
from ..core.text import shape_text

CHANNELS = 4  # at most this many channels looks like an image's: grey, RGB, RGBA


def read(sizes: tuple[int, ...], layout: Layout | None, framework: Framework, inline: bool,
         position=None) -> tuple[str, Diagnostic | None]:
    """The layout `sizes` are read in (`layout` is the one written, None when none is)
    and the diagnostic that says how, when the reading must be said. `inline`: the fixes
    are written as command-line options rather than as keys of a file."""
    if layout is not None or len(sizes) < 2:
        return layout or Layout.CHANNELS_LAST, None
    option = "--layout " if inline else "layout: "
    line, column = position or (None, None)

    def said(text: str, severity: str, fixes: tuple[str, ...] = ()) -> Diagnostic:
        return Diagnostic(text, severity=severity, code="layout", key="input", line=line,
                          column=column, fixes=fixes)

    shown = shape_text(sizes)
    if sizes[0] <= CHANNELS and all(size > CHANNELS for size in sizes[1:]):
        first, last = _describe(sizes[1:], sizes[0]), _describe(sizes[:-1], sizes[-1])
        if framework == Framework.PYTORCH:
            return Layout.CHANNELS_FIRST, said(
                say("layout.first", shape=shown, first=first, option=option), "note")
        return Layout.CHANNELS_LAST, said(
            say("layout.last", shape=shown, last=last), "warning",
            (say("fix.layout-first", option=option, first=first),
             say("fix.layout-keep", option=option)))
    if len(sizes) == 2 and sizes[1] > CHANNELS and sizes[0] <= 2 * sizes[1]:
        length, channels = sizes
        image = (f"{length}x{channels}x1" if inline else f"input: [{length}, {channels}, 1]")
        return Layout.CHANNELS_LAST, said(
            say("layout.signal", shape=shown, signal=_describe((length,), channels)),
            "warning", (say("fix.layout-image", image=image, length=length, channels=channels),
                        say("fix.layout-keep", option=option)))
    return Layout.CHANNELS_LAST, None


def _describe(spatial: tuple[int, ...], channels: int) -> str:
    """`3 channels of 224×224`, `12 channels of length 1000`."""
    where = say("layout.length", length=spatial[0]) if len(spatial) == 1 else "×".join(
        map(str, spatial))
    return say("layout.channel" if channels == 1 else "layout.channels", count=channels,
               where=where)
