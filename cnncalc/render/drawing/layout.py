"""Where the boxes of a layered drawing go: geometry only, no text and no drawing language.

A Sugiyama-style layout, top to bottom, in time about linear in the size of the drawing
(nodes plus the ranks each edge crosses), so a 1,000-layer network takes ten times a
100-layer one:

1. ranks: each node one rank below the lowest of its inputs (the longest path from the
   input), so every edge goes down;
2. an edge that crosses ranks gets a point on each rank it crosses ("dummy" nodes), which
   is what keeps it clear of the boxes on those ranks;
3. order within each rank: barycentre sweeps, down and up, keeping the order with the
   fewest crossings (counted by merge sort, E log E per sweep);
4. x: each node wants the mean x of its neighbours on the rank just swept from; the order
   and the minimum gaps are kept by a weighted isotonic regression (pool adjacent
   violators, linear per rank), dummies weighing little so real boxes stay in line;
5. blocks: the rectangle around their members, with room above for a title; the gap above
   each rank grows with the titles and margins that meet there.
"""

from __future__ import annotations

from dataclasses import dataclass

GAP_X = 28.0  # between neighbouring boxes on a rank
GAP_Y = 36.0  # between ranks, before block margins
DUMMY_WIDTH = 10.0  # room for an edge passing a rank
PAD = 10.0  # a block's margin around what it holds
TITLE = 18.0  # a block's title, above its members
MARGIN = 16.0  # around the drawing
SWEEPS = 8


@dataclass(frozen=True, slots=True)
class Box:
    x: float  # left
    y: float  # top
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Geometry:
    boxes: tuple[Box, ...]  # one per node, in the order given
    edges: tuple[tuple[tuple[float, float], ...], ...]  # points from source to target
    groups: tuple[Box, ...]  # one per group, in the order given
    width: float
    height: float
    crossings: int  # edge crossings left between neighbouring ranks


def layered(sizes, edges, groups=()) -> Geometry:
    """`sizes` are (width, height) of the nodes, `edges` (source, target) positions with
    the source written first (a topological order), `groups` (members, parent) for each
    block, outer before inner: the nodes directly in it and the position of the block
    around it in `groups` (None at the top)."""
    n = len(sizes)
    rank = [0] * n
    for source, target in sorted(edges, key=lambda edge: edge[1]):
        rank[target] = max(rank[target], rank[source] + 1)
    ranks, chains, width = _with_dummies(sizes, edges, rank)
    up: list[list[int]] = [[] for _ in width]  # each node's neighbours on the rank above
    down: list[list[int]] = [[] for _ in width]  # and below
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
    order, crossings = _ordered(ranks, up, down)
    x = _placed(order, up, down, width, n)
    tops, heights = _rows(order, sizes, rank, groups)
    boxes = [Box(x[v] - sizes[v][0] / 2, tops[rank[v]], *sizes[v]) for v in range(n)]
    lines = _routes(edges, chains, boxes, x, rank, tops, heights)
    frames = _frames(groups, boxes, edges, lines)
    points = [point for line in lines for point in line]
    left = min([b.x for b in boxes + frames] + [px for px, _ in points], default=0.0)
    top = min([b.y for b in boxes + frames], default=0.0)
    dx, dy = MARGIN - left, MARGIN - top
    boxes = [Box(b.x + dx, b.y + dy, b.w, b.h) for b in boxes]
    frames = [Box(b.x + dx, b.y + dy, b.w, b.h) for b in frames]
    lines = [tuple((px + dx, py + dy) for px, py in line) for line in lines]
    right = max([b.right for b in boxes + frames] + [px for line in lines for px, _ in line],
                default=0.0) + MARGIN
    bottom = max([b.bottom for b in boxes + frames], default=0.0) + MARGIN
    return Geometry(tuple(boxes), tuple(lines), tuple(frames), right, bottom, crossings)


def _with_dummies(sizes, edges, rank):
    """The nodes of each rank (real ones, then the points of long edges) and, per edge, the
    chain of nodes it passes through."""
    ranks: list[list[int]] = [[] for _ in range(max(rank, default=0) + 1)]
    width = [w for w, _ in sizes]
    for v, r in enumerate(rank):
        ranks[r].append(v)
    chains = []
    for source, target in edges:
        chain = [source]
        for r in range(rank[source] + 1, rank[target]):
            ranks[r].append(len(width))
            chain.append(len(width))
            width.append(DUMMY_WIDTH)
        chains.append(chain + [target])
    return ranks, chains, width


