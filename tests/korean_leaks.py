"""What English a `--lang ko` output still holds: every word of three or more Latin
letters that is neither the user's own text (the spec, the command line: names, kinds,
keys, values) nor a term Korean writes in Latin letters (framework names, file formats,
spec syntax shown so that it can be copied)."""

import re

# Terms the Korean tutorials and cnncalc's Korean catalog keep in Latin letters: names of
# frameworks, formats and functions, and the spec's own keys and values (a fix is spec
# syntax, `padding: same`, to be copied into the file).
KEPT = {
    "keras", "pytorch", "torch", "numpy", "onnx", "tensorflow", "json", "yaml", "csv", "html",
    "svg", "mermaid", "graphviz", "dot", "github", "junit", "gitlab", "jenkins", "actions",
    "ceil", "floor", "strict", "same", "valid", "ceil_mode", "true", "false", "mac", "flop",
    "padding", "rounding", "size", "stride", "kernel", "filters", "units", "dilation",
    "groups", "bias", "input", "layers", "name", "layout", "framework", "channels_last",
    "channels_first", "cnncalc", "stdin", "stdout", "stderr", "utf", "kind", "key", "value",
    "options", "command", "args", "specs", "sizes", "list", "text", "integer", "pip",
    "nan", "inf", "conv", "maxpool", "avgpool", "minpool", "dense", "flatten", "relu",
    "softmax", "sigmoid", "tanh", "dropout", "help", "lang", "format", "columns", "explain",
    "total", "macs", "flops", "memory", "params", "nobias", "share", "trainable",
    "non_trainable", "activations", "param_memory", "jump", "start", "output", "cpu",
    "inputs", "zip", "hdf", "protobuf", "python", "affine", "while", "kib", "mib", "gib",
}
# Not words of a sentence: options (`--portability`), dotted names (code and files:
# `torch.fx.wrap`, `LAYER.PARAM`, `spec.yaml`) and keyword arguments (`concrete_args=`).
_SYNTAX = re.compile(r"--[\w-]+|\w+(?:\.\w+)+|\w+=")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def leaks(output: str, *sources: str) -> list[str]:
    """The English words of `output` that none of `sources` (what the user wrote) holds
    and KEPT does not list, in order, each once."""
    own = {word.lower() for source in sources for word in _WORD.findall(source)}
    found = []
    for word in _WORD.findall(_SYNTAX.sub(" ", output)):
        if word.lower() not in KEPT and word.lower() not in own and word not in found:
            found.append(word)
    return found
