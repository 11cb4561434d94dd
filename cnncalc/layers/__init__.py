"""Every layer kind, registered by importing its family's module."""

from . import activation, conv, dense, merge, pool, shape  # noqa: F401  (registration)
from . import depthwise, global_pool, norm, transpose  # noqa: F401  (registration)
from .base import REGISTRY, Counts, Fields, LayerContext, LayerKind, Shape

__all__ = ["REGISTRY", "Counts", "Fields", "LayerContext", "LayerKind", "Shape"]
