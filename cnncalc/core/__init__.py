"""The ground every stage stands on: records and choices, diagnostics, parameter types,
limits, the report's records and text helpers. Nothing here imports another stage."""