def _ordered(ranks, up, down):
    """The order within each rank with the fewest crossings the sweeps found."""
    order = [list(nodes) for nodes in ranks]
    best, fewest = [list(nodes) for nodes in order], _crossings(order, down)
    for sweep in range(SWEEPS):
        going_down = sweep % 2 == 0
        steps = range(1, len(order)) if going_down else range(len(order) - 2, -1, -1)
        for r in steps:
            fixed = order[r - 1] if going_down else order[r + 1]
            position = {v: i for i, v in enumerate(fixed)}
            near = up if going_down else down

            def centre(v, i, near=near, position=position):
                linked = [position[u] for u in near[v]]
                return sum(linked) / len(linked) if linked else i

            current = order[r]
            keys = {v: centre(v, i) for i, v in enumerate(current)}
            order[r] = sorted(current, key=keys.__getitem__)  # stable: ties keep their order
        count_now = _crossings(order, down)
        if count_now < fewest:
            best, fewest = [list(nodes) for nodes in order], count_now
    return best, fewest


def _crossings(order, down) -> int:
    """Edge crossings between neighbouring ranks: the inversions of the lower ends when
    the edges are sorted by their upper ends."""
    total = 0
    for upper, lower in zip(order, order[1:]):
        position = {v: i for i, v in enumerate(lower)}
        ends = [position[w] for v in upper for w in sorted(down[v], key=position.__getitem__)]
        total += _inversions(ends)
    return total


def _inversions(values: list[int]) -> int:
    if len(values) < 2:
        return 0
    middle = len(values) // 2
    left, right = values[:middle], values[middle:]
    count = _inversions(left) + _inversions(right)
    i = j = 0
    merged = []
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            merged.append(right[j])
            count += len(left) - i
            j += 1
        else:
            merged.append(left[i])
            i += 1
    values[:] = merged + left[i:] + right[j:]
    return count


def _placed(order, up, down, width, real: int) -> list[float]:
    """The x of every node's centre: sweeps pulling each towards its neighbours."""
    x = [0.0] * len(width)
    for nodes in order:
        _fit(nodes, [0.0] * len(nodes), x, width, real)
    for sweep in range(SWEEPS):
        near = up if sweep % 2 == 0 else down
        for nodes in (order if sweep % 2 == 0 else reversed(order)):
            _fit(nodes, [_wanted(v, near[v], x, real) for v in nodes], x, width, real)
    return x


def _wanted(v: int, linked: list[int], x: list[float], real: int) -> float:
    """Where a node would like to be: the mean x of its neighbours; a real node heeds only
    its real neighbours when it has any, so a long edge passing by does not pull the main
    line sideways."""
    if v < real and any(u < real for u in linked):
        linked = [u for u in linked if u < real]
    return sum(x[u] for u in linked) / len(linked) if linked else x[v]


def _fit(nodes, wanted, x, width, real: int) -> None:
    """Set x of `nodes` (one rank, in order) as near `wanted` as the gaps allow: with
    offsets o_i for the minimum gaps, x_i - o_i must not decrease, and pool adjacent
    violators finds the weighted least-squares such sequence."""
    offsets, total = [], 0.0
    for i, v in enumerate(nodes):
        if i:
            total += (width[nodes[i - 1]] + width[v]) / 2 + GAP_X
        offsets.append(total)
    pools: list[list[float]] = []  # [weighted sum, weight, count]
    for v, want, offset in zip(nodes, wanted, offsets):
        weight = 1.0 if v < real else 0.05
        pools.append([(want - offset) * weight, weight, 1])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            s, w, c = pools.pop()
            pools[-1][0] += s
            pools[-1][1] += w
            pools[-1][2] += c
    i = 0
    for s, w, c in pools:
        for _ in range(c):
            x[nodes[i]] = s / w + offsets[i]
            i += 1


