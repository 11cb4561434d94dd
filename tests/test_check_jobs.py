"""`check` on several cores: the work split among forked processes (run/jobs.py) must give,
byte for byte and exit code for exit code, what one process gives; and each format's
pieces must make the document the format defines."""

from __future__ import annotations

import json
import os
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import cli
from cnncalc.core.printable import json_text
from cnncalc.render.check import FORMATS, format_module
from cnncalc.run import jobs
from cnncalc.run.check import check

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from check import spec_text  # noqa: E402  (the benchmark's generated specs)

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forks")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A directory of 150 specs: valid ones, inexact ones (errors with fixes, and warnings
    under floor rounding), refused parameters, unreadable bytes, the seeds' specs."""
    directory = tmp_path_factory.mktemp("mixed")
    rng = random.Random(15)
    for number in range(130):
        text = spec_text(rng, number)
        if number % 7 == 3:
            text = text.replace("kernel: 3", "kernel: 11", 1)
        if number % 11 == 5:
            text = text.replace("\n", "\n\x00", 1)
        if number % 13 == 2:
            text += "  - dense: {units: 0}\n"
        if number % 17 == 1:
            text = ("name: odd\ninput: [9, 9, 1]\nrounding: floor\nlayers:\n"
                    "  - maxpool: {size: 2}\n  - conv: {filters: 2, kernel: 2}\n")
        (directory / f"g{number:03d}.yaml").write_text(text, encoding="utf-8")
    (directory / "bytes.yaml").write_bytes(b"\xff\xfe\x00 not text")
    for seed in sorted(Path("specs").glob("*.yaml")):
        (directory / f"seed-{seed.name}").write_text(seed.read_text(encoding="utf-8"),
                                                     encoding="utf-8")
    return directory


@needs_fork
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("extra", [(), ("--quiet",), ("--strict",)])
def test_several_processes_print_what_one_prints(mixed, fmt, extra):
    runs = {jobs_: CliRunner().invoke(cli, ["check", str(mixed), "--format", fmt, "-j",
                                            str(jobs_), *extra])
            for jobs_ in (1, 2, 3)}
    one = runs[1]
    assert one.exit_code == 1  # the mixed directory holds invalid specs
    assert len(one.stdout) > 1000
    for result in runs.values():
        assert (result.exit_code, result.stdout, result.stderr) == \
            (one.exit_code, one.stdout, one.stderr)


@needs_fork
def test_the_split_run_really_forks():
    """The items go to distinct processes, and come back in their order."""
    items = list(range(5 * jobs.MIN_SLICE))
    results = jobs.in_order(items, lambda part: [(item, os.getpid()) for item in part], 3)
    assert [item for item, _ in results] == items
    assert len({pid for _, pid in results}) == 3
    assert results[0][1] == os.getpid()  # the parent takes the first slice


@needs_fork
def test_a_worker_that_fails_costs_time_not_results():
    parent = os.getpid()

    def work(part):
        if os.getpid() != parent and part[0] == jobs.MIN_SLICE + 1:
            os.kill(os.getpid(), 9)  # the second slice's worker dies, killed
        if os.getpid() != parent:
            raise RuntimeError("a bug in a worker")  # the third's fails
        return [item * item for item in part]

    items = list(range(1, 3 * jobs.MIN_SLICE + 1))
    assert jobs.in_order(items, work, 3) == [item * item for item in items]


@pytest.mark.parametrize("count, jobs_, sizes", [
    (10, 4, [10]), (jobs.MIN_SLICE * 2 - 1, 2, [jobs.MIN_SLICE * 2 - 1]),
    (jobs.MIN_SLICE * 2, 2, [jobs.MIN_SLICE] * 2), (100, 3, [34, 33, 33]),
    (1000, 1, [1000]), (1000, 4, [250] * 4)])
def test_slices_are_contiguous_nearly_equal_and_worth_a_fork(count, jobs_, sizes):
    slices = jobs._sliced(list(range(count)), jobs_)
    assert [len(part) for part in slices] == sizes
    assert [item for part in slices for item in part] == list(range(count))


def test_jobs_must_be_a_positive_count(mixed):
    result = CliRunner().invoke(cli, ["check", str(mixed), "-j", "0"])
    assert result.exit_code == 2
    assert "-j" in result.stderr


