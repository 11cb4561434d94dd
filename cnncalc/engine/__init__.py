"""The engine: a `Spec` walked layer by layer into a `Report`; pure, no I/O."""
