"""English: every human-facing text of cnncalc, keyed by its message code.

A template is a `str.format` string; its placeholders are the fields the code passes.
Another language is a module like this one with the same codes and placeholders
(tests/test_messages.py holds every catalog to this one).
"""

MESSAGES = {
    # Severities, as a diagnostic's line starts (`error: …`); the JSON keeps them in English.
    "error": "error",
    "warning": "warning",
    "note": "note",
    # Where a diagnostic is, and its fixes.
    "where.index": "layer {index}: {text}",
    "where.layer": "layer {index} ({layer}): {text}",
    "fix.lead": ". Fix: ",
    "fix.or": "; or ",
    "list.and": "{items} and {last}",
    # Axes and their units.
    "axis.length": "length",
    "axis.height": "height",
    "axis.width": "width",
    "axis.depth": "depth",
    "axis.every": "every axis",
    "axis.numbered": "axis {number}",
    "unit.one.row": "{count} row",
    "unit.many.row": "{count} rows",
    "unit.one.column": "{count} column",
    "unit.many.column": "{count} columns",
    "unit.one.slice": "{count} slice",
    "unit.many.slice": "{count} slices",
    "unit.one.step": "{count} step",
    "unit.many.step": "{count} steps",
    "unit.one.channel": "{count} channel",
    "unit.many.channel": "{count} channels",
    "unit.one.position": "{count} position",
    "unit.many.position": "{count} positions",
    # Table columns and footers.
    "column.index": "#",
    "column.layer": "layer",
    "column.kind": "kind",
    "column.input": "input",
    "column.output": "output",
    "column.nobias": "params (no bias)",
    "column.params": "params",
    "column.share": "% params",
    "column.trainable": "trainable",
    "column.non_trainable": "non-trainable",
    "column.macs": "MACs",
    "column.flops": "FLOPs",
    "column.activations": "activations",
    "column.memory": "activation memory",
    "column.param_memory": "param memory",
    "column.rf": "RF",
    "column.jump": "jump",
    "column.start": "start",
    "column.arithmetic": "arithmetic",
    "column.engine_shape": "engine shape",
    "column.actual_shape": "actual shape",
    "column.engine_params": "engine params",
    "column.actual_params": "actual params",
    "unknown-column": "unknown column {name}; choose from {names}",
    "no-columns": "no columns given; choose from {names}",
    "total": "total",
    "total.partial": "total (partial)",
    "valid": "valid",
    "invalid": "invalid",
    # --explain: the arithmetic of each layer.
    "explain.title": "How each number is computed ({title}):",
    "explain.axis": "{axis} {formula} = {value}",
    "explain.rounded": "{axis} {formula} = {value} → {out}",
    "explain.same": "{axis} same: ceil({size}/{stride}) = {out}, padding {before} + {after}",
    "explain.params": "params {formula}",
    "explain.bias": " (+{bias} bias)",
    "product.times": "·",
    # Portability (--portability).
    "portability.none": "Portability ({title}): no layer differs between Keras and PyTorch.",
    "portability.one": "Portability ({title}; shown as {framework}): {count} layer differs "
                       "between Keras and PyTorch",
    "portability.many": "Portability ({title}; shown as {framework}): {count} layers differ "
                        "between Keras and PyTorch",
    "portability.markdown.none": "**Portability** (shown as {framework}): no layer differs "
                                 "between Keras and PyTorch.",
    "portability.markdown.differ": "**Portability** (shown as {framework}): these layers "
                                   "differ between Keras and PyTorch.",
    # HTML page.
    "html.meta": "{source} · input {shape} · {layout} · {framework} · rounding {rounding} · "
                 "{valid}",
    "html.layers": "Layers",
    "html.picture": "Picture",
    "html.arithmetic": "How each number is computed",
    # verify's table.
    "verify.title": "{title} · {backend} on {device}, batch {batch}, seed {seed}",
    "verify.not_run": "✗ not verified: {error}",
    "verify.agree": "✓ all {total} layers agree with the {backend} backend",
    "verify.invalid": "✗ not verified: the spec is invalid (see the errors)",
    "verify.disagree": "✗ {wrong} of {total} layers do not agree with the {backend} backend",
    # The sliding-window arithmetic: errors, warnings and fixes.
    "axes.count": "{key}: {value} has {entries} entries but the input has {rank} spatial axis",
    "axes.counts": "{key}: {value} has {entries} entries but the input has {rank} spatial "
                   "axes",
    "fix.axes.count": "give {rank} entries or a single number",
    "kernel-too-large": "{axis}: the kernel spans {span} but the padded input is only {padded}",
    "fix.smaller-kernel": "a smaller kernel",
    "fix.more-padding": "more padding",
    "fix.fewer-downsampling": "fewer downsampling layers before it",
    "fix.kernel-at-most": "a kernel of {kernel} or less",
    "no-output": "{axis} {formula} = {out} leaves no output",
    "fix.less-padding": "less padding",
    "inexact": "{axis} {formula} = {value} is not an integer",
    "inexact.short": "not an integer",
    "ceil": "{axis} {formula} = {value} rounded up to {out}: the last window is partial",
    "ceil.differs": "{axis} rounded up to {out} as PyTorch's ceil_mode=True; Keras pooling has "
                    "no ceil mode (floor gives {floor})",
    "floor": "{axis} {formula} = {value} rounded down to {out}",
    "floor.lost": "the last {lost} of the input not covered",
    "floor.unused": "only {unused} of right padding unused",
    "only-padding": "only padding",
    "fix.padding": "padding: {pads} on {name}",
    "fix.input-size": "an input {axis} of {size} instead of {current}",
    "fix.same": "padding: same on {name} (output ceil(X/S))",
    "fix.pool-size": "size: {size} on {name} (divides the input)",
    "fix.floor": "rounding: floor drops {dropped}",
    "fix.ceil": "rounding: ceil keeps a partial window",
    "fix.symmetric": "padding: {pads} (same size, padded evenly)",
    "fix.symmetric.floor": "padding: {pads} (same size, padded evenly; needs rounding: floor)",
    "fix.pad-layer": "a pad layer with padding {pads} before it and padding 0 (exactly Keras)",
    "same-stride.differs": "padding same with stride {stride}: Keras pads {pads}; PyTorch "
                           "refuses padding='same' when stride > 1",
    "same-stride.refused": "padding: PyTorch refuses padding='same' with stride > 1; write the "
                           "padding",
}

