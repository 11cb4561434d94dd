"""The physical floor of a summary: what a tight Python script needs to print the same bytes.

    python benchmarks/floors/floor.py summary SPEC [--format json]
    python benchmarks/floors/floor.py check DIR

It reads libyaml's events straight into dicts and lists (plain scalars: digits are ints,
anything else a string), expands blocks (`$name` parameters, `repeat:`, scoped names),
does the same integer arithmetic as cnncalc for the kinds the benchmarks' generated specs
use (conv, dense, maxpool, flatten, elementwise activations, dropout) and writes the same
table, JSON or check lines. It validates nothing and explains nothing: it is the yardstick
benchmarks/ratios.py holds cnncalc against, and that script checks its bytes are cnncalc's.
"""

from __future__ import annotations

import os
import sys

import yaml

def scalar(text: str):
    return int(text) if text.isdigit() else text


def read(path: str):
    """The document as dicts, lists, ints and strings, built from libyaml's events."""
    stack: list = []
    keys: list = []
    root = None
    with open(path, "rb") as stream:
        for event in yaml.parse(stream, Loader=yaml.CLoader):
            kind = type(event).__name__
            if kind == "ScalarEvent":
                value = scalar(event.value)
            elif kind == "MappingStartEvent":
                value = {}
            elif kind == "SequenceStartEvent":
                value = []
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
                keys.pop()
                continue
            else:
                continue
            if not stack:
                root = value
            elif isinstance(stack[-1], list):
                stack[-1].append(value)
            elif keys[-1] is None:
                keys[-1] = value
                continue
            else:
                stack[-1][keys[-1]] = value
                keys[-1] = None
            if kind != "ScalarEvent":
                stack.append(value)
                keys.append(None)
    return root


def expand(items, blocks, path, bound, out, blocks_out):
    """Flatten `items` into (path, name, kind, options) layers, naming as cnncalc does."""
    counts: dict = {}
    for item in items:
        kind, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        options = {k: bound.get(v[1:], v) if isinstance(v, str) and v[:1] == "$" else v
                   for k, v in (options or {}).items()}
        if kind in blocks:
            block = blocks[kind]
            params = dict(block.get("params") or {})
            repeat = options.pop("repeat", 1)
            name = options.pop("name", None)
            params.update(options)
            for copy in range(repeat):
                counts[kind] = counts.get(kind, 0) + 1
                label = name or f"{kind}{counts[kind]}"
                if name and repeat > 1:
                    label = f"{name}.{copy + 1}"
                record = {"name": label, "path": path + [label], "kind": kind,
                          "depth": len(path) + 1, "first": len(out) + 1}
                blocks_out.append(record)
                expand(block["layers"], blocks, path + [label], params, out, blocks_out)
                record["last"] = len(out)
            continue
        counts[kind] = counts.get(kind, 0) + 1
        out.append((path, options.get("name") or f"{kind}{counts[kind]}", kind, options))
    return out