def test_json_pieces_make_the_list_json_text_makes(mixed):
    reports = check([str(mixed)])
    json_format = format_module("json")
    pieces = [json_format.piece(report) for report in reports]
    valid = sum(report.valid for report in reports)
    whole = json_format.document(pieces, valid)
    assert whole == json_text([report.to_json() for report in reports])
    assert len(json.loads(whole)) == len(reports)
    assert json_format.document([], 0) == json_text([])


def _junit_reference(reports) -> str:
    """JUnit XML built whole by ElementTree, as the format was first written."""
    suite_name = "cnncalc check"
    counts = {"tests": str(len(reports)), "failures": str(sum(not r.valid for r in reports)),
              "errors": "0"}
    root = ET.Element("testsuites", name=suite_name, **counts)
    suite = ET.SubElement(root, "testsuite", name=suite_name, skipped="0", **counts)
    for report in reports:
        case = ET.SubElement(suite, "testcase", classname="cnncalc.check",
                             name=report.source or report.title)
        if report.source:
            case.set("file", report.source)
        if report.errors:
            failure = ET.SubElement(case, "failure", type=report.errors[0].code,
                                    message=report.errors[0].one_line())
            failure.text = "\n".join(d.one_line() for d in report.errors)
        if report.warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                d.one_line() for d in report.warnings)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize("count", [1, 2, 40, None])
def test_junit_pieces_make_the_document_elementtree_makes(mixed, count):
    reports = check([str(mixed)])[:count]
    assert any(report.warnings for report in reports) or count in (1, 2)
    junit = format_module("junit")
    whole = junit.document([junit.piece(r) for r in reports], sum(r.valid for r in reports))
    assert whole == _junit_reference(reports)


def _pids(part):
    return [os.getpid()] * len(part)


@needs_fork
def test_without_a_process_or_a_temporary_file_this_process_does_the_slice(monkeypatch):
    items = list(range(3 * jobs.MIN_SLICE))

    def refused(*args):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert set(jobs.in_order(items, _pids, 3)) == {os.getpid()}
    monkeypatch.undo()
    monkeypatch.setattr("tempfile.TemporaryFile", refused)
    assert set(jobs.in_order(items, _pids, 3)) == {os.getpid()}


@needs_fork
def test_a_process_with_other_threads_is_not_forked():
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert set(jobs.in_order(list(range(3 * jobs.MIN_SLICE)), _pids, 3)) == {os.getpid()}
    finally:
        release.set()
        other.join()
    assert len(set(jobs.in_order(list(range(3 * jobs.MIN_SLICE)), _pids, 3))) == 3


@needs_fork
def test_an_error_in_this_process_stops_every_worker(tmp_path):
    import time

    parent = os.getpid()

    def work(part):
        if os.getpid() != parent:
            (tmp_path / str(os.getpid())).write_text("started")
            time.sleep(60)  # a worker that would run long after the run was interrupted
            return part
        deadline = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        jobs.in_order(list(range(3 * jobs.MIN_SLICE)), work, 3)
    workers = [int(path.name) for path in tmp_path.iterdir()]
    assert len(workers) == 2
    for pid in workers:  # killed and reaped: no such process any more
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_no_more_workers_than_cores(mixed, monkeypatch):
    asked = []

    def spy(items, work, count):
        asked.append(count)
        return work(items)

    monkeypatch.setattr(jobs, "usable_cores", lambda: 2)
    monkeypatch.setattr(jobs, "in_order", spy)
    for option, expected in (([], 2), (["-j", "1000"], 2), (["-j", "2"], 2)):
        asked.clear()
        assert CliRunner().invoke(cli, ["check", str(mixed), *option]).exit_code == 1
        assert asked == [expected]
    asked.clear()
    assert CliRunner().invoke(cli, ["check", str(mixed), "-j", "1"]).exit_code == 1
    assert asked == []  # one process: nothing to split


def test_a_run_that_reads_standard_input_stays_in_one_process(mixed, monkeypatch):
    """A slice holding `-`, done again after its worker failed, would find stdin read."""
    split = []
    monkeypatch.setattr(jobs, "in_order", lambda items, work, count: split.append(count))
    spec = (mixed / "g000.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(mixed), "-", "-j", "2"], input=spec)
    assert split == []
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("✓ -  generated-0000  output")
    assert lines[-1].startswith(f"{len(list(mixed.iterdir())) + 1} specs")
