"""The package's import graph, computed from the code: no circle, and no import that runs
back up the flow (docs/architecture.md).

Every `import` counts, at the top of a module, inside a function (a lazy import) or under
`TYPE_CHECKING`: a type hint that runs back up the flow ties the modules together as much
as a call does. Imports made by name at run time (`importlib.import_module`) cannot be
read and are checked by the tests of what they load.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "cnncalc"

# The folders from the bottom of the flow to the top. A module may import modules of its
# own folder and of the folders listed before it, never of one listed after it. Folders on
# one line are side by side: neither may import the other.
ORDER = (
    ("core",),  # records, choices, diagnostics, parameter types, limits, report records, text
    # The layer rules (one class per kind, the window arithmetic, receptive fields), and
    # beside them, not above, the numeric backends: verify holds the rules' numbers against
    # arrays, so a backend must never compute a shape with them.
    ("layers", "backends"),
    ("read",),  # text (and, later, model files) into a Spec
    ("engine",),  # Spec → Report
    ("render",  # Report → text (tables, JSON, markdown, CI formats, pictures)
     "solve",  # the size solver: runs the engine for many sizes and settings
     "export"),  # Spec + Report → PyTorch or Keras code
    ("run",),  # the pipeline of one spec, many files (check), verify against a backend
    ("",),  # the package's face, cnncalc/__init__.py: the library API
    ("cli",),  # the command line
    ("__main__",),
)
RANK = {folder: rank for rank, folders in enumerate(ORDER) for folder in folders}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The cnncalc modules `name` imports, anywhere in its code."""
    path = MODULES[name]
    package = name if is_package(path) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            # `from . import conv` imports the module conv, not a name of the package
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found.update(submodules & MODULES.keys() or {target})
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imports(name) for name in MODULES}


def folder(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_sits_in_a_folder_of_the_flow():
    """A new top-level module or folder must first be given its place in ORDER (and in
    docs/architecture.md)."""
    homeless = sorted(name for name in MODULES if folder(name) not in RANK)
    assert not homeless, (f"{', '.join(homeless)}: not in a folder of the flow; put it in "
                          f"one, or add its folder to ORDER in {Path(__file__).name} and to "
                          f"docs/architecture.md")


def test_no_import_runs_back_up_the_flow():
    upward = sorted(f"{name} imports {target} ({folder(name) or 'cnncalc'} may not import "
                    f"{folder(target) or 'cnncalc'})"
                    for name, targets in GRAPH.items() for target in targets
                    if folder(target) != folder(name)
                    and RANK[folder(target)] >= RANK[folder(name)])
    assert not upward, "\n".join(upward)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), and the
    modules that import themselves."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_circle():
    assert cycles(GRAPH) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_circle_finder_finds_circles(graph, expected):
    assert cycles(graph) == expected


def test_the_graph_sees_lazy_and_type_only_imports():
    """The two kinds of import the old graph was tied by must be seen."""
    assert "cnncalc.run.pipeline" in GRAPH["cnncalc.cli.shared"]  # inside a function
    assert "cnncalc.core.records" in GRAPH["cnncalc.backends.base"]  # under TYPE_CHECKING


def test_every_folder_is_a_package():
    """A folder without __init__.py would import (as a namespace package) but not ship:
    setuptools' find_packages leaves it out."""
    folders = {path.parent for path in PACKAGE.rglob("*.py")}
    assert sorted(str(f.relative_to(PACKAGE)) for f in folders
                  if not (f / "__init__.py").exists()) == []


def test_the_records_are_made_without_typing_namedtuple():
    """typing.NamedTuple checks every field's annotation when its class is made (compiling a
    string one into a ForwardRef), about 40% of the class's cost: cnncalc's records subclass
    core.record.Record, the same named tuple made without the checks (issue 15)."""
    made_by_typing = [name for name, path in MODULES.items()
                      if "NamedTuple)" in path.read_text(encoding="utf-8")]
    assert made_by_typing == []