MESSAGES.update({
    # The command line's own words.
    "interrupted": "cnncalc: interrupted",
    "click.usage": "Usage:",
    "click.try": "Try '{command} {option}' for help.",
    "click.error": "Error: {message}",
    "click.aborted": "Aborted!",
    "click.default": "default",
    "click.required": "required",
})

MESSAGES.update({
    # check's lines and tally.
    "check.more": "  (+{more} more)",
    "check.output": "output {shape}",
    "check.params": "{params} params",
    "check.warning": "({count} warning)",
    "check.warnings": "({count} warnings)",
    "check.tally": "{count} spec, {valid} valid, {invalid} invalid",
    "check.tallies": "{count} specs, {valid} valid, {invalid} invalid",
    "portability.note.one": "note: {title}: 1 layer follows {framework} where Keras and "
                            "PyTorch differ; --portability lists them",
    "portability.note.many": "note: {title}: {count} layers follow {framework} where Keras "
                             "and PyTorch differ; --portability lists them",
})

MESSAGES.update({
    # A parameter's value: what was expected, and the value as YAML names it.
    "param.tuple": "{value} is Python's tuple syntax; YAML writes a list as {listed}",
    "param.integer": "expected an integer, got {got}",
    "param.minimum": "must be ≥ {minimum}, got {value}",
    "param.long": "{start}… ({length} characters)",
    "param.too-large": "{shown} is too large (at most {maximum})",
    "param.decimal": "{literal}: write whole numbers in plain decimal digits (no leading 0, _, "
                     "0x, 0o, 0b or :)",
    "param.digit": " ({char} is {name}; write numbers with the digits 0-9)",
    "param.entries": "expected 1 to {most} entries, got {count}",
    "param.spelling": "{value} is written {meant} here",
    "param.choice": "expected one of {values}, got {got}",
    "param.boolean": "expected true or false, got {got}",
    "param.number": "expected a number, got {got}",
    "param.between": "must be between {minimum} and {maximum}, got {value}",
    "param.pair": "a per-axis entry is one int or [before, after], got {count} numbers",
    "param.sizes": "expected a list of sizes, got {got}",
    "param.one-minus-one": "only one size may be -1",
    "shown.boolean": "the boolean {value}",
    "shown.text": "the text {value}{note}",
    "shown.number": "the number {value}",
    "shown.nothing": "nothing (an empty value)",
    "shown.mapping": "the mapping {text}",
    "shown.list": "the list {text}",
    "shown.mapping.long": "a mapping of {count} entries",
    "shown.list.long": "a list of {count} entries",
})

MESSAGES.update({
    # Reading a spec: unknown names, items, required parameters.
    "unknown": "{label}unknown {what} {key}; {hint}",
    "hint.close": "did you mean {close}?",
    "hint.known": "expected one of {known}",
    "hint.unsupported": "cnncalc does not compute {name} layers, only convolutional networks "
                        "(`cnncalc kinds` lists the kinds it has)",
    "hint.calls": "cnncalc calls it {target}",
    "hint.inferred": "cnncalc reads it from the input's shape: leave it out",
    "hint.input": "the network's input shape is written once, at the top: `input: [...]`",
    "what.kind": "layer kind",
    "what.parameter": "{kind} parameter",
    "what.top-key": "top-level key",
    "what.constraint": "constraint",
    "what.block-key": "key of block {name}",
    "where.block": "block {block}, layer {number}: ",
    "item.kind": "{label}expected a kind such as `flatten` or `conv: {{...}}`, got {keys}",
    "fix.item": "one `- kind: {params}` item per layer",
    "item.params": "{label}{kind}: parameters must be a mapping like {{key: value}}, got {got}",
    "item.name": "name: expected non-empty text other than {reserved}, without {separator}, "
                 "got {got}",
    "item.inputs": "inputs: expected a layer name or a list of names, got {got}",
    "required": "{name} is required ({doc})",
    "fix.required": "add `{name}: …` to {layer}",
})