def analyse(spec):
    """Per layer: the row of numbers cnncalc prints; the receptive field per spatial axis."""
    blocks_out: list = []
    layers = expand(spec["layers"], spec.get("blocks") or {}, [], {}, [], blocks_out)
    shape = tuple(spec["input"])
    field = [(1, 1, 0.5)] * (len(shape) - 1)
    rows = []
    previous = "input"
    for path, name, kind, options in layers:
        before = shape
        weights = bias = macs = flops = 0
        if kind == "conv":
            kernel, stride = options["kernel"], options.get("stride", 1)
            same = options.get("padding") == "same"
            spatial = []
            for axis, size in enumerate(shape[:-1]):
                out = -(-size // stride) if same else (size - kernel) // stride + 1
                pad = max((out - 1) * stride + kernel - size, 0) // 2 if same else 0
                grown, jump, start = field[axis]
                field[axis] = (grown + (kernel - 1) * jump, jump * stride,
                               start + ((kernel - 1) / 2 - pad) * jump)
                spatial.append(out)
            filters = options["filters"]
            shape = (*spatial, filters)
            weights, bias = kernel ** len(spatial) * before[-1] * filters, filters
            elements = 1
            for size in shape:
                elements *= size
            macs = weights * (elements // filters)
            flops = 2 * macs + elements
        elif kind == "maxpool":
            size = options["size"]
            stride = options.get("stride", size)
            spatial = []
            for axis, length in enumerate(shape[:-1]):
                grown, jump, start = field[axis]
                field[axis] = (grown + (size - 1) * jump, jump * stride,
                               start + (size - 1) / 2 * jump)
                spatial.append((length - size) // stride + 1)
            shape = (*spatial, shape[-1])
        elif kind == "flatten":
            elements = 1
            for size in shape:
                elements *= size
            shape = (elements,)
            field = []
        elif kind == "dense":
            units = options["units"]
            weights, bias = shape[-1] * units, units
            shape = (*shape[:-1], units)
            macs = weights
            flops = 2 * macs + units
        elements = 1
        for size in shape:
            elements *= size
        full = f"{'/'.join(path)}/{name}" if path else name
        rows.append((path, name, full, kind, before, shape, weights, weights + bias, macs,
                     flops, elements, list(field), previous))
        previous = full
    return rows, blocks_out


def text_shape(shape) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


def table(spec, rows, blocks) -> str:
    """The same table as `cnncalc summary`, blocks as rows with their layers beneath."""
    starts = {block["first"]: [] for block in blocks}
    for block in blocks:
        starts[block["first"]].append(block)
    cells = []
    for index, row in enumerate(rows, 1):
        for block in starts.get(index, ()):
            inside = rows[block["first"] - 1:block["last"]]
            cells.append((f"{block['first']}-{block['last']}",
                          "  " * (block["depth"] - 1) + block["name"], block["kind"],
                          text_shape(inside[0][4]), text_shape(inside[-1][5]),
                          f"({sum(r[6] for r in inside):,})", f"({sum(r[7] for r in inside):,})"))
        cells.append((str(index), "  " * len(row[0]) + row[1], row[3], text_shape(row[4]),
                      text_shape(row[5]), f"{row[6]:,}", f"{row[7]:,}"))
    header = ("#", "layer", "kind", "input", "output", "params (no bias)", "params")
    total = ("", "total", "", "", text_shape(rows[-1][5]), f"{sum(r[6] for r in rows):,}",
             f"{sum(r[7] for r in rows):,}")
    widths = [max(len(c[i]) for c in (header, total, *cells)) for i in range(7)]
    right = (True, False, False, False, False, True, True)

    def line(cells_of_row):
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells_of_row, widths, right)).rstrip()

    rule = "─" * (sum(widths) + 12)
    lines = [spec["name"], "", line(header), rule, *map(line, cells), rule, line(total)]
    readable = [metric(sum(r[6] for r in rows)), metric(sum(r[7] for r in rows))]
    if any(readable):
        lines.append("".join(cell.rjust(width + 2) for cell, width in zip(readable, widths[5:]))
                     .rjust(sum(widths) + 12))
    return "\n".join(lines) + "\n"


def metric(n: int) -> str:
    """`2.92 M` from 2,920,000 (the table's readable totals), empty below a million."""
    for unit, power in (("T", 12), ("G", 9), ("M", 6)):
        hundredths = (200 * n + 10 ** power) // (2 * 10 ** power)
        if hundredths >= 100:
            return f"{hundredths // 100:,}.{hundredths % 100:02d} {unit}"
    return ""


def number(value):
    return int(value) if value == int(value) else value


def document(spec, path, rows, blocks) -> dict:
    """The same JSON document as `cnncalc summary --format json`."""
    def totals(part):
        return {"params": sum(r[7] for r in part), "params_without_bias": sum(r[6] for r in part),
                "trainable": sum(r[7] for r in part), "non_trainable": 0,
                "macs": sum(r[8] for r in part), "flops": sum(r[9] for r in part),
                "activation_bytes": sum(4 * r[10] for r in part),
                "param_bytes": sum(4 * r[7] for r in part), "partial": False}
    layers = []
    for index, r in enumerate(rows, 1):
        layer = {"index": index, "name": r[2], "kind": r[3], "valid": True,
                 "input_shape": list(r[4]), "output_shape": list(r[5]), "params": r[7],
                 "params_without_bias": r[6], "trainable": r[7], "non_trainable": 0,
                 "inputs": [r[12]], "macs": r[8], "flops": r[9], "activation_elements": r[10],
                 "activation_bytes": 4 * r[10], "param_bytes": 4 * r[7],
                 "receptive_field": [{"size": s, "jump": j, "start": number(t)}
                                     for s, j, t in r[11]] or None}
        if r[0]:
            layer["block"] = list(r[0])
        layers.append(layer)
    result = {"name": spec["name"], "file": path, "input_shape": spec["input"],
              "layout": "channels_last", "rounding": spec.get("rounding", "strict"),
              "framework": "keras", "dtype": "float32", "valid": True, "layers": layers,
              "totals": totals(rows), "errors": [], "warnings": [], "portability": [],
              "notes": []}
    if blocks:
        result["blocks"] = [
            {"name": b["name"], "path": b["path"], "kind": b["kind"], "depth": b["depth"],
             "first_index": b["first"], "last_index": b["last"],
             "input_shape": list(rows[b["first"] - 1][4]),
             "output_shape": list(rows[b["last"] - 1][5]),
             "totals": totals(rows[b["first"] - 1:b["last"]])} for b in blocks]
    return result


def main() -> None:
    command, target, *rest = sys.argv[1:]
    if command == "summary":
        spec = read(target)
        rows, blocks = analyse(spec)
        if rest == ["--format", "json"]:
            import json
            sys.stdout.write(json.dumps(document(spec, target, rows, blocks), indent=2) + "\n")
        else:
            sys.stdout.write(table(spec, rows, blocks))
        return
    names = sorted(os.listdir(target))
    lines = []
    for name in names:
        path = os.path.join(target, name)
        spec = read(path)
        rows, _ = analyse(spec)
        lines.append(f"✓ {path}  {spec['name']}  output {text_shape(rows[-1][5])}  "
                     f"{sum(r[7] for r in rows):,} params")
    lines.append(f"{len(names)} specs, {len(names)} valid, 0 invalid")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
