"""Readable totals under the table's footer (`11.69 M`, `1.81 G`) beside the exact sums,
and the `share` column: each layer's parameters as a percentage of the total."""

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnncalc.core.text import metric_text, percent_text


@pytest.mark.parametrize("n, text", [
    (11_689_512, "11.69 M"), (1_814_073_344, "1.81 G"), (138_357_544, "138.36 M"),
    (15_470_264_320, "15.47 G"), (1_000_000, "1.00 M"), (999_994, "1.00 M"),
    (994_999, ""), (64_620, ""), (0, ""), (999_995_000, "1.00 G"),
    (12_345_678_901_234_567, "12,345.68 T"), (-2_500_000, "-2.50 M"),
])
def test_metric_text(n, text):
    assert metric_text(n) == text


@pytest.mark.parametrize("part, whole, text", [
    (340, 64_620, "0.5%"), (16_100, 64_620, "24.9%"), (0, 64_620, "0%"), (1, 10**6, "<0.1%"),
    (None, 10, "?"), (5, 0, "—"), (10, 10, "100.0%"), (1, 8, "12.5%"),
])
def test_percent_text(part, whole, text):
    assert percent_text(part, whole) == text


def test_resnet18_footer_says_11_69_m_params_and_1_81_g_macs(invoke):
    lines = invoke("summary", "specs/zoo/resnet18.yaml", "--columns", "params,macs").stdout \
        .splitlines()
    assert lines[-2].split() == ["total", "11,689,512", "1,814,073,344"]
    assert lines[-1].split() == ["11.69", "M", "1.81", "G"]
    # each readable figure ends where its column ends, under the exact figure
    assert lines[-1].index("11.69 M") + len("11.69 M") == lines[-2].index("11,689,512") + 10
    assert lines[-1].endswith("1.81 G") and len(lines[-1]) == len(lines[-2])


def test_a_small_network_has_no_readable_line(invoke):
    lines = invoke("summary", "specs/taewan_39x31x1.yaml").stdout.splitlines()
    assert lines[-1].split()[:1] == ["total"]


def test_json_keeps_the_exact_numbers(invoke):
    document = json.loads(invoke("summary", "specs/zoo/resnet18.yaml", "--format",
                                 "json").stdout)
    assert document["totals"]["params"] == 11_689_512
    assert document["totals"]["macs"] == 1_814_073_344


def test_share_column_in_the_table(invoke):
    result = invoke("summary", "specs/taewan_39x31x1.yaml", "--columns", "params,share")
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["#", "layer", "kind", "params", "%", "params"]
    assert lines[4].split() == ["1", "conv1", "conv", "340", "0.5%"]
    assert lines[12].split() == ["9", "dense1", "dense", "16,100", "24.9%"]
    assert lines[-1].split() == ["total", "64,620", "100%"]
    assert invoke("summary", "specs/taewan_39x31x1.yaml", "--columns",
                  "params,percent").stdout == result.stdout


def test_share_of_a_block_is_its_subtotal_share(invoke):
    lines = invoke("summary", "specs/resnet_block_demo.yaml", "--depth", "1", "--columns",
                   "params,share").stdout.splitlines()
    stage3 = next(line for line in lines if " stage3 " in line)
    assert stage3.split()[-2:] == ["131,392", "75.2%"]  # 131,392 / 174,698


def test_share_in_csv_and_markdown(invoke):
    rows = list(csv.reader(io.StringIO(invoke(
        "summary", "specs/taewan_39x31x1.yaml", "--format", "csv", "--columns",
        "params,share").stdout)))
    assert rows[0][4:6] == ["params", "params_share"]
    assert rows[1][4:6] == ["340", str(round(340 / 64_620, 6))]
    assert abs(sum(float(row[5]) for row in rows[1:]) - 1) < 1e-5
    markdown = invoke("summary", "specs/taewan_39x31x1.yaml", "--format", "markdown",
                      "--columns", "share").stdout
    assert "| 1 | conv1 | conv | 0.5% |" in markdown
    assert "| **total** |  | **100%** |" in markdown


@given(st.integers(-10**30, 10**30), st.integers(-10**15, 10**15).filter(bool))
def test_rounding_in_ints_is_rounding_the_fraction(numerator, denominator):
    """The readable numbers are rounded in ints, without importing fractions at start-up:
    the same as round() of the exact Fraction, a half to the even neighbour."""
    from fractions import Fraction

    from cnncalc.core.text import _rounded

    assert _rounded(numerator, denominator) == round(Fraction(numerator, denominator))


@given(st.integers(-10**6, 10**6), st.integers(1, 10**4))
def test_exact_value_without_a_fraction(numerator, stride):
    """A window's value before rounding, `(numerator)/stride + 1`, as the exact Fraction
    writes it: whole as an int, else two decimals with trailing zeros dropped."""
    from fractions import Fraction

    from cnncalc.layers.windows import Window

    value = Fraction(numerator, stride) + 1
    expected = (str(value.numerator) if value.denominator == 1
                else f"{float(value):.2f}".rstrip("0"))
    window = Window("height", numerator + 1, 1, stride)  # kernel 1: numerator = size − 1
    assert window.numerator == numerator and window.exact_value() == expected