MESSAGES.update({
    # Reading a file and its YAML; the spec's top level.
    "file.missing": "no such file",
    "file.unreadable": "cannot read: {reason}",
    "file.too-large": "larger than {mib} MiB; a spec is a few kB",
    "file.not-utf8": "not UTF-8 text (byte {byte})",
    "file.directory": "is a directory, not a spec file",
    "file.not-regular": "is {kind}, not a regular file; only files and - (stdin) are read",
    "spec.empty": "empty spec: it needs at least `input:` and `layers:`",
    "yaml.tab": "a tab in the indentation; YAML indents with spaces only",
    "yaml.invalid": "invalid YAML: {problem}",
    "yaml.documents": "expected a single document in the stream but found another document",
    "yaml.value": "cannot read the value {text}: {reason}",
    "yaml.deep": "nested more than {depth} levels deep; a spec needs a few",
    "yaml.alias": "the alias *{anchor} names no anchor above it",
    "yaml.bomb": "aliases add more than {nodes} values once expanded (an alias bomb?)",
    "yaml.tag": "the YAML tag {tag} is not allowed: a spec holds only plain mappings, lists, "
                "numbers, text and booleans",
    "yaml.key": "keys must be text, got {got}",
    "yaml.duplicate": "duplicate key {key}",
    "spec.mapping": "a spec is a mapping with `input:` and `layers:`",
    "spec.name": "name: expected text, got {got}",
    "spec.constraints": "constraints: expected a mapping like {{max_params: 50000}}, got {got}",
    "fix.input": "input: [39, 31, 1] (spatial sizes, then channels)",
    "spec.input.required": "input is required",
    "spec.input.list": "input: expected a list of 1 to 4 sizes, got {got}",
    "spec.input.size": "input: every size must be a whole number from 1 to {most}, got {got}",
    "spec.layers": "layers: expected a non-empty list of layers",
    "inline.pair": "{token}: expected key=value, got {pair}",
    "fix.inline": "write layers as kind:key=value,key=value",
})

MESSAGES.update({
    # cnncalc explain: its errors, and the picture of a layer's windows.
    "explain.no-such-layer": "no layer named {name!r}; the layers with a window are: {names}",
    "explain.no-window": "{name} is a {kind} layer, which has no sliding window; the layers "
                         "with one are: {names}",
    "explain.not-reached": "{name}: its input is unknown, because an earlier layer failed",
    "explain.not-a-window-kind": "{kind!r} has no sliding window; kinds that have one: {names}",
    "explain.no-layer-named": "give --layer NAME with a spec, or a kind and --input SIZES for "
                              "one layer",
    "explain.one-layer-option": "--{option} is for the one-layer form (a kind and --input); a "
                                "spec says its own",
    "window.title": "{name} ({kind}): each output's window; positions count from 0",
    "window.exact": "{axes}  {formula} = {value}",
    "window.rounded": "{axes}  {formula} = {value} → {out} ({rounding})",
    "window.same": "{axes}  same: ceil({size}/{stride}) = {out}, padding {before} + {after}",
    "window.input": "input",
    "window.output": "out {index}",
    "window.unread": "unread",
    "window.more": "… {count} more windows",
    "window.legend-padding": "· padding",
    "window.legend-dilation": "- skipped by the dilation",
    "window.legend-past": "· after the end: the ceil mode's partial window",
})

MESSAGES.update({
    # The layer kinds' own rules.
    "axis.channels": "channels",
    "axis.features": "features",
    "one-input": "takes one input, got {count}",
    "after-flatten": "needs spatial axes but its input is the flat vector {shape}",
    "fix.after-flatten": "move flatten after the last conv or pooling",
    "groups.channels": "groups: {groups} does not divide the {channels} input channels",
    "groups.filters": "groups: {groups} does not divide filters {filters}",
    "dense.per-position": "acts on the last axis, the {channels} channels, at each of the "
                          "{positions} positions (as Keras's Dense), giving {output}; a "
                          "classifier usually needs flatten before it",
    "dense.differs": "on the spatial tensor {shape}, Keras's Dense acts on the {channels} "
                     "channels at each position (cnncalc computes this under either "
                     "framework); PyTorch's nn.Linear on the channels-first tensor {first} acts "
                     "on its last axis, the {last} {size}, unless the channels are moved last",
    "explain.adaptive": "{axis} {x} → {out}: window i reads floor(i·{x}/{out}) … "
                        "ceil((i + 1)·{x}/{out}) − 1",
    "clip.order": "min {min} is above max {max}",
    "batchnorm.differs": "Keras counts γ, β and the running mean and variance: 4·{channels} = "
                         "{keras} params ({pytorch} non-trainable); PyTorch counts "
                         "2·{channels} = {pytorch} parameters and keeps the statistics as "
                         "buffers",
    "batchnorm.formula": "γ {channels} (+{channels} β) + {statistics} running mean and "
                         "variance (non-trainable)",
    "pool.same.differs": "padding same: Keras pads {pads} and leaves the padding out of every "
                         "window; PyTorch pooling takes only explicit padding",
    "pool.same.refused": "padding: PyTorch pooling has no padding='same'; write the padding",
    "pool.half.differs": "{axis} padding {pad} is more than half the window {kernel}: PyTorch "
                         "refuses it; Keras pooling has no explicit padding",
    "pool.half.refused": "padding: PyTorch pads a pooling window by at most half its size "
                         "({axis}: {half}), got {pad}",
    "fix.pool-half": "padding: {half} or less",
    "output-padding.large": "output_padding: {axis} {op} must be smaller than the stride "
                            "{stride} (or the dilation {dilation})",
    "output-padding.differs": "output_padding {op} is not below the stride {stride}: Keras "
                              "refuses it; PyTorch allows it below the dilation {dilation}",
    "output-padding.refused": "output_padding: Keras needs it below the stride {stride}",
    "transpose.same.differs": "padding same: Keras gives X·S outputs; PyTorch transposed "
                              "convolutions take only explicit padding",
    "transpose.same.refused": "padding: PyTorch transposed convolutions have no "
                              "padding='same'",
    "fix.transpose-same": "padding: {pads}, output_padding: {extra} (same size)",
    "transpose.valid.differs": "padding valid with a stride above the dilated kernel: Keras "
                               "gives X·S = {keras} outputs, PyTorch (X − 1)·S + D·(K − 1) + 1 "
                               "= {torch}",
    "reshape.multiple": "a multiple of {known}",
    "reshape.count": "shape: {written} holds {holds} elements but the input {shape} holds "
                     "{count}",
    "fix.reshape-product": "sizes whose product is the input's element count",
    "fix.reshape-infer": "-1 for one size to infer it",
    "crop.nothing": "{key}: {axis} {formula} = {out} leaves nothing",
    "fix.crop": "crop less than {size} in total",
    "verb.merge": "merge",
    "verb.add": "add",
    "verb.multiply": "multiply",
    "verb.subtract": "subtract",
    "verb.concatenate": "concatenate",
    "merge.inputs": "needs at least 2 inputs to {verb}, got {count} ({names})",
    "fix.merge-inputs": "inputs: [{first}, <another layer>]",
    "merge.rank": "cannot {verb} {first} and {other}: {rank} axes against {other_rank}",
    "fix.merge-rank": "flatten both branches, or neither",
    "merge.shape": "cannot {verb} {first} and {other}: {axis} {size} ≠ {other_size} ({rule})",
    "merge.source": "{shape} from {name}",
    "merge.broadcast": "sizes must be equal, or one of them 1",
    "concat.only": "only the {axis} may differ",
    "fix.concat-same": "make {first} and {other} the same size on the {axis} axis",
    "concat.axis": "axis: {axis} is out of range for inputs with {rank} axes (-{rank} to "
                   "{last})",
    "fix.concat-axis": "leave axis out to join channels",
    "fix.merge-dense": "a dense layer with units: {units} after {name}",
    "fix.merge-projection": "a 1×1 conv with {settings} after {name} (a projection shortcut)",
    "fix.merge-same": "make {first} and {other} the same shape: {shape} and {other_shape}",
})

