"""A block parameter may name a layer of the caller (a skip connection): `$skip` in a
block's `inputs:` is read where the argument was written, with the caller's scope, and a
name that is not there is an error naming the parameter, the use and the block's layer."""

from cnncalc import analyze, loads
from cnncalc.core.errors import SpecError

import pytest

DECODER = """\
input: [16, 16, 8]
blocks:
  up:
    params: {skip: null}
    layers:
      - conv: {filters: 8, kernel: 3, padding: 1, name: up}
      - concat: {inputs: [up, $skip]}
  twice:                      # passes its own $skip on to an inner use
    params: {skip: null}
    layers:
      - up: {skip: $skip}
      - up: {skip: input}
layers:
  - conv: {filters: 8, kernel: 3, padding: 1, name: enc3}
  - up: {skip: SKIP, name: up3}
  - twice: {skip: enc3}
"""


def spec(skip: str = "enc3"):
    return loads(DECODER.replace("SKIP", skip), "dec.yaml")


def test_a_block_reads_the_layer_its_use_names():
    layers = {layer.name: layer for layer in spec().layers}
    assert layers["up3/concat1"].inputs == ("up3/up", "enc3")
    report = analyze(spec())
    assert report.valid
    assert report.rows[2].output_shape == (16, 16, 16)


def test_a_parameter_passed_on_is_read_where_it_was_first_written():
    layers = {layer.name: layer for layer in spec().layers}
    assert layers["twice1/up1/concat1"].inputs == ("twice1/up1/up", "enc3")
    # `input` given inside `twice` is what twice1 reads (up3's last layer)
    assert layers["twice1/up2/concat1"].inputs == ("twice1/up2/up", "up3/concat1")


def test_a_block_instance_named_by_the_caller_reads_its_last_layer():
    layers = {layer.name: layer for layer in spec("enc3").layers}
    assert layers["twice1/up2/concat1"].inputs[1] == "up3/concat1"


def test_a_name_the_caller_lacks_names_the_parameter_and_the_use():
    with pytest.raises(SpecError) as caught:
        spec("enc9")
    (error,) = caught.value.diagnostics
    assert error.one_line() == (
        "dec.yaml:15:10: error: layer 3 (up3/concat1): inputs: $skip is 'enc9', given where "
        "up3 is used, but no layer written above that use is named 'enc9'. Fix: give up3 a "
        "skip that names a layer written above it, or 'input'")


def test_a_layer_written_after_the_use_is_not_read():
    with pytest.raises(SpecError) as caught:
        loads(DECODER.replace("SKIP", "twice1"), "dec.yaml")
    assert "$skip is 'twice1'" in caught.value.diagnostics[0].message


def test_without_a_parameter_a_block_still_reads_only_its_own_layers():
    text = DECODER.replace("[up, $skip]", "[up, enc3]")
    report = analyze(loads(text.replace("SKIP", "enc3"), "dec.yaml"))
    assert "no layer is named 'enc3' in block instance up3" in report.errors[0].message
