"""Specs whose numbers compound (long chains of strides, upsampling, doubling concats)
stay exact or meet a clear bound: never a float overflow or a too-long integer, in any
format or column."""

import json

import pytest

from cnncalc.engine.walk import MAX_ELEMENTS, MAX_FIELD

EVERY_COLUMN = "input,output,nobias,params,trainable,non_trainable,macs,flops,activations," \
               "memory,param_memory,rf,jump,start"
FORMATS = [("--format", "table", "--columns", EVERY_COLUMN), ("--format", "table", "--explain"),
           ("--format", "json", "--explain"), ("--format", "markdown", "--columns", EVERY_COLUMN),
           ("--format", "csv", "--columns", EVERY_COLUMN)]

# a 2×2 input stays 2×2 ((2 + 2·1 − 2)/2 + 1) while the jump doubles at every pooling
POOLS = "  - maxpool: {size: 2, stride: 2, padding: 1}\n" * 1200
# after them, a layer whose receptive field has fractions: jump 2^1200 / 3
FRACTIONAL = ["upsample: {scale: 3}", "upsample: {scale: 3, mode: bilinear}",
              "conv_transpose: {filters: 1, kernel: 2, stride: 3}",
              "adaptive_avgpool: {output: 3}"]


def write(tmp_path, text):
    path = tmp_path / "huge.yaml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("last", FRACTIONAL)
@pytest.mark.parametrize("options", FORMATS, ids=lambda o: " ".join(o[1:]))
def test_receptive_fields_past_the_bound_stop_with_a_warning(invoke, tmp_path, last, options):
    path = write(tmp_path, f"input: [2, 2, 1]\nlayers:\n{POOLS}  - {last}\n")
    result = invoke("summary", path, *options)
    assert result.exit_code == 0, result.output
    warning = (f"{path}:65:5: warning: layer 63 (maxpool63): the receptive field grows past "
               f"{MAX_FIELD:,} input positions; it is not followed from here")
    if options[1] == "json":
        document = json.loads(result.stdout)
        assert document["warnings"][0]["message"].startswith("maxpool63: the receptive field")
        fields = [layer["receptive_field"] for layer in document["layers"]]
        assert fields[61][0]["jump"] == 2**62 and fields[62:] == [None] * 1139
    else:
        assert warning in result.stderr.splitlines()


@pytest.mark.parametrize("spec, layer, shape", [
    ("input: [1, 1, 1]\nlayers:\n" + "  - upsample: {scale: 1000}\n" * 120, "upsample4",
     "(1000000000000, 1000000000000, 1)"),
    ("input: [1, 1, 1]\nlayers:\n  - relu: {name: c0}\n" + "".join(
        f"  - concat: {{name: c{i + 1}, inputs: [c{i}, c{i}]}}\n" for i in range(20_000)),
     "c63", "(1, 1, 9223372036854775808)"),
], ids=["120 upsamples by 1000", "20,000 doubling concats"])
@pytest.mark.parametrize("options", FORMATS, ids=lambda o: " ".join(o[1:]))
def test_a_tensor_past_int64_is_an_error(invoke, tmp_path, spec, layer, shape, options):
    path = write(tmp_path, spec)
    result = invoke("summary", path, *options)
    assert result.exit_code == 1
    message = f"{layer}{'' if options[1] == 'json' else ')'}: the output {shape} has "
    assert message in (result.stdout if options[1] == "json" else result.stderr)
    assert f"elements, more than {MAX_ELEMENTS:,} (int64), which no framework can index" \
        in result.output


def test_the_largest_tensor_is_exact(invoke, tmp_path):
    """2^62 channels (one doubling short of the bound): every column exact, memory in TiB."""
    path = write(tmp_path, "input: [1, 1, 1]\nlayers:\n  - relu: {name: c0}\n" + "".join(
        f"  - concat: {{name: c{i + 1}, inputs: [c{i}, c{i}]}}\n" for i in range(62)))
    result = invoke("summary", path, "--format", "json")
    assert result.exit_code == 0
    last = json.loads(result.stdout)["layers"][-1]
    assert last["output_shape"] == [1, 1, 2**62] and last["activation_bytes"] == 2**64
    table = invoke("summary", path, "--columns", "output,memory").stdout
    assert table.splitlines()[-3].split()[3:] == ["(1,", "1,", "4611686018427387904)",
                                                  "16777216.0", "TiB"]
