"""The `cnncalc` command and `python -m cnncalc`: the command line, with the interpreter's
own start and end kept to what a short run needs.

A run is short and reference counting frees what it makes (`cli.main` turns the cyclic
collector off for the run itself). Here, the entry point (`[project.scripts]`) turns it off
before click, PyYAML and cnncalc's modules are imported, so that it makes no passes over
what the imports create either (a few young-generation passes: too little to measure, but
free). When the command is done, the process ends without tearing the interpreter down: the
exit handlers run and the standard streams are flushed, as at any exit, but the modules and
every object they hold are not freed one by one (and the full collections the interpreter's
exit runs, collector on or off, are not made): the system takes the memory back at once.
That was 4% of a summary of the worked example and 7% of one of a 10,000-layer chain.
Where that cannot be done safely (another thread is alive, or the exit status is a
message), Python's own exit runs, with every object frozen first, which leaves them out of
its collections. This module, not `cnncalc.cli`, is the entry point so that importing the
CLI as a library leaves the collector and the exit as they are.
"""

import atexit
import gc
import os
import sys


def main() -> None:
    gc.disable()
    from .cli import main as command_line  # only now: its imports run without the collector

    try:
        command_line()
        status = 0
    except SystemExit as done:  # click always ends this way
        status = done.code
    _leave(status)


def _leave(status) -> None:
    """Ends the process with `status` (an exit code, None for 0, or a message)."""
    threading = sys.modules.get("threading")
    alone = threading is None or threading.active_count() == 1
    if alone and (status is None or isinstance(status, int)):
        atexit._run_exitfuncs()  # what the interpreter's exit would run first
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a reader that went away, a closed stream
                pass
        os._exit(status or 0)
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    main()
