"""The package reads as its data flow: import rules between stages, and small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rag"
MAX_LINES = 300
CORE = ("rag.ingest", "rag.index", "rag.search", "rag.answer", "rag.pipeline", "rag.evaluate", "rag.lang", "rag.config", "rag.schema", "rag.model_source")
FACES = ("rag.web", "rag.cli", "rag.cli_collections")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every rag.* module a file imports, at top level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "rag" or name.startswith("rag.")}


MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(source: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{module} imports {name}" for module, names in MODULES.items() if _within(module, source) for name in sorted(names) if _within(name, forbidden)]


@pytest.mark.parametrize(
    "source, forbidden",
    [
        (("rag.answer",), ("rag.pipeline", "rag.index")),  # answering gets passages and statistics as arguments
        (("rag.index",), ("rag.ingest", "rag.pipeline", "rag.answer")),  # the index is on-disk formats only
        (("rag.ingest",), ("rag.index", "rag.search", "rag.answer", "rag.pipeline")),
        (("rag.search",), ("rag.answer", "rag.pipeline", "rag.ingest")),
        (CORE, FACES),  # the core never reaches into a face
        (FACES, ("rag.index", "rag.ingest", "rag.search", "rag.answer")),  # faces know only the orchestration layer
    ],
)
def test_imports_follow_the_data_flow(source, forbidden):
    assert _violations(source, forbidden) == []


def test_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE.parent)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_rule_checker_sees_imports_inside_functions():
    assert "rag.pipeline" in MODULES["rag.web.app"] and "rag.config" in MODULES["rag.pipeline.asking"]