MESSAGES.update({
    # Limits (constraints:, --max-params ...) and the network-level fix.
    "constraint.exceeds": "{value} {noun} exceed {origin} {limit} by {excess}",
    "constraint.output": "output shape {shape} differs from {origin} {wanted}",
    "fix.or-sizes": " or ",
    "fix.network-input": "a network input of {shown} (cnncalc sizes lists every size)",
})

MESSAGES.update({
    # Names, blocks and the wiring of `inputs:`.
    "name.used": "the name {name} is already used",
    "too-many": "more than {most} layers, the limit of a spec{why}",
    "too-many.blocks": ", once blocks are expanded (inside {path}); is a repeat: too large?",
    "block.input": "inputs: ${param} is {name}, given where {use} is used, but no layer "
                   "written above that use is named {name}",
    "fix.block-input": "give {use} a {param} that names a layer written above it, or {input}",
    "graph.self": "inputs: a layer cannot read its own output",
    "fix.graph-self": "name a layer written above it",
    "graph.cycle": "inputs: {name} is written below this layer and reads it: the cycle {loop}",
    "fix.graph-cycle": "a network has no loops; make one of these layers read an earlier layer",
    "graph.forward": "inputs: {name} is layer {index}, written below this one; a layer reads "
                     "only layers above it",
    "fix.graph-forward": "move {layer} below {name}",
    "graph.inputs": "inputs: {text}",
    "graph.repeat": "no layer is named {name}: the repeat {repeat} made the instances "
                    "{instances}",
    "fix.graph-last": "did you mean {name} (the last)?",
    "graph.outside": "no layer is named {name} in block instance {scope}: a block's layers "
                     "read only each other and {input}; {name} is outside it",
    "fix.graph-outside": "give the use that makes {scope} `inputs: {written}`, and read it "
                         "here as {input}",
    "graph.unknown": "no layer is named {name}",
    "graph.unknown.block": "no layer is named {name} in block instance {scope}",
    "fix.graph-above": "name a layer written above {layer}, or {input}",
    "graph.unused": "its output is never read{more}: no later layer names it in inputs, and "
                    "only the last layer is the network's output",
    "graph.unused.more": " (and in {count} more block instances)",
    "fix.unused-merge": "name {name} in a merge's inputs",
    "fix.unused-remove": "remove it",
    "field.too-large": "the receptive field grows past {most} input positions; it is not "
                       "followed from here",
    "output.too-large": "the output {shape} has {count} elements, more than {most} (int64), "
                        "which no framework can index",
})

