"""Invariants of the arithmetic, over many generated layers (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc import analyze, inline

sizes = st.integers(1, 64)
small = st.integers(1, 6)


@given(x=sizes, y=sizes, kernel=small, stride=small, dilation=st.integers(1, 3))
def test_same_padding_gives_ceil_of_size_over_stride(x, y, kernel, stride, dilation):
    token = f"conv:filters=2,kernel={kernel},stride={stride},dilation={dilation},padding=same"
    report = analyze(inline(f"{x}x{y}x3", [token]))
    assert report.valid
    assert report.rows[0].output_shape == (-(-x // stride), -(-y // stride), 2)


layer = st.one_of(
    st.builds("conv:filters={},kernel={},stride={},padding={}".format,
              small, small, st.integers(1, 3), st.integers(0, 2)),
    st.builds("{}:size={},stride={}".format, st.sampled_from(["maxpool", "avgpool", "minpool"]),
              st.integers(1, 3), st.integers(1, 3)),
    st.just("relu"),
)


@settings(max_examples=300)
@given(x=sizes, y=sizes, channels=small, layers=st.lists(layer, min_size=1, max_size=5))
def test_a_spec_valid_in_strict_mode_is_the_same_in_floor_and_ceil(x, y, channels, layers):
    spec = inline(f"{x}x{y}x{channels}", layers)
    strict = analyze(spec, rounding="strict")
    if strict.valid:
        for mode in ("floor", "ceil"):
            other = analyze(spec, rounding=mode)
            assert other.rows == strict.rows
            assert other.totals == strict.totals
            assert other.warnings == strict.warnings  # no rounding warning added


@given(size=st.integers(1, 8), multiple_x=st.integers(1, 16), multiple_y=st.integers(1, 16))
def test_pooling_with_stride_equal_to_size_divides(size, multiple_x, multiple_y):
    x, y = size * multiple_x, size * multiple_y
    report = analyze(inline(f"{x}x{y}x5", [f"maxpool:size={size}"]))
    assert report.valid
    assert report.rows[0].output_shape == (x // size, y // size, 5)


@given(x=sizes, size=st.integers(2, 8))
def test_pooling_a_size_it_does_not_divide_is_an_error_in_strict_mode(x, size):
    report = analyze(inline(f"{x}x1", [f"maxpool:size={size}"]))
    assert report.valid == (x % size == 0 and x >= size)
