"""The layered layout's promises, for random graphs (hypothesis): no two boxes overlap,
every wire goes down from its source's bottom to its target's top and passes beside the
boxes on the ranks it crosses, every block's frame holds its members and inner blocks.
That its time grows in proportion to the graph is measured by benchmarks/draw.py (SVGs of
1,001 and 4,001 layers), not asserted here: a timed assertion fails on a busy machine."""


from hypothesis import given, settings, strategies as st
from pytest import approx

from cnncalc import analyze, load
from cnncalc.render.drawing.layout import layered
from cnncalc.render.drawing.picture import picture
from cnncalc.render.svg import arrange
from conftest import ROOT


@st.composite
def graphs(draw):
    """(sizes, edges, groups): nodes in a topological order, each but the first reading
    1–3 earlier ones (merges, skips, branches), blocks as nested runs of nodes."""
    n = draw(st.integers(1, 40))
    sizes = [(draw(st.floats(10, 200)), draw(st.floats(20, 70))) for _ in range(n)]
    edges = set()
    for v in range(1, n):
        for _ in range(draw(st.integers(1, 3))):
            edges.add((draw(st.integers(max(0, v - draw(st.integers(1, 12))), v - 1)), v))
    groups, owner = [], [None] * n  # a node's innermost group
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        stop = draw(st.integers(start + 1, n))
        parents = {owner[v] for v in range(start, stop)}
        if len(parents) == 1:  # nested in one block (or none): blocks stay a tree
            groups.append(([], parents.pop()))
            for v in range(start, stop):
                owner[v] = len(groups) - 1
    for v, g in enumerate(owner):
        if g is not None:
            groups[g][0].append(v)
    return sizes, sorted(edges, key=lambda e: (e[1], e[0])), groups


def _overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_boxes_never_overlap_and_every_wire_goes_down(graph):
    sizes, edges, groups = graph
    geometry = layered(sizes, edges, groups)
    boxes = geometry.boxes
    assert [(b.w, b.h) for b in boxes] == sizes
    for i, a in enumerate(boxes):
        assert 0 <= a.x and a.right <= geometry.width and 0 <= a.y and a.bottom <= geometry.height
        assert not any(_overlap(a, b) for b in boxes[i + 1:])
    for (source, target), line in zip(edges, geometry.edges):
        (x0, y0), (x1, y1) = line[0], line[-1]
        assert y0 == approx(boxes[source].bottom) and boxes[source].x < x0 < boxes[source].right
        assert y1 == approx(boxes[target].y) and boxes[target].x < x1 < boxes[target].right
        assert all(b[1] > a[1] for a, b in zip(line, line[1:]))  # down, at every step
        for (xa, ya), (xb, yb) in zip(line[1:-1:2], line[2:-1:2]):  # beside other boxes
            assert xa == xb
            assert not any(box.x < xa < box.right and box.y < yb and ya < box.bottom
                           for box in boxes)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_block_frames_hold_their_members_wires_and_inner_blocks(graph):
    sizes, edges, groups = graph
    geometry = layered(sizes, edges, groups)

    def inside(inner, outer) -> bool:
        return outer.x < inner.x and inner.right < outer.right and outer.y < inner.y \
            and inner.bottom < outer.bottom

    for (members, parent), frame in zip(groups, geometry.groups):
        assert all(inside(geometry.boxes[v], frame) for v in members)
        for (source, target), line in zip(edges, geometry.edges):  # wires inside stay in
            if source in members and target in members:
                assert all(frame.x < x < frame.right and frame.y < y < frame.bottom
                           for x, y in line)
        if parent is not None and members:
            assert inside(frame, geometry.groups[parent])


def test_networks_of_the_zoo_are_drawn_without_crossings():
    for name in ("specs/resnet_block_demo.yaml", "specs/zoo/resnet50.yaml",
                 "specs/zoo/mobilenet_v2.yaml", "specs/zoo/resnet18.yaml"):
        assert arrange(picture(analyze(load(str(ROOT / name))))).crossings == 0, name