MESSAGES.update({
    # cnncalc sizes and cnncalc solve.
    "sizes.title": "{title}: input {shape}, rounding {rounding}, sizes {low}–{high}",
    "sizes.no-axes": "  no spatial axes: the input is a vector of features",
    "sizes.coupled": "  coupled: a reshape ties the axes together; each axis is checked with "
                     "the others at the spec's own sizes",
    "sizes.together": "  valid together ({axes}, each {low}–{top}): {together}{more} ({count} "
                      "combinations)",
    "sizes.none": "none",
    "sizes.count": "({count} sizes)",
    "sizes.count.one": "({count} size)",
    "sizes.output": "    output {axis} = {output}",
    "sizes.valid": "    {size} is valid",
    "sizes.invalid": "    {size} is not valid",
    "sizes.below": "{size} below",
    "sizes.above": "{size} above",
    "sizes.nearest": "; nearest valid: {near}",
    "sizes.limited": "    limited by {layer} (layer {index}), the first layer to reject {size}",
    "solve.title": "{kind}: {label} {size} → {target}, rounding {rounding}; searched {searched}",
    "solve.none": "  no setting in these ranges gives it",
    "solve.limited": "  {shown} of {found} shown; --limit 0 lists every one",
    "solve.wanted": ", output {shape}",
    "solve.free": "{title}: {free} that make it valid{wanted}; searched {searched}",
    "solve.solution": "  {number}. {text}  → output {shape}",
    "solve.no-combination": "  no combination in these ranges does",
    "solve.only": "{framework} only",
    "solve.rounds-down": "rounds down",
})

MESSAGES.update({
    # The command line's own usage errors and lines.
    "cli.no-specs": "give spec files (- for stdin), or --input and inline layers",
    "cli.inline-only": "--{key} is for an inline spec (--input ...); a spec file says its own "
                       "`{key}:`",
    "cli.one-spec": "{command} takes one spec file; {specs} names {count}",
    "cli.style": "--style {style} is for --format svg or html",
    "cli.export-refused": "{title}: cannot export to {target}: {reason}",
    "cli.device": "--device {device} needs --backend torch",
    "cli.sizes": "expected sizes such as 3x224x224, got {value}",
    "cli.cannot-write": "{output}: {error}: cannot write: {reason}",
    "cli.unknown-kind": "unknown layer kind {name}; {hint}",
    "cli.kinds-lists": "`cnncalc kinds` lists them",
    "cli.range": "expected MIN:MAX with 1 ≤ MIN ≤ MAX, e.g. 1:4096; got {value}",
    "cli.range-size": "at most {most} sizes at once; got {value}",
    "cli.solve-what": "give --input and --output for a layer KIND, or --free for a SPEC",
    "cli.solve-axes": "--input and --output need the same number of axes",
    "cli.stdin-once": "- (standard input) can be given only once",
})

MESSAGES.update({
    # How an input shape is read (channels first or last, a 1-D signal).
    "layout.first": "input {shape} is read channels-first, as PyTorch writes it: {first} (write "
                    "{option}channels_first to say so)",
    "layout.last": "input {shape} is read channels-last, as {last}, but its first size looks "
                   "like a channel count",
    "fix.layout-first": "{option}channels_first for {first}, as PyTorch writes C×H×W",
    "fix.layout-keep": "{option}channels_last keeps this reading",
    "layout.signal": "input {shape} is read as a 1-D signal: {signal}",
    "fix.layout-image": "{image} for a grey {length}×{channels} image",
    "layout.length": "length {length}",
    "layout.channel": "{count} channel of {where}",
    "layout.channels": "{count} channels of {where}",
})

MESSAGES.update({
    # Where a spec came from, when it has no file.
    "source.inline": "<command line>",
    "source.network": "network",
})

MESSAGES.update({
    # cnncalc kinds.
    "kinds.header": "| kind | parameters (default) | what it does |",
    "kinds.no-params": "  no parameters",
    "kinds.output": "output size per spatial axis: {rule}",
    "kinds.count": "learnable parameters: {rule}",
})

MESSAGES.update({
    # Blocks: their definitions and uses.
    "block.form": "{key}: ${name} is not a $parameter: write $ and the name (letters, digits "
                  "and _)",
    "block.not-param": "{key}: ${name} is not a parameter of block {block}",
    "fix.block-name": "$ and a name declared under block {block}'s params:",
    "fix.block-declare": "declare it in block {block}: params: {{{name}: null}}",
    "fix.block-write": "write ${name} and {declare}",
    "blocks.mapping": "blocks: expected a mapping of block names, got {got}",
    "block.identifier": "block name {name}: use letters, digits and _ only",
    "block.kind": "block name {name} is already a layer kind",
    "fix.block-rename": "call the block {name}_block",
    "block.body": "block {name}: expected `params:` (optional) and a non-empty `layers:` list",
    "block.params": "block {name}: params: expected a mapping like {{filters: null, stride: "
                    "1}} (null: required), got {got}",
    "block.param-name": "block {name}: {param} cannot be a parameter name (letters, digits "
                        "and _, other than {reserved})",
    "block.outside": "{key}: ${name}: only the layers of a block can use $parameters",
    "block.cycle": "block {name} uses {inner}, which contains it: {loop}",
    "fix.block-cycle": "a block cannot contain itself",
    "block.depth": "blocks nest more than {depth} deep (through {chain})",
    "block.required": "{name} is required by block {block}",
    "fix.block-required": "add `{name}: …` to this use",
    "block.inputs": "inputs: a block reads one layer, got {got}",
    "fix.block-inputs": "merge the layers first, then give the block the merge",
})

MESSAGES.update({
    # verify: how each layer's check ended, and why.
    "status.agrees": "agrees",
    "status.differs": "differs",
    "status.unsupported": "unsupported",
    "status.failed": "failed",
    "status.not-run": "not run",
    "verify.input-failed": "the network input ({shape}) could not be made: {failure}",
    "verify.stopped": "{name} did not run",
    "verify.stored": "non-trainable: engine {engine}, backend {backend}",
})

