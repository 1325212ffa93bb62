"""search/ has no import cycle: query.py picks a backend, the backends use the shared modules,
and no shared module imports query.py or a backend back (statistics.py and query.py once
imported each other). Every import counts, also those inside functions or TYPE_CHECKING."""

import ast
from pathlib import Path

import search

PACKAGE = Path(search.__file__).parent


def _module_name(path: Path, root: Path) -> str:
    parts = ["search", *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the search modules it imports (``from . import x`` names the submodule x)."""
    modules = {_module_name(p, root): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in modules:  # an imported name: its module
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_search_modules_import_no_cycle():
    graph = import_graph()
    assert {"search.query", "search.statistics", "search.backends.postgres"} <= set(graph)
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph))


def test_the_backends_and_statistics_do_not_import_the_query_module():
    graph = import_graph()
    for module in ("search.statistics", "search.backends.postgres", "search.backends.sqlite"):
        assert "search.query" not in graph[module], module


def test_a_cycle_is_found(tmp_path):
    """The walker itself: two modules importing each other (one only for type hints)."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "a.py").write_text("from .b import thing\n")
    (tmp_path / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n"
    )
    (tmp_path / "c.py").write_text("from . import a\n")
    cycle = find_cycle(import_graph(tmp_path))  # named as if tmp_path were search/
    assert cycle is not None and set(cycle) == {"search.a", "search.b"}
