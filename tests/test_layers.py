"""The package's imports follow its layers (DESIGN.md's flow, bottom to top) and never form a cycle.

Every `import` and `from ... import` in briefer/ is read with ast, those inside functions and
`if TYPE_CHECKING:` included. A module may import from its own layer or a lower one, never a higher
one. A new module goes into LAYERS (a test fails until it does): match a module by its dotted name or
by a package prefix ending in ".*".
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "briefer"

LAYERS: list[tuple[str, list[str]]] = [
    # bottom: no briefer imports but each other
    # (compute_dask runs any map on a Dask cluster: the fetch map in gather and the ranking map in compute)
    ("foundation", ["briefer.errors", "briefer.models", "briefer.links", "briefer.printable", "briefer.version",
                    "briefer.wall_time", "briefer.compute_dask", "briefer.deferred"]),
    # the language registry holds data and rules only, so the config can check a language's name
    ("languages", ["briefer.languages", "briefer.languages.*", "briefer.labels", "briefer.labels.*"]),
    ("config and data", ["briefer.config", "briefer.config.*", "briefer.briefing_data", "briefer.archive", "briefer.output"]),
    ("text", ["briefer.text", "briefer.clean"]),
    ("sources", ["briefer.sources", "briefer.sources.*", "briefer.store", "briefer.reconcile", "briefer.gather"]),
    ("rank", ["briefer.summarize", "briefer.summarize.*", "briefer.evaluate"]),
    ("stories and themes", ["briefer.stories", "briefer.stories.*", "briefer.themes", "briefer.themes.*"]),
    # the per-article map: ranks, and finds each sentence's theme, names and quotes for the assembly
    ("map", ["briefer.compute"]),
    ("render", ["briefer.render", "briefer.publish", "briefer.template_check", "briefer.mail"]),
    ("pipeline", ["briefer.pipeline", "briefer.run_report"]),
    ("scheduler", ["briefer.scheduler", "briefer.scheduler.*"]),
    # top: the commands, the public API at the package root, `python -m briefer`
    ("commands", ["briefer.cli", "briefer.cli.*", "briefer", "briefer.__main__"]),
]

def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """(imported briefer module, line) for every import in the module, wherever it is written."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "briefer":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "briefer":
                continue
            for alias in node.names:  # `from . import web` imports the module briefer.sources.web
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in known else target), node.lineno


def layer_of(name: str) -> int | None:
    for index, (_, patterns) in enumerate(LAYERS):
        for pattern in patterns:
            if name == pattern or pattern.endswith(".*") and name.startswith(pattern[:-1]):
                return index
    return None


def graph() -> dict[str, dict[str, int]]:
    known = modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        edges[name] = {}
        for target, line in imports_of(name, path, known):
            if target != name and target in known:
                edges[name].setdefault(target, line)
    return edges


def test_every_module_has_a_layer():
    missing = [name for name in modules() if layer_of(name) is None]
    assert not missing, f"add these modules to LAYERS in tests/test_layers.py: {', '.join(missing)}"


def test_no_module_imports_from_a_higher_layer():
    broken = []
    for name, targets in graph().items():
        own = layer_of(name)
        for target, line in targets.items():
            theirs = layer_of(target)
            if own is not None and theirs is not None and theirs > own:
                broken.append(f"{module_name_to_path(name)}:{line}: {name} ({LAYERS[own][0]}) imports {target} "
                              f"({LAYERS[theirs][0]}), a higher layer")
    assert not broken, "\n".join(broken)


def test_no_import_cycles():
    edges = graph()
    cycles = [cycle for cycle in strongly_connected(edges) if len(cycle) > 1]
    described = []
    for cycle in cycles:
        links = [f"{a} -> {b} (line {edges[a][b]})" for a in sorted(cycle) for b in sorted(cycle) if b in edges[a]]
        described.append("import cycle among " + ", ".join(sorted(cycle)) + ":\n  " + "\n  ".join(links))
    assert not described, "\n".join(described)


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path):
    known = {"briefer.a": tmp_path / "a.py", "briefer.b": tmp_path / "b.py", "briefer.c": tmp_path / "c.py"}
    known["briefer.a"].write_text("def f():\n    from . import b\n    from .c import thing\n", encoding="utf-8")
    assert sorted(imports_of("briefer.a", known["briefer.a"], known)) == [("briefer.b", 2), ("briefer.c", 3)]


def test_cycles_are_found():
    assert sorted(map(sorted, strongly_connected({"x": {"y": 1}, "y": {"z": 1}, "z": {"x": 1}, "w": {"x": 1}}))) \
        == [["w"], ["x", "y", "z"]]


def module_name_to_path(name: str) -> str:
    path = modules()[name]
    return str(path.relative_to(ROOT))


def strongly_connected(edges: dict[str, dict[str, int]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in edges:
        if node not in index:
            visit(node)
    return groups
