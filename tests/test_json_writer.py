"""cnncalc's JSON writer writes what json.dumps(indent=2, ensure_ascii=False) writes, byte
for byte, whole or in pieces, and a report's layers one at a time."""

import json
import tracemalloc
from enum import StrEnum

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.cli import cli
from cnncalc.core.json_writer import chunks, text
from cnncalc.core.printable import json_text

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
           | st.sampled_from(["channels_last", "strict"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.tuples(inner, inner)
                      | st.dictionaries(st.text() | st.integers() | st.booleans(), inner),
                      max_leaves=40)


class Layout(StrEnum):
    LAST = "channels_last"


@given(VALUES)
def test_the_text_of_any_value_is_json_dumps(value):
    assert text(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(st.dictionaries(st.text(), VALUES, max_size=4), st.lists(VALUES, max_size=5),
       st.booleans())
def test_an_iterator_is_written_as_the_list_it_makes(head, items, nested):
    document = {**head, "layers": iter(items), "layout": Layout.LAST}
    whole = {**head, "layers": items, "layout": Layout.LAST}
    if nested:
        document, whole = [document, 1], [whole, 1]
    assert "".join(chunks(document)) == json.dumps(whole, indent=2, ensure_ascii=False)


def test_control_characters_are_escaped_as_before():
    assert json_text({"name": "a\x9bb\u202e\x7f"}) == '{\n  "name": "a\\u009bb\\u202e\\u007f"\n}'


def _chain(layers: int) -> str:
    body = "".join("  - conv: {filters: 8, kernel: 3, padding: same}\n  - relu\n"
                   for _ in range(layers // 2))
    return f"name: chain\ninput: [32, 32, 8]\nlayers:\n{body}"


def test_a_long_report_is_written_a_layer_at_a_time(tmp_path):
    """The JSON of 2,000 layers holds no more memory at once than that of 200 and a
    little: each layer's dict and text are made as it is written (the report itself, of
    course, grows with the layers; both runs read and walk before measuring)."""
    from cnncalc.core.printable import json_chunks
    from cnncalc.read.spec import load
    from cnncalc.engine.walk import analyze

    peaks = []
    for layers in (200, 2000):
        path = tmp_path / f"chain{layers}.yaml"
        path.write_text(_chain(layers))
        report = analyze(load(str(path)))
        tracemalloc.start()
        written = sum(len(chunk) for chunk in json_chunks(report.to_json(lazy=True)))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        peaks.append((written, peak))
    (small_text, small_peak), (large_text, large_peak) = peaks
    assert large_text > 9 * small_text
    assert large_peak < 2 * small_peak, peaks


def test_summary_json_is_the_document_json_dumps_writes(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(_chain(6))
    second = tmp_path / "other.yaml"
    second.write_text(_chain(2).replace("name: chain", "name: other"))
    runner = CliRunner()
    for paths in ([str(path)], [str(path), str(second)]):
        result = runner.invoke(cli, ["summary", "--format", "json", *paths])
        assert result.exit_code == 0
        document = json.loads(result.output)
        assert result.output == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
