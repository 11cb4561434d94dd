"""The size solver: the questions asked before a spec is final.

- sizes.py: which network input sizes make a spec valid, axis by axis (`cnncalc sizes`);
- patterns.py: a set of sizes written compactly (`16·k + 12 for k ≥ 2`), and affine maps;
- fixes.py: the nearest network inputs that make a spec valid, added to its errors' fixes;
- free.py: the values of free parameters of a spec that make it valid (`solve --free`);
- text.py: their output for people and the JSON of SPEC.md §7;
- settings.py: which kernel, stride and padding give one layer a wanted size (`cnncalc solve`).

Every answer comes from the engine's own step (`engine.walk.output_of`), run on many sizes: the
layer kinds' formulas are never written again here.
"""
