"""`summary` finds spec files as `check` does: directories, glob patterns, files."""

import json


def test_summary_of_a_directory_is_the_summary_of_its_specs(invoke):
    by_directory = invoke("summary", "docs/examples/", "--format", "csv")
    by_file = invoke("summary", "docs/examples/broken.yaml", "docs/examples/budget.yaml",
                     "--format", "csv")
    assert (by_directory.exit_code, by_directory.stdout, by_directory.stderr) == (
        by_file.exit_code, by_file.stdout, by_file.stderr)
    assert by_directory.exit_code == 1  # both examples are invalid
    assert by_directory.stdout.count("docs/examples/broken.yaml,") == 6


def test_summary_searches_directories_and_expands_patterns(invoke):
    result = invoke("summary", "specs/zoo", "specs/m*.yaml", "--format", "json")
    assert result.exit_code == 0
    assert [document["name"] for document in json.loads(result.stdout)] == ["alexnet", "conv-autoencoder-28x28x1", "lenet5", "mobilenet_v2",
                     "resnet18", "resnet50", "unet", "vgg16", "mnist-seed002", "mnist-seed003"]


def test_a_directory_without_specs_is_reported_like_check_does(invoke, tmp_path):
    (tmp_path / "notes.txt").write_text("not a spec\n", encoding="utf-8")
    result = invoke("summary", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}: error: a directory without *.yaml or *.yml files\n"
