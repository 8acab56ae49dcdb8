"""The layers of src/detente import each other only along the edges docs/architecture.md allows,
and no module imports itself back through others (no cycles)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import detente

PACKAGE = Path(detente.__file__).parent
DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def _allowed_edges() -> dict[str, set[str]]:
    """The table in docs/architecture.md: ``| layer | may import |`` rows."""
    rows = re.findall(r"^\| `(\w+)` \|([^|]*)\|", DOC.read_text(encoding="utf-8"), re.M)
    return {layer: set(re.findall(r"`(\w+)`", targets)) for layer, targets in rows}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.Module) -> Iterator[str]:
    """Every ``detente`` module imported, except under ``if TYPE_CHECKING:``."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = {m for m in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))}
        graph[name] = {m for m in targets if m in files and m != name}
    return graph


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_every_layer_is_listed_in_the_architecture_document() -> None:
    layers = {_layer(m) for m in _graph() if m != "detente"}
    assert layers <= set(_allowed_edges()), sorted(layers - set(_allowed_edges()))


def _forbidden(graph: dict[str, set[str]], allowed: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{source} -> {target}"
        for source, targets in graph.items()
        for target in targets
        if "detente" not in (source, target)  # the package root holds only __version__
        and _layer(target) != _layer(source)
        and _layer(target) not in allowed.get(_layer(source), set())
    )


def test_layers_import_only_along_the_documented_edges() -> None:
    forbidden = _forbidden(_graph(), _allowed_edges())
    assert not forbidden, "\n".join(forbidden)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among modules (a package importing its own submodules is no cycle)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if node.startswith(target + "."):
                continue  # a submodule reading its package's already-imported names
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_walk_catches_a_forbidden_edge_and_a_cycle() -> None:
    graph = {"detente.models.a": {"detente.report.b"}, "detente.report.b": {"detente.models.a"}}
    assert _forbidden(graph, _allowed_edges()) == [
        "detente.models.a -> detente.report.b",
        "detente.report.b -> detente.models.a",
    ]
    assert _cycle(graph) == ["detente.models.a", "detente.report.b", "detente.models.a"]
