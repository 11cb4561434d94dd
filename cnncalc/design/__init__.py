"""Design queries: the questions asked before a spec is final.

- sizes.py: which network input sizes make a spec valid, axis by axis (`cnncalc sizes`);
- patterns.py: a set of sizes written compactly (`16·k + 12 for k ≥ 2`), and affine maps;
- solve.py: which kernel, stride and padding give one layer a wanted size (`cnncalc solve`).

Every answer comes from the engine's own step (`engine.output_of`), run on many sizes: the
layer kinds' formulas are never written again here.
"""
