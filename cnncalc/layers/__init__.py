"""The layer rules: every layer kind, one class in its family's module.

`REGISTRY` maps every kind's name to its rules; a family's module is imported the first
time one of its kinds is looked up (registry.py says why and lists the kinds in order).
"""

from .base import REGISTRY, Counts, Fields, LayerContext, LayerKind, Shape

__all__ = ["REGISTRY", "Counts", "Fields", "LayerContext", "LayerKind", "Shape"]