MESSAGES.update({
    "listed.more": ", … (+{rest} more)",  # a cell listing the first of many shapes
})

MESSAGES.update({
    # cnncalc import: what is not a model file.
    "import.not-a-model": "not a model cnncalc imports: give a .keras, Keras .json or .h5, or "
                          ".onnx file, or a PyTorch module as module.path:factory or "
                          "file.py:Class",
    "import.not-keras": "not a Keras model config (no class_name Sequential, Functional or "
                        "Model at the top)",
})

MESSAGES.update({
    # Group and instance normalisation.
    "groupnorm.groups": "groups: {channels} channels do not fall in {groups} equal groups",
    "groupnorm.single": "each group holds a single value, whose variance is 0: groupnorm "
                        "outputs β alone (PyTorch refuses it for a batch of one)",
    "fix.groupnorm-single": "fewer groups, or put it before the layers that shrink the map to "
                            "1×1",
    "instancenorm.single": "each channel has a single position, whose variance is 0: PyTorch "
                           "refuses it (Expected more than 1 spatial element)",
    "fix.instancenorm-single": "put it before the layers that shrink the map to 1×1",
})

MESSAGES.update({
    # permute, and the layers after which no receptive field is followed.
    "permute.order": "axes: {axes} is not an order of the axes {order}: each must appear once",
    "permute.count": "axes: {axes} orders {count} axes but the input {shape} has {rank}",
    "fix.permute": "axes: an order of {order}, such as {example}",
    "explain.permute": "{shape} taken in the order {axes} = {out}",
    "field.permute": "permute moves the axes: its outputs' positions are no longer the input's "
                     "along each axis, so it has no receptive field, nor do the layers after it",
    "field.reshape": "reshape lays the elements out anew: its positions are not the input's, "
                     "so it has no receptive field, nor do the layers after it",
    "field.unknown": "{kind} moves positions in a way cnncalc does not follow, so it has no "
                     "receptive field, nor do the layers after it",
    "field.join": "joins its inputs along the {axis}: each input's outputs read that input's "
                  "band, and no one band moves by a step over all of them, so it has no "
                  "receptive field, nor do the layers after it",
    "field.jumps": "joins branches whose receptive fields move by different steps (jump "
                   "{steps}): one step between outputs is a different distance in the input "
                   "along each branch, so the join has no receptive field",
    "fix.field-jumps": "give the branches the same total stride (the product of their "
                       "strides, divided by any upsampling)",
})

MESSAGES.update({
    # issue 13's second part: upsampling to a size, pooling dilation, causal padding,
    # pixel shuffle and space to depth, Keras's Normalization and ConvNeXt's LayerScale.
    "explain.resize": "{axis} {size} → {value}",
    "upsample.both": "give scale or output, not both",
    "fix.upsample-scale": "leave out scale",
    "fix.upsample-output": "leave out output",
    "upsample.corners": "align_corners is for mode bilinear, not {mode}",
    "fix.upsample-bilinear": "mode: bilinear",
    "fix.upsample-corners": "align_corners: false",
    "pool.dilation.differs": "{axis} dilation {dilation}: PyTorch's MaxPool takes it; Keras "
                             "pooling has none",
    "pool.dilation.refused": "dilation: Keras pooling has no dilation",
    "fix.pool-dilation-framework": "framework: pytorch (MaxPool's dilation)",
    "fix.pool-dilation": "dilation: 1",
    "causal.rank": "padding: causal is for 1-D convolutions (Keras Conv1D); this input has "
                   "{rank} spatial axes",
    "fix.causal-same": "padding: same",
    "fix.causal-pad": "a pad layer with the padding before",
    "depth.rank": "rearranges a 2-D map (height, width, channels); its input is {shape}",
    "depth.channels": "{channels} channels do not divide into blocks of r² = {blocks}",
    "fix.depth-channels": "{count} channels before it",
    "depth.axis": "{axis} {size} does not divide into blocks of {factor}",
    "fix.depth-axis": "an input {axis} of {size}",
    "explain.depth": "{height}, {width}, channels {channels}",
    "normalize.formula": "mean {channels} + variance {channels} + count 1 (non-trainable)",
    "normalize.fixed": "mean and variance are constants",
    "layer-scale.formula": "γ {channels}",
})

