"""Sets of sizes and maps between sizes, written the way a person reads them.

`describe` finds the shortest exact description of a set of whole numbers within a range:
the few sizes that fit no rule, then a period and the remainders that repeat with it
(`16·k + 12 for k ≥ 2`), or plainly the runs of sizes (`1–5, 9, 12–20`). Exact means that
`Pattern.members` gives back the set itself, whatever the period found.

`affine` finds the map `output = a·input + b` (a may be a fraction) that holds for every
pair given, the way a U-Net's output is its input minus 184.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction

from ..core.messages import catalog, language

MAX_RESIDUES = 4  # more remainders than this read worse than the plain runs
MIN_REPEATS = 3  # a period must show at least this often in the range to be believed
PERIOD_BONUS = 12  # characters a repeating rule may spend beyond the plain runs


@dataclass(frozen=True, slots=True)
class Pattern:
    """`runs` (inclusive pairs), then, when `period` is set, every size from `start` to
    `end` whose remainder modulo `period` is one of `residues`."""

    runs: tuple[tuple[int, int], ...] = ()
    period: int | None = None
    residues: tuple[int, ...] = ()
    start: int = 0
    end: int = 0

    def members(self) -> list[int]:
        sizes = [n for low, high in self.runs for n in range(low, high + 1)]
        if self.period:
            sizes += [n for n in range(self.start, self.end + 1)
                      if n % self.period in self.residues]
        return sizes

    def first(self, count: int) -> list[int]:
        """The `count` smallest members, without listing them all."""
        found: list[int] = []
        for low, high in self.runs:
            found += range(low, min(high, low + count) + 1)
        if self.period:
            n = self.start
            while len(found) < count and n <= self.end:
                if n % self.period in self.residues:
                    found.append(n)
                n += 1
        return found[:count]

    def text(self) -> str:
        """`16·k + 12 for k ≥ 2`, `every size ≥ 33`, `1–5, 9`, `none`: English, as JSON
        holds it in every language."""
        return self.worded(catalog("en"))

    def worded(self, words: dict[str, str] | None = None) -> str:
        """The pattern in the words of a catalog (the chosen language's by default):
        `k ≥ 2일 때 16·k + 12` in Korean."""
        words = words or catalog(language())
        parts = [_run(low, high) for low, high in self.runs]
        if self.period == 1:
            parts.append(words["pattern.every"].format(start=self.start))
        elif self.period and len(self.residues) == 1:
            (r,), p = self.residues, self.period
            parts.append(words["pattern.period"].format(
                period=p, rest=f" + {r}" if r else "", k=(self.start - r) // p))
        elif self.period:
            parts.append(words["pattern.residues"].format(
                period=self.period, rest=words["pattern.or"].join(map(str, self.residues)),
                start=self.start))
        return ", ".join(parts) if parts else words["sizes.none"]


def _run(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def runs(sizes: list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted sizes as runs of consecutive ones."""
    found: list[list[int]] = []
    for n in sizes:
        if found and found[-1][1] == n - 1:
            found[-1][1] = n
        else:
            found.append([n, n])
    return tuple((low, high) for low, high in found)


def describe(valid: list[int], low: int, high: int) -> Pattern:
    """The shortest exact description of the sorted sizes `valid` within [low, high]."""
    best = Pattern(runs(valid))
    if not valid:
        return best
    length = high - low + 1
    bits = sum(1 << (n - low) for n in valid)
    for period in range(1, length // MIN_REPEATS + 1):
        # the lowest offset from which membership repeats with this period to the end
        differ = (bits ^ (bits >> period)) & ((1 << (length - period)) - 1)
        start = low + differ.bit_length()
        if high - start + 1 < MIN_REPEATS * period:
            continue
        window = (bits >> (start - low)) & ((1 << period) - 1)  # one period from start
        if not window or window.bit_count() > MAX_RESIDUES:
            continue
        residues = sorted((start + i) % period for i in range(period) if window >> i & 1)
        before = bisect_left(valid, start)
        candidate = Pattern(runs(valid[:before]), period, tuple(residues), valid[before],
                            high)
        if _length(candidate) < _length(best):
            best = candidate
    return best


def _length(pattern: Pattern) -> int:
    """How long a description reads; a rule that says the sizes go on (`every size ≥ 18`)
    is worth a few characters more than the run it replaces (`18–4096`)."""
    return len(pattern.text()) - (PERIOD_BONUS if pattern.period else 0)


@dataclass(frozen=True, slots=True)
class Affine:
    """output = slope·input + intercept."""

    slope: Fraction
    intercept: Fraction

    def __call__(self, size: int) -> Fraction:
        return self.slope * size + self.intercept

    def text(self) -> str:
        """`input − 184`, `input / 32`, `2·input + 1`, `(input − 124) / 16`, `1`: English,
        as JSON holds it in every language."""
        return self.worded(catalog("en"))

    def worded(self, words: dict[str, str] | None = None) -> str:
        """The map in the words of a catalog (the chosen language's by default)."""
        slope, intercept = self.slope, self.intercept
        if not slope:
            return _fraction(intercept)  # the same size whatever the input
        size = (words or catalog(language()))["pattern.input"]
        scaled = intercept * slope.denominator  # the intercept over the slope's denominator
        head = size if slope.numerator == 1 else f"{slope.numerator}·{size}"
        if scaled.denominator != 1:
            return f"{_fraction(slope)}·{size} {_signed(intercept)}"
        if slope.denominator == 1:
            return head + (f" {_signed(intercept)}" if intercept else "")
        if scaled:
            head = f"({head} {_signed(scaled)})"
        return f"{head} / {slope.denominator}"


def _signed(value: Fraction) -> str:
    return f"{'−' if value < 0 else '+'} {_fraction(abs(value))}"


def _fraction(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def affine(pairs: list[tuple[int, int]]) -> Affine | None:
    """The map that takes every input to its output, or None when no straight line does
    (a floor, a ceiling) or when fewer than two inputs show it."""
    if len(pairs) < 2:
        return None
    (x0, y0), (x1, y1) = pairs[0], pairs[-1]
    if x0 == x1:
        return None
    slope = Fraction(y1 - y0, x1 - x0)
    line = Affine(slope, y0 - slope * x0)
    if any(line(x) != y for x, y in pairs):
        return None
    return line
