"""Work on a list split among processes, the results in the list's order: `check` of many
files on every core the machine gives this process.

A worker is a fork of this process (where the system has `fork`): it starts with what is
imported and read so far, works through its slice and writes its results to a temporary
file, which the parent reads once the worker has exited (a pipe could fill up and stall
the worker until the parent reads it). The parent works through the first slice itself
meanwhile. The results cross as `marshal` data, so they must be plain values: strings,
numbers, booleans, tuples, lists. A worker that does not finish cleanly (killed, out of
memory, a bug) is not trusted: the parent works through its slice again, so a failure costs
time, never a result.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Callable

MIN_SLICE = 32  # items a worker must get to be worth a fork (a spec takes about 0.3 ms)


def usable_cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s share)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def in_order(items: list, work: Callable[[list], list], jobs: int) -> list:
    """`work(items)`, computed in up to `jobs` processes that each take a contiguous slice;
    `work` returns one result per item."""
    slices = _sliced(items, jobs if _may_fork() else 1)
    if len(slices) == 1:
        return work(items)
    workers = []
    try:
        for part in slices[1:]:
            workers.append(_started(work, part))
        done = work(slices[0])
        while workers:
            pid, results, part = workers[0]
            kept = _collected(pid, results) if pid else None
            del workers[0]
            done += work(part) if kept is None else kept
        return done
    finally:  # an interrupt or an error here: no worker goes on computing
        for pid, results, _ in workers:
            if pid:
                _stop(pid)
                results.close()


def _may_fork() -> bool:
    """Whether a fork is safe: the system has it, and no other thread runs here (a lock
    another thread held when the fork happened would stay held in the worker for ever)."""
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _started(work: Callable[[list], list], part: list) -> tuple:
    """`(pid, results file, part)` of a worker started on the slice, or `(None, None,
    part)` when the system gives no temporary file or no process: this process does it."""
    import tempfile  # here: a run in one process does not need it

    try:
        results = tempfile.TemporaryFile()
    except OSError:
        return None, None, part
    try:
        pid = os.fork()
    except OSError:
        results.close()
        return None, None, part
    if pid == 0:
        _work_and_exit(work, part, results)
    return pid, results, part


def _sliced(items: list, jobs: int) -> list[list]:
    """At most `jobs` contiguous slices of nearly equal length, none shorter than
    MIN_SLICE (one slice when there are too few items to share)."""
    count = max(1, min(jobs, len(items) // MIN_SLICE))
    size, extra = divmod(len(items), count)
    bounds = [0]
    for number in range(count):
        bounds.append(bounds[-1] + size + (number < extra))
    return [items[start:end] for start, end in zip(bounds, bounds[1:])]


def _work_and_exit(work: Callable[[list], list], part: list, results) -> None:
    """The worker's whole life: it never returns into the caller's code, and leaves with
    `os._exit`, so nothing of the parent's (buffered output, exit handlers) runs twice."""
    status = 1
    try:
        results.write(marshal.dumps(work(part)))
        results.flush()
        status = 0
    finally:
        os._exit(status)


def _collected(pid: int, results) -> list | None:
    """A worker's results, or None when it did not exit cleanly."""
    with results:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        results.seek(0)
        try:
            return marshal.load(results)
        except (EOFError, ValueError, TypeError):
            return None


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