MESSAGES.update({
    # cnncalc import: a model file that cannot be read, or read only in part.
    "import.input-rank": "--input has {given} sizes, the model's input {rank}",
    "import.dangling": "{name} reads {tensor}, which nothing before it makes: a broken model "
                       "file",
    "import.unsupported": "cannot import: no cnncalc kind for {listed} (first: {first})",
    "fix.allow-unsupported": "--allow-unsupported writes the spec up to the first of them",
    "import.stops": "the spec stops before {name} ({what}): cnncalc has no kind for it; "
                    "{count} unsupported op(s) in all",
    "import.nothing": "nothing to import: the model starts with {name} ({what}), which "
                      "cnncalc has no kind for",
    "import.no-input-size": "the model's input size is not known",
    "fix.import-input": "give them: cnncalc import {source} --input {example} -o spec.yaml",
    "import.shared-weights": "cannot import: layers called more than once share their "
                             "weights, which a spec would count at each call: {shared}",
    "import.rounding-both": "pooling layers round both ways ({ceil} with ceil_mode, {floor} "
                            "without): a spec has one rounding",
    "import.no-config-json": "not a Keras archive: it holds no config.json",
    "import.config-size": "config.json declares {size} bytes, more than the {cap} MiB a model "
                          "config may have",
    "import.zip-bomb": "config.json inflates {ratio}-fold (a zip bomb?); refused",
    "import.not-zip": "not a zip archive, as a .keras file is ({detail})",
    "import.archive-unreadable": "cannot read the archive: {detail}",
    "import.config-grew": "config.json is larger than its header says; refused",
    "import.needs-h5py": "reading .h5 files needs h5py",
    "fix.save-keras": "or save the model as .keras",
    "import.not-hdf5": "not an HDF5 file h5py can read ({detail})",
    "import.no-model-config": "an HDF5 file without a Keras model_config (weights only?)",
    "import.not-utf8": "config is not UTF-8 text",
    "import.bad-json": "not valid JSON: {detail} at line {line}, column {column}",
    "import.json-deep": "JSON nested too deeply",
    "import.no-class-name": "not a Keras model config: the top level has no class_name "
                            "Sequential, Functional or Model",
    "import.unknown-config": "not a Keras model config this reader knows ({detail})",
    "import.outputs": "{count} outputs",
    "import.unreadable": "cannot read: {detail}",
    "import.not-onnx": "not an ONNX model (a protobuf reader found: {detail})",
    "import.onnx-empty": "not an ONNX model: its graph has no nodes",
    "import.inputs": "the model has {count} inputs; a cnncalc spec has one",
    "import.symbolic": "the input {name} has symbolic sizes {dims}",
    "import.onnx-node": "node {label} ({op}) is not as ONNX defines it: {detail}",
    "import.torch-input": "a PyTorch module needs the input size",
    "fix.torch-input": "give it with --input, without the batch: --input 3x224x224",
    "import.needs-torch": "importing a PyTorch module needs torch",
    "import.factory-failed": "{factory}() failed: {detail}",
    "import.not-module": "{factory}() returned a {type}, not an nn.Module",
    "import.no-file": "no such file: {target}",
    "import.syntax": "{file}:{line}: syntax error: {detail}",
    "import.module-failed": "cannot import {target}: {detail}",
    "import.no-attribute": "{target} has no {name}",
    "import.no-colon-name": "{target} has no name after the colon",
    "fix.import-factory": "name a class or a function returning an nn.Module: {target}:Net",
    "import.trace-where": " at {file}:{line} (`{text}`)",
    "import.trace-control-flow": "Python control flow (if/while) on a tensor's value or shape",
    "import.trace-value": "a tensor's value or size used as a plain Python number",
    "import.untraceable": "torch.fx cannot trace {model}.forward{where}: {what}",
    "fix.untraceable": "give flags as constants (torch.fx.symbolic_trace(..., "
                       "concrete_args=...)), or keep the part out of the trace: a leaf module "
                       "(Tracer.is_leaf_module) or a function wrapped with torch.fx.wrap; or "
                       "export to ONNX and import that",
    "import.model-fails": "the model fails on an input of shape {shape}: {detail}",
    "fix.model-fails": "check --input: channels first, without the batch",
    "import.torch-differs": "{layer}: cnncalc computes {engine}, torch {torch}; the import "
                            "stops rather than give a wrong number (please report it)",
    # What an op cnncalc has no kind for is, where the source's own name does not say it.
    "unsupported.outputs": "a model with several outputs",
    "unsupported.model-input": "one of {count} model inputs",
    "unsupported.second-input": "a second model input",
    "unsupported.no-tensor": "a tensor nothing computes ({tensor})",
    "unsupported.after": "an op after {layer}, whose shape cnncalc cannot compute",
    "unsupported.called": "{op} called {count} times (shared weights)",
    "unsupported.attribute": "a tensor attribute ({target})",
    "unsupported.run-time": "{what} computed at run time",
    "unsupported.not-weight": "{what} that is not a weight",
    "unsupported.pads-length": "{op}(pads of length {length})",
    "unsupported.uneven-pads": "{op}(uneven pads)",
    "unsupported.indices": "{op} with indices",
    "unsupported.not-every-axis": "{op} (not over every spatial axis)",
    "unsupported.rank": "{op} on a {rank}-D tensor",
    "unsupported.constant": "{op} with a constant",
    "unsupported.concat-run-time": "{op} of values computed at run time",
    "unsupported.reshape-zero": "{op} copying a size (0)",
    "unsupported.batch-or-channels": "{op} of the batch or channels",
    "unsupported.one-bound": "{op} with one bound",
    "unsupported.batch": "{op} of the batch",
    "unsupported.scale-per-group": "{op} with a scale per group (opset 18)",
    "unsupported.slopes": "{op} with slopes of shape {dims}",
    "unsupported.no-scales": "{op} without scales or sizes",
    "unsupported.scales": "{op} by {scales}",
    "unsupported.sizes": "{op} to sizes {sizes}",
    "unsupported.no-affine": "{op} without affine weights",
    "unsupported.prelu-channels": "{op} on {channels} channels",
    "unsupported.clamp": "{op} by a tensor or with one bound",
    "unsupported.across-batch": "{op} across the batch",
    "unsupported.fraction": "{op} by a fraction",
    "unsupported.along-batch": "{op} along the batch",
    "unsupported.indexing": "indexing a tensor other than by slices",
    "unsupported.slicing": "slicing the batch or channels",
    "unsupported.per-channel": "{op}({key} per channel)",
    "unsupported.arguments": "{op} of {count} arguments",
    "unsupported.divide-tensor": "{op} of a number by a tensor",
    "unsupported.divide-zero": "{op} by 0",
    "unsupported.no-class-name": "a layer without a class name ({name})",
    "unsupported.no-config": "{op} without a config",
    "unsupported.bad-config": "{op} with an unreadable config ({detail})",
    # What the ONNX reader found where a protobuf message belongs.
    "wire.number-end": "a number runs past the end",
    "wire.type": "wire type {wire} at byte {byte}",
    "wire.field-end": "a field runs past the end",
    "wire.number-not-message": "a number where a message or text belongs",
    "wire.empty": "the file is empty",
    "wire.no-graph": "no graph",
    # The patterns of `cnncalc sizes` (JSON keeps the English ones).
    "pattern.every": "every size ≥ {start}",
    "pattern.period": "{period}·k{rest} for k ≥ {k}",
    "pattern.residues": "{period}·k + {rest} from {start}",
    "pattern.or": " or ",
    "pattern.input": "input",
    # cnncalc solve --free and cnncalc sizes: what the command line asked that cannot be.
    "free.target": "{target}: expected LAYER.PARAM with a layer of the spec (such as {example})",
    "free.param": "{target}: {kind} has no parameter {param}; it has {params}",
    "free.none": "name at least one LAYER.PARAM",
    "free.range": "{item}: a range is written MIN:MAX, e.g. 0:100",
    "free.too-many": "{total} combinations; at most {most}: give narrower ranges "
                     "(LAYER.PARAM=MIN:MAX)",
    "sizes.too-much": "{layers} layers × {sizes} sizes is more than cnncalc sizes walks; give a "
                      "--range of at most {most} sizes",
    "cli.axis-sizes": "expected a size or one per axis such as 224x224, got {value}",
    "cli.assignment": "expected KEY=VALUE, got {value}",
    "cli.solve-kind": "{kind} is not a layer kind with a stride; one of {kinds} (or give a spec "
                      "with --free)",
    "cli.solve-set": "{kind} searches {searched}; not {unknown}",
    "verify.memory-size": "expected a size such as 512M or 2G, got {value}",
    "verify.memory": "{title}: verifying needs about {needed}, most at layer {layer}, more "
                     "than --max-memory {allowed}; use a smaller --batch or input, or raise "
                     "--max-memory",
    # The count formulas of the kinds added with issue 12.
    "norm.no-affine": "no γ, β (affine: false)",
    "prelu.slopes.one": "{count} slope ({slopes})",
    "prelu.slopes.many": "{count} slopes ({slopes})",
    # cnncalc export: what the target framework cannot write.
    "export.layer": "layer {layer} ({kind}): {text}",
    "export.pool-dilation": "Keras pooling has no dilation (PyTorch's MaxPool has)",
    "export.pool-ceil": "Keras pooling has no ceil mode (rounding: ceil)",
    "export.transpose-groups": "Keras transposed convolutions have no groups",
    "export.output-padding": "Keras takes an output_padding below the stride only; {extra} with "
                             "strides {strides}",
    "export.separable-3d": "Keras has no 3-D separable convolution",
    "export.depthwise-rank": "Keras has depthwise convolutions of 1-D and 2-D maps only",
    "export.align-corners": "Keras resizes with half-pixel centres only (align_corners)",
    "export.resize-rank": "Keras interpolates and resizes only 2-D maps; this one is {rank}-D",
    "export.nearest": "Keras's nearest resize is the half-pixel rule (mode: nearest_exact), "
                      "not PyTorch's nearest",
    "export.adaptive": "Keras has no adaptive pooling, and {output} does not divide {input} "
                       "into equal windows",
    "export.channel-pool-ceil": "Keras has no ceil mode for a channel pooling that needs it",
    "export.subtract": "Keras's Subtract takes two inputs, not {count}",
    "export.stride-dilation": "Keras convolutions take strides > 1 or dilation_rate > 1, not "
                              "both",
    "export.prelu-element": "PyTorch's PReLU learns one slope or one per channel, not one per "
                            "element (slopes: channel is the nearest)",
    # cnncalc draw: a node's third line.
    "draw.params": "{count} params",
    "torch.pool-half": "torch pools pad at most half the window; padding {padding} with size "
                       "{size}",
    "torch.pool-window": "torch's {module} needs an input of at least the window {size}, got "
                         "{sizes} before padding",
    # verify's backends, and check's files.
    "backend.unknown": "unknown backend {name}; expected one of {names}",
    "backend.missing": "the {name} backend needs the {package} package, which is not "
                       "installed: {install}",
    "backend.broken": "the {name} backend cannot load: {detail}; the package is installed but "
                      "broken, reinstall it: {install}",
    "backend.no-op": "the {name} backend has no op for {kind}",
    "backend.cpu-only": "the numpy backend runs on the CPU only; --device {device} needs "
                        "--backend torch",
    "backend.no-cuda": "--device cuda: CUDA is not available to this PyTorch ({version})",
    "check.no-match": "no file matches this pattern",
    "check.no-specs": "a directory without {suffixes} files",
    "check.too-many": "stopped after looking at {count} directory entries; name a smaller "
                      "directory or a narrower pattern",
    "check.vanished": "vanished while it was searched",
    "check.unreadable": "cannot read this directory: {reason}",
    "yaml.merge": "`<<` merges mappings only",
})
