"""`read_source` reads a file from its descriptor in pieces: the whole file whatever its
stat says, and no more than one byte past the size limit."""

import os

import pytest

from cnncalc.core.errors import SpecError
from cnncalc.read import yamltree
from cnncalc.read.yamltree import read_source


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux's /proc")
def test_a_file_longer_than_its_size_is_read_whole():
    assert os.stat("/proc/self/status").st_size == 0
    text = read_source("/proc/self/status")
    assert text.startswith("Name:") and "\nPid:" in text


@pytest.mark.parametrize("piece", [1, 3, 1 << 20])
def test_the_limit_is_the_same_in_any_pieces(tmp_path, monkeypatch, piece):
    monkeypatch.setattr(yamltree, "MAX_BYTES", 10)
    monkeypatch.setattr(yamltree, "_PIECE", piece)
    at_limit, over = tmp_path / "a.yaml", tmp_path / "b.yaml"
    at_limit.write_text("x: 1234567")  # 10 bytes
    over.write_text("x: 12345678")
    assert read_source(str(at_limit)) == "x: 1234567"
    with pytest.raises(SpecError, match="larger than"):
        read_source(str(over))


def test_a_file_grown_past_its_stat_is_read_in_pieces(tmp_path, monkeypatch):
    """What `fstat` said is only where reading starts: the rest comes a piece at a time."""
    path = tmp_path / "a.yaml"
    path.write_text("input: [8, 8, 1]\nlayers: [relu]\n")
    real_fstat = os.fstat

    class Shrunk:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 3

    monkeypatch.setattr(yamltree.os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    monkeypatch.setattr(yamltree, "_PIECE", 2)
    assert read_source(str(path)) == "input: [8, 8, 1]\nlayers: [relu]\n"


def test_a_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfinput: [8, 8, 1]\nlayers: [relu]\n")
    assert read_source(str(path)) == "input: [8, 8, 1]\nlayers: [relu]\n"


def test_a_bad_byte_after_a_byte_order_mark_is_named_where_it_is(tmp_path):
    """The mark is not part of the text: the byte and its column are counted without it
    (they were 3 bytes off: `3:9`, byte 0x20)."""
    from click.testing import CliRunner

    from cnncalc.cli import cli

    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfinput: [8, 8, 1]\nlayers:\n  - relu # \xff\n")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output == f"✗ {path}:3:12: error: not UTF-8 text (byte 0xff)\n" \
                            "1 spec, 0 valid, 1 invalid\n"