def _rows(order, sizes, rank, groups):
    """The top and height of each rank; the gap above a rank makes room for the titles of
    the blocks that begin on it and the margins of those that end just above it."""
    heights = [0.0] * len(order)
    for v, (_, h) in enumerate(sizes):
        heights[rank[v]] = max(heights[rank[v]], h)
    begin = [0] * (len(order) + 1)
    end = [0] * (len(order) + 1)
    spans = [[len(order), -1] for _ in groups]  # first and last rank of each block
    for number in reversed(range(len(groups))):
        members, parent = groups[number]
        span = spans[number]
        for v in members:
            span[0], span[1] = min(span[0], rank[v]), max(span[1], rank[v])
        if span[1] >= 0:
            begin[span[0]] += 1
            end[span[1] + 1] += 1
            if parent is not None:
                spans[parent][0] = min(spans[parent][0], span[0])
                spans[parent][1] = max(spans[parent][1], span[1])
    tops, y = [], 0.0
    for r, height in enumerate(heights):
        y += (GAP_Y if r else 0.0) + begin[r] * (TITLE + PAD) + end[r] * PAD
        tops.append(y)
        y += height
    return tops, heights


def _routes(edges, chains, boxes, x, rank, tops, heights):
    """Each edge from the bottom of its source to the top of its target, through its points
    on the ranks between; ends spread along a box's side in the order of the far ends."""
    outs: dict[int, list[int]] = {}
    ins: dict[int, list[int]] = {}
    for number, chain in enumerate(chains):
        outs.setdefault(chain[0], []).append(number)
        ins.setdefault(chain[-1], []).append(number)

    def ports(attached, far):
        spots = {}
        for v, numbers in attached.items():
            numbers.sort(key=lambda e: x[far(chains[e])])
            for i, e in enumerate(numbers):
                spots[e] = boxes[v].x + boxes[v].w * (i + 1) / (len(numbers) + 1)
        return spots

    start = ports(outs, lambda chain: chain[1])
    finish = ports(ins, lambda chain: chain[-2])
    lines = []
    for number, ((source, target), chain) in enumerate(zip(edges, chains)):
        points = [(start[number], boxes[source].bottom)]
        for r, v in zip(range(rank[source] + 1, rank[target]), chain[1:-1]):
            points += [(x[v], tops[r]), (x[v], tops[r] + heights[r])]
        points.append((finish[number], boxes[target].y))
        lines.append(tuple(points))
    return lines


def _frames(groups, boxes, edges, lines) -> list[Box]:
    """Each block's rectangle: its members' boxes, the wires between them and the
    rectangles of the blocks in it, with margins and room for the title."""
    spans: list[list[float] | None] = [None] * len(groups)  # left, top, right, bottom

    def widen(number, left, top, right, bottom):
        span = spans[number]
        spans[number] = [left, top, right, bottom] if span is None else [
            min(span[0], left), min(span[1], top), max(span[2], right), max(span[3], bottom)]

    owner: dict[int, int] = {}  # a node → the innermost block holding it
    for number, (members, _) in enumerate(groups):
        for v in members:
            owner[v] = number
            widen(number, boxes[v].x, boxes[v].y, boxes[v].right, boxes[v].bottom)
    for (source, target), line in zip(edges, lines):  # a wire inside a block stays inside
        number = _common(owner.get(source), owner.get(target), groups)
        for px, py in line[1:-1]:
            if number is not None:
                widen(number, px - DUMMY_WIDTH / 2, py, px + DUMMY_WIDTH / 2, py)
    frames: list[Box] = [Box(0.0, 0.0, 0.0, 0.0)] * len(groups)
    for number in reversed(range(len(groups))):  # inner blocks come after outer ones
        if spans[number] is None:
            continue
        left, top, right, bottom = spans[number]
        frames[number] = Box(left - PAD, top - PAD - TITLE, right - left + 2 * PAD,
                             bottom - top + 2 * PAD + TITLE)
        parent = groups[number][1]
        if parent is not None:
            frame = frames[number]
            widen(parent, frame.x, frame.y, frame.right, frame.bottom)
    return frames


def _common(a: int | None, b: int | None, groups) -> int | None:
    """The innermost block holding both blocks (None: only the whole drawing)."""
    around = set()
    while a is not None:
        around.add(a)
        a = groups[a][1]
    while b is not None and b not in around:
        b = groups[b][1]
    return b
