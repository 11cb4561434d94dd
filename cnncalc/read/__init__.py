"""Reading: spec text (YAML or command-line tokens) into a checked `Spec`."""
