"""Running specs: the pipeline from a source to a checked report, the files `check`
reads, and `verify` against a numeric backend."""
