"""The registry of layer kinds: every kind's name, and its rules, imported when first used.

Why the names are written here: the 54 kinds live in 13 family modules, about a third of
the modules a summary imports, and the worked example uses 5 kinds of 5 of them. So the
registry knows each kind's name and module without importing it, and imports a family's
module the first time one of its kinds is looked up (defining a kind's class registers it,
`LayerKind.__init_subclass__`). Names, `in` and `len` import nothing: an unknown kind is
told the kinds there are from this table. Taking the kinds themselves (`values()`,
`items()`) imports every family, so whatever reads every kind (help, docs, the schema,
the backends' and exporters' coverage, the solver) sees them all.

`MODULES` is also the order of `cnncalc kinds`, the README's table and the schema; a test
holds it to the classes each module defines (tests/test_registry.py).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from importlib import import_module
from typing import Any, Iterator

Kind = Any  # a `LayerKind`: base.py defines it and imports this module, so it is not imported

# Each family module of cnncalc.layers and the kinds it defines, in the order listed.
MODULES = {
    "activation": ("linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "sigmoid",
                   "hard_sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign",
                   "silu", "swish", "hard_swish", "mish", "clip", "prelu", "dropout"),
    "conv": ("conv",),
    "dense": ("dense",),
    "merge": ("add", "multiply", "subtract", "concat"),
    "pool": ("maxpool", "avgpool", "minpool"),
    "shape": ("flatten", "reshape", "pad", "crop", "upsample"),
    "depthwise": ("depthwise_conv", "separable_conv"),
    "global_pool": ("global_avgpool", "global_maxpool", "adaptive_avgpool", "adaptive_maxpool",
                    "channel_pool"),
    "norm": ("batchnorm", "layernorm", "groupnorm", "instancenorm", "layer_scale"),
    "transpose": ("conv_transpose",),
    "arrange": ("identity", "permute"),
    "depth": ("pixel_shuffle", "space_to_depth"),
    "preprocess": ("rescale", "normalize"),
}


class Registry(MutableMapping):
    """Kind name → the kind's one instance, importing its module on first look-up."""

    def __init__(self, modules: dict[str, tuple[str, ...]]):
        self._module = {name: f"{__package__}.{module}"
                        for module, names in modules.items() for name in names}
        self._kinds: dict[str, Kind] = {}  # those whose module is imported

    def __getitem__(self, name: str) -> Kind:
        kind = self._kinds.get(name)
        if kind is None:
            import_module(self._module[name])  # KeyError: no such kind
            if name not in self._kinds:  # not a KeyError: `get` would make it "unknown"
                raise RuntimeError(f"{self._module[name]} defines no kind {name!r}, which "
                                   f"cnncalc/layers/registry.py lists under it")
            kind = self._kinds[name]
        return kind

    def __contains__(self, name: object) -> bool:
        return name in self._module

    def __iter__(self) -> Iterator[str]:
        return iter(self._module)

    def __len__(self) -> int:
        return len(self._module)

    def __setitem__(self, name: str, kind: Kind) -> None:
        """Put in a kind the table does not list (a test's own kind)."""
        self._module.setdefault(name, type(kind).__module__)
        self._kinds[name] = kind

    def __delitem__(self, name: str) -> None:
        del self._module[name]
        self._kinds.pop(name, None)

    def register(self, kind: Kind) -> None:
        """Called as a kind's class is defined (its module being imported)."""
        if kind.name in self._kinds:
            raise RuntimeError(f"layer kind {kind.name!r} registered twice")
        if self._module.get(kind.name) != type(kind).__module__:
            raise RuntimeError(f"layer kind {kind.name!r} is not listed under its module in "
                               f"cnncalc/layers/registry.py")
        self._kinds[kind.name] = kind

    def defined_in(self, module: str) -> list[Kind]:
        """The kinds `module` has registered so far, in the order it defined them."""
        return [kind for kind in self._kinds.values() if type(kind).__module__ == module]


REGISTRY = Registry(MODULES)
