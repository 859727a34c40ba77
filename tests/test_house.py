"""The house stays walkable: imports point one way (no circle, lazy imports included), modules
stay small enough to read, the sample generator keeps its tables in data files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "bridge_match"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module of the package that ``name`` imports, at the top, in a function, or under
    ``TYPE_CHECKING`` (a lazy import is still a dependency)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target not in (name, "bridge_match"):
                out.add(target)
    return out


def test_no_import_circle():
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                circle = [*trail[trail.index(target) :], target]
                pytest.fail("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in MODULES:
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("name", [n for n in MODULES if not n.startswith("bridge_match.sample")])
def test_modules_stay_readable(name):
    assert len(MODULES[name].read_text("utf-8").splitlines()) <= 600


def test_sample_tables_are_data_not_code():
    lines = sum(
        len(path.read_text("utf-8").splitlines())
        for name, path in MODULES.items()
        if name.startswith("bridge_match.sample")
    )
    assert lines < 800
    assert list((PACKAGE / "sample" / "data").rglob("*.yaml"))


def test_matcher_holds_the_stages_in_order_not_their_work():
    tree = ast.parse(MODULES["bridge_match.matcher"].read_text("utf-8"))
    matcher = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Matcher")
    assert matcher.end_lineno - matcher.lineno + 1 <= 350
