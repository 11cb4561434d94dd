"""A progress bar over the layers of a verify run, on stderr, for runs long enough to
notice: it appears only once a run has taken `delay` seconds and vanishes when done."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def layer_progress(title: str, total: int, enabled: bool,
                   delay: float = 0.5) -> Iterator[Callable | None]:
    """Yields the callback to call after each layer (None when disabled)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn)

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    from ..core.printable import printable

    def shown(text: str) -> str:  # the user's text: neither control characters nor markup
        return escape(printable(text))

    task = progress.add_task(shown(title), total=total)
    started = time.monotonic()

    def advance(layer) -> None:
        progress.update(task, advance=1, description=shown(f"{title}: {layer.name}"))
        if not progress.live.is_started and time.monotonic() - started > delay:
            progress.start()

    try:
        yield advance
    finally:
        progress.stop()
