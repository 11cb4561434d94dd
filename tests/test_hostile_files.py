"""Hostile filesystems: whatever the paths lead to, a run ends, reads only regular files,
reports every file and directory it could not read, and checks each spec once.

Each command runs in a subprocess or a forked child with a timeout, so that a regression
to a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from cnncalc.run import check as discovery
from cnncalc.cli import cli

GOOD = "name: tiny\ninput: [8, 8, 1]\nlayers:\n  - flatten\n"
BROKEN = "input: [8, 8, 1]\nlayers: []\n"
GOOD_LINE = "✓ {}  tiny  output (64,)  0 params"
FIFO = "is a FIFO (named pipe), not a regular file; only files and - (stdin) are read"
DENIED = "cannot read this directory: Permission denied"
NOBODY = 65534


def cnncalc(*args: str, stdin: str | None = None, timeout: float = 20):
    """The real command in a subprocess: a hang becomes TimeoutExpired, not a stuck suite."""
    return subprocess.run([sys.executable, "-m", "cnncalc", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def write(path: str, text: str = GOOD):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return write


@pytest.mark.parametrize("command", ["check", "summary", "verify"])
def test_a_fifo_named_directly_is_an_error_not_a_hang(tree, command):
    tree("ok.yaml")
    os.mkfifo("x.yaml")
    result = cnncalc(command, "x.yaml", "ok.yaml")
    assert result.returncode == 1
    assert f"x.yaml: error: {FIFO}" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("paths", [["."], ["sub"], ["**/*.yml"], ["sub/*.yml"], ["*/f.yml"]])
def test_a_fifo_found_by_a_walk_or_a_glob_is_an_error_not_a_hang(tree, paths):
    tree("sub/ok.yml")
    os.mkfifo("sub/f.yml")
    result = cnncalc("check", *paths)
    assert result.returncode == 1
    assert f"✗ sub/f.yml: error: {FIFO}" in result.stdout.splitlines()


def test_devices_are_not_read(tree):
    result = cnncalc("summary", "/dev/zero", "/dev/null")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "/dev/zero: error: is a character device, not a regular file; only files and - "
        "(stdin) are read",
        "/dev/null: error: is a character device, not a regular file; only files and - "
        "(stdin) are read"]


@pytest.mark.parametrize("command, argument", [
    ("summary", "[SPECS]"), ("check", "PATHS"), ("verify", "SPECS")])
def test_stdin_is_read_at_most_once(command, argument):
    result = CliRunner().invoke(cli, [command, "-", "-"], input=GOOD)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{argument}...': - (standard input) can be given only once")


def as_nobody(args: list[str], timeout: float = 20) -> tuple[int, list[str]]:
    """`cnncalc check ARGS` as an unprivileged user: root reads every directory whatever
    its mode, so as root the command runs in a forked child that first drops to `nobody`.
    (A fresh interpreter cannot be started as nobody here: Python lives under /root.) The
    command runs once as root first, so that every module it imports is already loaded."""
    CliRunner().invoke(cli, ["check", *args])
    if os.geteuid() != 0:
        result = CliRunner().invoke(cli, ["check", *args])
        return result.exit_code, result.stdout.splitlines()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(cli, ["check", *args])
            os.write(write, json.dumps([result.exit_code, result.stdout]).encode())
        finally:
            os._exit(0)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], timeout)
        if not ready:
            os.kill(child, signal.SIGKILL)
            pytest.fail(f"check {args} did not end within {timeout} s")
        with os.fdopen(read, "rb") as pipe:
            code, stdout = json.loads(pipe.read() or b"[null, \"\"]")
    finally:
        os.waitpid(child, 0)
    assert code is not None, "the unprivileged child failed before reporting"
    return code, stdout.splitlines()


@pytest.fixture
def lock(tree, tmp_path):
    """`lock(spec, path)`: a readable ok.yaml and a broken `spec`, then `path` (the spec or
    its directory) made unreadable to anyone but root."""
    def lock(spec: str, path: str):
        tree("ok.yaml")
        tree(spec, BROKEN)
        os.chmod(tmp_path, 0o755)
        os.chmod("ok.yaml", 0o644)
        os.chmod(path, 0o000)
    return lock


@pytest.mark.parametrize("paths, lines", [
    (["."], [GOOD_LINE.format("ok.yaml"), f"✗ lock: error: {DENIED}",
             "2 specs, 1 valid, 1 invalid"]),
    (["**/*.yaml"], [GOOD_LINE.format("ok.yaml"), f"✗ lock: error: {DENIED}",
                     "2 specs, 1 valid, 1 invalid"]),
    (["lock"], [f"✗ lock: error: {DENIED}", "1 spec, 0 valid, 1 invalid"]),
    (["lock/*.yaml"], [f"✗ lock: error: {DENIED}", "1 spec, 0 valid, 1 invalid"]),
    (["*/bad.yaml"], [f"✗ lock: error: {DENIED}", "1 spec, 0 valid, 1 invalid"]),
    (["lock/bad.yaml"], ["✗ lock/bad.yaml: error: cannot read: Permission denied",
                         "1 spec, 0 valid, 1 invalid"]),
])
def test_an_unreadable_directory_is_reported_and_fails_the_run(lock, paths, lines):
    lock("lock/bad.yaml", "lock")
    assert as_nobody(paths) == (1, lines)


def test_an_unreadable_file_in_a_walk_is_reported(lock):
    lock("sub/secret.yaml", "sub/secret.yaml")
    assert as_nobody(["."]) == (1, [GOOD_LINE.format("ok.yaml"),
                                    "✗ sub/secret.yaml: error: cannot read: Permission denied",
                                    "2 specs, 1 valid, 1 invalid"])


@pytest.mark.parametrize("links", [1, 2, 3])
def test_links_to_a_parent_make_no_endless_walk_and_no_repeats(tree, links):
    tree("ok.yaml")
    tree("d/in.yaml")
    for name in "abc"[:links]:
        os.symlink("..", f"d/{name}")
    started = time.perf_counter()
    result = cnncalc("check", "d/**/*.yaml", "**/*.yaml", ".", "d")
    assert time.perf_counter() - started < 15
    assert result.stdout.splitlines() == [GOOD_LINE.format("d/in.yaml"),
                                          GOOD_LINE.format("ok.yaml"),
                                          "2 specs, 2 valid, 0 invalid"]


def test_each_file_is_checked_once_however_it_is_spelled(tree):
    tree("ok.yaml")
    os.symlink("ok.yaml", "same.yaml")
    os.link("ok.yaml", "hard.yaml")
    os.mkdir("d")
    os.symlink("..", "d/up")
    result = CliRunner().invoke(cli, ["check", "ok.yaml", "./ok.yaml", "d/up/ok.yaml",
                                      "same.yaml", "hard.yaml", "*.yaml"])
    assert result.stdout.splitlines() == [GOOD_LINE.format("ok.yaml"),
                                          "1 spec, 1 valid, 0 invalid"]


def test_a_named_link_to_a_directory_is_searched(tree):
    tree("real/ok.yaml")
    os.symlink("real", "alias")
    result = CliRunner().invoke(cli, ["check", "alias"])
    assert result.stdout.splitlines()[0] == GOOD_LINE.format("alias/ok.yaml")


def test_a_search_of_a_huge_tree_stops_with_a_clear_error(tree, monkeypatch):
    for i in range(6):
        tree(f"d{i}/x.yaml")
    monkeypatch.setattr(discovery, "MAX_ENTRIES", 5)
    for pattern in (".", "**/x*.yaml"):
        result = CliRunner().invoke(cli, ["check", pattern])
        assert (result.exit_code, result.stdout.splitlines()) == (1, [
            f"✗ {pattern}: error: stopped after looking at 5 directory entries; name a "
            f"smaller directory or a narrower pattern", "1 spec, 0 valid, 1 invalid"])


def test_ctrl_c_ends_a_run_with_status_130_and_one_line():
    process = subprocess.Popen([sys.executable, "-m", "cnncalc", "check", "-"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2)  # started, and waiting for stdin
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert (process.returncode, stdout, stderr) == (130, "", "cnncalc: interrupted\n")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux's /proc")
def test_a_file_longer_than_its_size_says_is_read_whole():
    """A spec file is read as long as it is, not as long as it says: /proc's files say 0."""
    from cnncalc.read.yamltree import read_source

    text = read_source("/proc/self/status")
    assert os.stat("/proc/self/status").st_size == 0 and text.startswith("Name:")
    assert text.count("\n") == open("/proc/self/status").read().count("\n")
