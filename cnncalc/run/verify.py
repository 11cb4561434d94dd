"""`cnncalc verify`: run a spec on random arrays and hold the engine's numbers against them.

For each layer the backend computes a real output; its shape is read off the array and
its parameter count off the arrays the op created, and both are compared with the
engine's row. The memory guard estimates the run's peak before anything is allocated.
Nothing here imports numpy or torch: the backend module does, when it is loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Iterator

from ..core.errors import CnnCalcError
from ..core.messages import say
from ..core.records import NETWORK_INPUT, Layer, Rounding, Spec, from_layout, in_layout
from ..core.report import Report, Row
from ..core.text import size_text


BYTES_PER_ELEMENT = 4  # float32
DEFAULT_MAX_MEMORY = 2 * 1024**3

# How a layer's check ended.
AGREES, DIFFERS, UNSUPPORTED, FAILED, NOT_RUN = (
    "agrees", "differs", "unsupported", "failed", "not run")


class MemoryRefused(CnnCalcError):
    """The run would need more memory than allowed; raised before allocating anything."""


class RunFailed(CnnCalcError):
    """The run could not start: the network's input could not be allocated."""


# What a backend raises when it cannot compute (numpy's _ArrayMemoryError is a MemoryError;
# torch's allocators raise RuntimeError, "DefaultCPUAllocator: not enough memory").
FAILURES = (ValueError, RuntimeError, TypeError, MemoryError)
_OUT_OF_MEMORY = re.compile(r"not enough memory|can't allocate memory|out of memory",
                            re.IGNORECASE)


def failure_text(exc: Exception) -> str:
    """One line for what stopped a computation; an allocation that failed (whatever the
    memory guard allowed) says so first."""
    text = " ".join(str(exc).split())
    if isinstance(exc, MemoryError) or _OUT_OF_MEMORY.search(text):
        return f"out of memory: {text.rsplit('] ', 1)[-1]}"  # torch's: after its C++ place
    return f"{type(exc).__name__}: {text}"


@dataclass(frozen=True, slots=True)
class LayerCheck:
    """The engine's row beside what the backend's arrays showed."""

    row: Row
    status: str = NOT_RUN
    actual_output_shape: tuple[int, ...] | None = None  # in the spec's layout
    actual_params: int | None = None
    note: str = ""  # why a layer did not run or could not be run

    @property
    def agrees(self) -> bool:
        return self.status == AGREES

    def to_json(self, explain: bool = False, valid: bool = True) -> dict:
        data = self.row.to_json(explain, valid)
        data.update({
            "actual_output_shape": (None if self.actual_output_shape is None
                                    else list(self.actual_output_shape)),
            "actual_params": self.actual_params,
            "agrees": self.agrees,
            "status": self.status,
        })
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class Verification:
    """One spec verified by one backend; an invalid spec is never run and never agrees."""

    report: Report
    backend: str
    checks: tuple[LayerCheck, ...]
    batch: int = 1
    seed: int = 0
    device: str = "cpu"
    error: str = ""  # why nothing ran: refused by the memory guard, or the input failed

    @property
    def agrees(self) -> bool:
        return (self.report.valid and not self.error and bool(self.checks)
                and all(c.agrees for c in self.checks))

    @property
    def title(self) -> str:
        return self.report.title

    def to_json(self, explain: bool = False, *, lazy: bool = False) -> dict:
        """SPEC.md §5 plus `backend`, `agrees` and, per layer, the actual values; `lazy`
        as for `Report.to_json`."""
        document = self.report.to_json(explain, lazy=True)  # its layers are replaced
        failing = self.report.failing
        layers = (check.to_json(explain, check.row.index not in failing)
                  for check in self.checks)
        document["layers"] = layers if lazy else list(layers)
        document.update({"backend": self.backend, "device": self.device, "batch": self.batch,
                         "seed": self.seed, "agrees": self.agrees})
        if self.error:
            document["error"] = self.error
        return document


@dataclass(frozen=True, slots=True)
class Peak:
    """The estimated largest memory use of a run, and the layer at which it happens."""

    bytes: int
    layer: str


