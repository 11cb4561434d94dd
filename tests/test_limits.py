"""The documented limits hold as written (README, Safety): a large plain spec inside them is
read, one past them is refused by the limit it breaks, with that limit's own message."""

import pytest

from cnncalc.read.unfold import MAX_LAYERS
from cnncalc.read import yamltree
from cnncalc.read.yamltree import MAX_NODES, parse_yaml
from cnncalc.core.errors import SpecError


def chain(layers: int) -> str:
    """A plain chain, no alias, no block: `layers` named 1×1 convs."""
    return "input: [4, 4, 1]\nlayers:\n" + "".join(
        f"  - conv: {{filters: 1, kernel: 1, name: c{i}}}\n" for i in range(layers))


def densely_connected(layers: int, merge: str = "add") -> str:
    """Every layer from the third merges all the layers before it (1.1 million names)."""
    lines = ["input: [1, 1, 1]", "layers:", "  - relu: {name: l0}", "  - relu: {name: l1}"]
    lines += [f"  - {merge}: {{name: l{k}, inputs: [{', '.join(f'l{j}' for j in range(k))}]}}"
              for k in range(2, layers)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", [chain(40_000), densely_connected(1_500)],
                         ids=["40,000-layer chain", "1,500 densely connected layers"])
def test_a_large_plain_spec_is_no_alias_bomb(invoke, tmp_path, text):
    path = tmp_path / "big.yaml"
    path.write_text(text)
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"✓ {path}  output ")


def test_densely_connected_concats_meet_the_tensor_bound_not_the_alias_budget(invoke,
                                                                            tmp_path):
    """Channels double at each layer: 2^63 at the 65th, more than int64 can index."""
    path = tmp_path / "dense.yaml"
    path.write_text(densely_connected(200, "concat"))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"✗ {path}:67:5: error: layer 65 (l64): the output (1, 1, 9223372036854775808) has "
        f"9,223,372,036,854,775,808 elements, more than 9,223,372,036,854,775,807 (int64)")


@pytest.mark.parametrize("layers, refused", [(MAX_LAYERS, False), (MAX_LAYERS + 1, True),
                                             (2 * MAX_LAYERS, True)])
def test_the_layer_limit_says_it_is_the_layer_limit(invoke, tmp_path, layers, refused):
    path = tmp_path / "long.yaml"
    path.write_text("input: [4, 4, 1]\nlayers:\n" + "  - relu\n" * layers)
    result = invoke("check", str(path))
    if refused:
        assert result.exit_code == 1
        assert result.output == (f"✗ {path}:{MAX_LAYERS + 3}:5: error: more than 100,000 "
                                 f"layers, the limit of a spec\n1 spec, 0 valid, 1 invalid\n")
    else:
        assert result.exit_code == 0, result.output


def aliased(copies: int) -> str:
    """An anchor standing for 1,000 values (a list of 999 numbers), then `copies` aliases."""
    return f"a: &a [{', '.join(['0'] * 999)}]\nb: [{', '.join(['*a'] * copies)}]\n"


def test_the_alias_budget_counts_what_aliases_add():
    assert MAX_NODES == 1_000_000
    assert len(parse_yaml(aliased(1000))["b"]) == 1000  # exactly the budget
    with pytest.raises(SpecError) as refused:
        parse_yaml(aliased(1001))
    (diagnostic,) = refused.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (2, 5 + 1000 * 4)  # the 1,001st alias
    assert diagnostic.message == ("aliases add more than 1,000,000 values once expanded "
                                  "(an alias bomb?)")


def test_values_written_out_count_only_against_the_file_size(monkeypatch):
    """Twice the budget written out is no bomb; one alias past it is (budget made small
    here: the 40,000-layer chain above is the full-size case)."""
    monkeypatch.setattr(yamltree, "MAX_NODES", 1000)
    text = "a: &a [" + "0, " * 1999 + "0]\n"
    assert len(parse_yaml(text)["a"]) == 2000
    with pytest.raises(SpecError):
        parse_yaml(text + "b: *a\n")
