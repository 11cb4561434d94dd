"""The layer rules: every layer kind, registered as its class is defined.

Importing a family's module defines its classes; the order of the imports below is the
order of `cnncalc kinds`, the README's table and the schema.
"""

from . import activation, conv, dense, merge, pool, shape  # noqa: F401  (registration)
from . import depthwise, global_pool, norm, transpose  # noqa: F401  (registration)
from . import arrange  # noqa: F401  (registration)
from .base import REGISTRY, Counts, Fields, LayerContext, LayerKind, Shape

__all__ = ["REGISTRY", "Counts", "Fields", "LayerContext", "LayerKind", "Shape"]