def parse_size(text: str) -> int:
    """`512M`, `2G`, `1.5GiB`, `1000000` → bytes (K, M, G, T are powers of 1024)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(say("verify.memory-size", value=repr(text)))
    power = " KMGT".index(match.group(2).upper() or " ")
    return int(Fraction(match.group(1)) * 1024**power)  # exact: no float overflows


def _freed(spec: Spec) -> list[list[str]]:
    """For each layer, the arrays to drop once it has run: those it is the last to read,
    and its own output when nothing reads it. The network's input, made before the first
    layer, is dropped after it when nothing reads it. Listed per layer, so that a run
    with many arrays alive at once does not go over all of them at every layer."""
    last = {NETWORK_INPUT: 0, **{layer.name: i for i, layer in enumerate(spec.layers)}}
    for i, layer in enumerate(spec.layers):
        for name in layer.inputs:
            last[name] = i
    freed: list[list[str]] = [[] for _ in spec.layers]
    for name, i in last.items():
        freed[i].append(name)
    return freed


def estimate(spec: Spec, report: Report, backend: Any, batch: int) -> Peak:
    """Peak bytes of a run: the arrays alive at each layer, its output, its parameters
    twice (drawn, then copied or reshaped by the backend) and the op's temporaries.

    The sizes come from the engine's shapes: the estimate must be made before running,
    and it only decides whether to run, it checks nothing."""
    sizes = {NETWORK_INPUT: math.prod(spec.input_shape)}
    shapes = {NETWORK_INPUT: spec.input_shape}
    alive = sizes[NETWORK_INPUT]  # elements of the arrays held before the layer runs
    peak = Peak(0, spec.layers[0].name)
    for layer, row, freed in zip(spec.layers, report.rows, _freed(spec)):
        output = from_layout(row.output_shape, report.layout)
        shapes[layer.name], sizes[layer.name] = output, math.prod(output)
        inputs = tuple(shapes[name] for name in layer.inputs)
        scratch = backend.scratch(layer, inputs, output)
        elements = batch * (alive + sizes[layer.name] + scratch) + 2 * row.params
        if elements * BYTES_PER_ELEMENT > peak.bytes:
            peak = Peak(elements * BYTES_PER_ELEMENT, layer.name)
        alive += sizes[layer.name] - sum(sizes[name] for name in freed)
    return peak


def check_memory(spec: Spec, report: Report, backend: Any, batch: int, limit: int) -> None:
    peak = estimate(spec, report, backend, batch)
    if peak.bytes > limit:
        needed, allowed = size_text(peak.bytes, trim=True), size_text(limit, trim=True)
        raise MemoryRefused(say("verify.memory", title=report.title, needed=needed,
                                layer=peak.layer, allowed=allowed))


def execute(spec: Spec, backend: Any, batch: int = 1) -> Iterator[tuple[Layer, Any]]:
    """Run the layers in order; yield each layer with the backend's `Output`, or with the
    exception that stopped it (after which nothing more runs). Arrays no longer read by
    a later layer are dropped as the run goes. RunFailed when the input cannot be made."""
    from ..backends.base import Unsupported

    try:
        arrays = {NETWORK_INPUT: backend.input(spec.input_shape, batch)}
    except FAILURES as exc:
        shape = ", ".join(map(str, (batch, *spec.input_shape)))
        raise RunFailed(say("verify.input-failed", shape=shape,
                            failure=failure_text(exc))) from None
    for layer, freed in zip(spec.layers, _freed(spec)):
        try:
            result = backend.run(layer, tuple(arrays[name] for name in layer.inputs))
        except (Unsupported, *FAILURES) as exc:
            yield layer, exc
            return
        arrays[layer.name] = result.array
        yield layer, result
        for name in freed:
            del arrays[name]


def verify(spec: Spec, report: Report, backend: Any, batch: int = 1,
           on_layer: Callable[[Layer], None] | None = None) -> Verification:
    """Check every row of a valid report against a fresh `backend`; `on_layer` is told
    as each layer finishes. Each output is turned into its check at once, so that no
    more arrays are held than the run needs."""
    checks, error = [], ""
    if report.valid:
        try:
            for layer, outcome in execute(spec, backend, batch):
                checks.append(_check(report.rows[len(checks)], outcome, backend, report))
                if on_layer:
                    on_layer(layer)
        except RunFailed as exc:
            error = f"{report.title}: {exc}"
        if checks:
            stopped = checks[-1].row.name
            checks += [LayerCheck(row, note=say("verify.stopped", name=stopped))
                       for row in report.rows[len(checks):]]
    return not_run(report, backend, batch, error, checks)


def not_run(report: Report, backend: Any, batch: int, error: str = "",
            checks: list[LayerCheck] | None = None) -> Verification:
    """A verification whose layers did not all run: those in `checks` did, the others
    are listed as not run (an invalid spec's errors, or `error`, say why)."""
    checks = list(checks or [])
    checks += [LayerCheck(row) for row in report.rows[len(checks):]]
    return Verification(report, backend.name, tuple(checks), batch, backend.seed,
                        backend.device, error)


def _check(row: Row, outcome: Any, backend: Any, report: Report) -> LayerCheck:
    """The backend's shape and counts against the row. Its parameters are the arrays the
    op trained, its buffers those it only stored (batch norm's running statistics); they
    are added up as the report's framework counts (Keras: both, PyTorch: parameters
    only), and the buffers must also equal the row's non-trainable count."""
    from ..backends.base import Unsupported
    from ..layers import Counts

    if isinstance(outcome, Unsupported):
        return LayerCheck(row, UNSUPPORTED, note=str(outcome))
    if isinstance(outcome, Exception):
        return LayerCheck(row, FAILED, note=failure_text(outcome))
    shape = in_layout(backend.shape(outcome.array), report.layout)
    stored = backend.count(outcome.buffers)
    params = Counts(weights=backend.count(outcome.params), non_trainable=stored).params(
        report.framework)
    agrees = (shape, params, stored) == (row.output_shape, row.params, row.non_trainable)
    note = "" if stored == row.non_trainable else say(
        "verify.stored", engine=f"{row.non_trainable:,}", backend=f"{stored:,}")
    return LayerCheck(row, AGREES if agrees else DIFFERS, shape, params, note)


@dataclass(frozen=True, slots=True)
class Job:
    """One spec ready to verify: read, analysed, its backend loaded, its memory checked."""

    spec: Spec | None  # None when the file could not be read
    report: Report
    backend: Any
    batch: int
    refused: str = ""  # why the memory guard will not run it

    @property
    def layer_count(self) -> int:
        """The layers the run will check (none for an invalid or refused spec), for the
        progress bar."""
        return len(self.report.rows) if self.report.valid and not self.refused else 0

    def run(self, on_layer: Callable[[Layer], None] | None = None) -> Verification:
        if self.refused:
            return not_run(self.report, self.backend, self.batch, self.refused)
        return verify(self.spec, self.report, self.backend, self.batch, on_layer)


def prepare(paths: list[str], backend: str, *, batch: int = 1, seed: int = 0,
            device: str = "cpu", rounding: Rounding | None = None,
            max_memory: int = DEFAULT_MAX_MEMORY) -> list[Job]:
    """Read and analyse every spec file and check that each run fits in memory, before
    any of them runs; a spec over the guard is refused on its own, the others still run.
    Raises BackendUnavailable."""
    from ..backends import load as load_backend
    from ..core.errors import SpecError
    from ..engine.walk import analyze
    from ..layers.activation import ACTIVATION_DEFAULTS
    from .models import load

    jobs = []
    for path in paths:
        try:
            spec = load(path)
            report = analyze(spec, rounding)
        except SpecError as exc:
            spec, report = None, Report.unreadable(path, exc.diagnostics)
        runner = load_backend(backend, seed=seed, rounding=report.rounding, device=device,
                              layout=report.layout, framework=report.framework,
                              activation_defaults=ACTIVATION_DEFAULTS)
        refused = ""
        if report.valid:
            try:
                check_memory(spec, report, runner, batch, max_memory)
            except MemoryRefused as exc:
                refused = str(exc)
        jobs.append(Job(spec, report, runner, batch, refused))
    return jobs
