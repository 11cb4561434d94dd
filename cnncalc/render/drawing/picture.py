"""What a picture shows, in no drawing language yet: nodes, the wiring between them and the
blocks around them, made from a report.

One node per layer, plus one for the input. With `depth` (as `summary --depth` folds the
table) a block at that level becomes one node standing for all its layers, and only the
blocks above it are drawn around nodes. Node and block ids are made here (`n0`, `n1`, …,
`b0`, …) rather than from the user's names, so no name can clash with a word a drawing
language reserves (Mermaid's `end`) or need escaping where an id stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.messages import say

INPUT = "input"  # how a layer's `inputs` names the network's input


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str  # the last part of its name: the blocks drawn around it say the rest
    full_name: str
    kind: str  # a layer's kind, or a folded block's name under `blocks:`
    shape: tuple[int, ...] | None
    params: int | None
    blocks: tuple[str, ...]  # the path of the innermost block drawn around it

    def shape_text(self) -> str:
        """`36×28×20`, the tutorials' way."""
        return "?" if self.shape is None else "×".join(map(str, self.shape))

    def lines(self) -> tuple[str, str, str]:
        """The label: name; kind and output shape; parameters."""
        params = "?" if self.params is None else f"{self.params:,}"
        return self.name, f"{self.kind} · {self.shape_text()}", say("draw.params", count=params)


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    path: tuple[str, ...]
    kind: str

    @property
    def label(self) -> str:
        return f"{self.path[-1]} ({self.kind})"


@dataclass(frozen=True, slots=True)
class Picture:
    title: str
    layout: str  # the report's: where the channels are in a shape
    nodes: tuple[Node, ...]  # the input first, then in the written order
    edges: tuple[tuple[int, int], ...]  # (from, to) positions in `nodes`, each once
    blocks: tuple[Block, ...]  # outer before inner

    def outline(self):
        """The nodes and blocks as the languages that nest blocks in the text write them:
        ("node", node, level), ("open", block, level) … ("close", block, level), in the
        written order, level 0 being the top."""
        blocks = {block.path: block for block in self.blocks}
        held: dict[tuple[str, ...], list[Node | Block]] = {(): []}
        for node in self.nodes:
            for level in range(1, len(node.blocks) + 1):
                path = node.blocks[:level]
                if path not in held:
                    held[path] = []
                    held[path[:-1]].append(blocks[path])
            held[node.blocks].append(node)

        def walk(items, level):
            for item in items:
                if isinstance(item, Node):
                    yield "node", item, level
                else:
                    yield "open", item, level
                    yield from walk(held[item.path], level + 1)
                    yield "close", item, level

        return walk(held[()], 0)


def picture(report, depth: int | None = None) -> Picture:
    """The picture of a valid report's network."""
    kinds = {block.path: block for block in report.blocks}
    nodes = [Node("n0", INPUT, INPUT, INPUT, report.input_shape, 0, ())]
    where: dict[str, int] = {INPUT: 0}  # a layer's full name → its node's position
    folded: dict[tuple[str, ...], int] = {}
    edges: dict[tuple[int, int], None] = {}  # insertion-ordered set
    for row in report.rows:
        if depth is not None and len(row.block) >= depth:
            path = row.block[:depth]
            if path not in folded:
                folded[path] = len(nodes)
                block = kinds[path]
                nodes.append(Node(f"n{len(nodes)}", path[-1], block.name, block.kind,
                                  block.output_shape, block.totals.params, path[:-1]))
            position = folded[path]
        else:
            position = len(nodes)
            nodes.append(Node(f"n{position}", row.name.rsplit("/", 1)[-1], row.name,
                              row.kind, row.output_shape, row.params, row.block))
        where[row.name] = position
        for source in row.inputs:
            start = where.get(source)
            if start is not None and start != position:
                edges[start, position] = None
    used = sorted({node.blocks[:level] for node in nodes
                   for level in range(1, len(node.blocks) + 1)},
                  key=lambda path: (kinds[path].first, len(path)))
    blocks = tuple(Block(f"b{number}", path, kinds[path].kind)
                   for number, path in enumerate(used))
    return Picture(report.title, report.layout, tuple(nodes), tuple(edges), blocks)


def spatial(shape: tuple[int, ...], layout: str) -> tuple[int, int, int]:
    """(height, width, channels) of an output, for a figure of feature maps: a vector is a
    column of `n` (n×1×1), a sequence `length×1×channels`; axes beyond two spatial ones
    are multiplied into the width."""
    if len(shape) <= 1:
        return (shape[0] if shape else 1), 1, 1
    channels, sizes = (shape[0], shape[1:]) if layout == "channels_first" else \
        (shape[-1], shape[:-1])
    width = 1
    for size in sizes[1:]:
        width *= size
    return sizes[0], width, channels
