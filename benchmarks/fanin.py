"""How `cnncalc verify` grows with the number of live branches: a wide fan-in.

    python benchmarks/fanin.py [--ways 2000 10000] [--runs 3]

The spec is generated: N `relu` branches all reading a 4×4×1 input, every one alive until
a `concat` joins them at the end. Each size is timed as whole processes (start-up
included), `verify` against `summary` of the same file in the same run, both with
`--format json` so that only the work differs, and the ratio does not depend on the
machine. Target: the ratio stays flat as N grows (verify is linear in the branches, as
summary is). It was 3.1× at 2,000 ways and 17.5× at 10,000 (verify 44 s) while verify
went over every live array at every layer; 1.4–1.9× at both since.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from startup import CLI, median_seconds  # this directory is on sys.path when run as a script


def spec_text(ways: int) -> str:
    branches = [f"  - relu: {{inputs: input, name: b{i}}}" for i in range(ways)]
    join = f"  - concat: {{inputs: [{', '.join(f'b{i}' for i in range(ways))}]}}"
    return "\n".join([f"name: fanin-{ways}", "input: [4, 4, 1]", "layers:", *branches,
                      join]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ways", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for ways in options.ways:
            path = Path(directory, f"fanin{ways}.yaml")
            path.write_text(spec_text(ways))
            summary = median_seconds([str(CLI), "summary", "--format", "json", str(path)],
                                     options.runs)
            verify = median_seconds([str(CLI), "verify", "--format", "json", str(path)],
                                    options.runs)
            print(f"{ways:>6,}-way fan-in: summary {summary:6.2f} s, verify {verify:6.2f} s, "
                  f"verify / summary {verify / summary:5.1f}×")


if __name__ == "__main__":
    main()
