"""The package's architecture: imports point one way (no module in an import cycle, counting
imports inside functions too), the model imports nothing of ours, and the writer registry and
the CLI agree."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "src" / "zhpress"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports anywhere (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from a import b`: the module a.b if there is one, else (a name in) a
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                     else node.module for a in node.names]
        for name in names:
            # `import zhpress.a.b` imports zhpress.a too: count the deepest module named
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != "zhpress":
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    graph = {}
    for name, path in paths.items():
        graph[name] = imports_of(path, modules) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_is_in_an_import_cycle():
    graph = import_graph()
    assert len(graph) > 30  # the whole package was read
    assert cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_model_imports_nothing_of_ours():
    assert import_graph()["zhpress.model"] == set()


def test_layers_point_one_way():
    """Readers, writers and the style and typesetting code never import the CLI, the build
    orchestration or the publishing stage."""
    graph = import_graph()
    upper = ("zhpress.cli", "zhpress.build", "zhpress.publish", "zhpress.check")
    for name, targets in graph.items():
        if name.startswith(("zhpress.readers", "zhpress.writers", "zhpress.style",
                            "zhpress.typeset")):
            assert not [t for t in targets if t.startswith(upper)], name


def test_cli_offers_every_registered_writer():
    from zhpress.cli import WRITER_NAMES
    from zhpress.writers import WRITERS

    assert tuple(WRITERS) == WRITER_NAMES


def test_only_engine_modules_patch_engines():
    """Private WeasyPrint and Snakemake internals are replaced in one module per engine."""
    patchers = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "setattr(owner" in text or "JobScheduler._" in text or "Executor.__post_init__ =" in text:
            patchers.add(module_name(path))
    assert patchers == {"zhpress.typeset.weasyprint", "zhpress.build.snakemake"}
