"""Start-up (issue 15): what a summary does not do before its first line. The `cnncalc`
command's entry point (cnncalc/__main__.py) turns the collector off before anything is
imported and ends the process without tearing the interpreter down (exit handlers run,
output flushed), while importing the CLI as a library leaves the collector and the exit
alone; click is never made to ask gettext for its words."""

import re
import subprocess
import sys

from conftest import GOLDEN, ROOT

WORKED = "specs/taewan_39x31x1.yaml"

# Records, while the entry point runs, whether the collector was on when click was first
# looked up, and prints that from an exit handler once the command is done.
SPY = """
import atexit, gc, sys
seen = []
atexit.register(lambda: print(seen, "handlers ran", file=sys.stderr))

class Spy:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "click":
            seen.append(gc.isenabled())

sys.meta_path.insert(0, Spy)
sys.argv = ["cnncalc", "summary", {spec!r}]
from cnncalc.__main__ import main
main()
"""


def fresh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def test_the_installed_command_is_the_entry_point():
    scripts = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^cnncalc = "cnncalc\.__main__:main"$', scripts, re.MULTILINE)


def test_the_entry_point_imports_without_the_collector_and_runs_the_exit_handlers():
    run = fresh("-c", SPY.format(spec=WORKED))
    assert run.returncode == 0
    assert run.stdout == (GOLDEN / "taewan.txt").read_text(encoding="utf-8")
    assert run.stderr.splitlines()[-1] == "[False] handlers ran"


def test_an_invalid_spec_still_exits_1_through_the_entry_point():
    run = fresh("-c", SPY.format(spec="no-such.yaml"))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == ["no-such.yaml: error: no such file",
                                       "[False] handlers ran"]


def test_a_long_output_is_written_whole_before_the_process_ends(tmp_path):
    """The last pieces of the output sit in the stream's buffer when the command is done:
    ending without the interpreter's teardown must still write them."""
    from click.testing import CliRunner

    from cnncalc.cli import cli

    layers = "".join(f"  - conv: {{filters: 8, kernel: 3, padding: same, name: c{n}}}\n"
                     for n in range(3000))
    spec = tmp_path / "chain.yaml"
    spec.write_text(f"input: [32, 32, 8]\nlayers:\n{layers}", encoding="utf-8")
    for args in ((), ("--format", "json")):
        ended = fresh("-m", "cnncalc", "summary", str(spec), *args)
        assert ended.returncode == 0
        assert len(ended.stdout) > 100_000
        assert ended.stdout == CliRunner().invoke(cli, ["summary", str(spec), *args]).stdout


def test_with_another_thread_alive_python_ends_the_process_itself():
    code = ("import sys, threading\n"
            "threading.Thread(target=lambda: (__import__('time').sleep(0.3), "
            "print('joined', file=sys.stderr))).start()\n"
            "sys.argv = ['cnncalc', 'summary', 'no-such.yaml']\n"
            "from cnncalc.__main__ import main\nmain()\n")
    run = fresh("-c", code)
    assert run.returncode == 1
    assert run.stderr.splitlines() == ["no-such.yaml: error: no such file", "joined"]


def test_python_dash_m_runs_the_command():
    run = fresh("-m", "cnncalc", "summary", WORKED)
    assert run.returncode == 0
    assert run.stdout == (GOLDEN / "taewan.txt").read_text(encoding="utf-8")


def test_importing_the_cli_as_a_library_leaves_the_collector_on():
    run = fresh("-c", "import gc, cnncalc.cli; print(gc.isenabled(), gc.get_freeze_count())")
    assert run.stdout == "True 0\n"


def summary_telling(expression: str, *args: str) -> subprocess.CompletedProcess:
    """A summary through the entry point that prints `expression` to stderr as it exits
    (from an exit handler: the entry point ends the process itself)."""
    return fresh("-c", "import atexit, sys\nfrom cnncalc.__main__ import main\n"
                 f"atexit.register(lambda: print({expression}, file=sys.stderr))\n"
                 f"sys.argv = ['cnncalc', 'summary', *{args!r}]\nmain()\n")


def test_a_summary_never_asks_gettext():
    """click asks gettext for its words, and gettext's first lookup imports `locale`
    (1.4 ms); a summary's help and version options have their words given."""
    run = summary_telling("'locale' in sys.modules", WORKED)
    assert run.returncode == 0
    assert run.stderr.splitlines()[-1] == "False"


def test_every_command_gives_its_help_option_its_words():
    from click import Context

    from cnncalc.cli import COMMANDS, cli
    from cnncalc.cli.language import HELP_OPTION, Command

    ctx = Context(cli, help_option_names=["-h", "--help"])
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, Command), name
        assert command.get_help_option(ctx).help == HELP_OPTION
    assert cli.get_help_option(ctx).help == HELP_OPTION


# Modules only an error, a hint or an option the worked example does not use needs.
NOT_FOR_A_VALID_SUMMARY = ("cnncalc.read.framework_names", "cnncalc.solve.fixes", "difflib",
                           "locale")


def loaded_by_summary(*args: str) -> list[str]:
    run = summary_telling(f"sorted(m for m in {NOT_FOR_A_VALID_SUMMARY!r} if m in sys.modules)",
                          *args)
    return eval(run.stderr.splitlines()[-1])


def test_a_valid_summary_imports_no_module_only_errors_need():
    assert loaded_by_summary(WORKED) == []


def test_a_misspelt_key_still_gets_its_framework_hint():
    """The framework names are imported when a name is unknown: `kernel_size` is PyTorch's."""
    spec = ("--input", "8x8x1", "conv:filters=2,kernel_size=3")
    run = fresh("-m", "cnncalc", "summary", *spec)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == ("<command line>: error: layer 1 (conv1): unknown conv parameter "
                          "'kernel_size'; cnncalc calls it 'kernel'\n")
    assert loaded_by_summary(*spec) == ["cnncalc.read.framework_names", "difflib"]
