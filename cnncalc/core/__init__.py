"""The ground every stage stands on: records and choices (records.py), diagnostics
(errors.py), parameter types (params.py), limits (constraints.py), the report's records
(report.py) and the text helpers (text.py, printable.py). Nothing here imports another
stage."""
