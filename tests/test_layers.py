"""Imports point down the layer table in core/layers.py, and nothing imports in a circle.

Every module of every local app is imported at top level (a broken or circular import fails
here, not on a user's first request), then read with `ast`: every import, at module level or
inside a function, is checked against the table.
"""

import ast
import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from core.layers import LAYERS, PENDING, SIDEWAYS

ROOT = Path(settings.BASE_DIR)
LAYER_OF = {unit: depth for depth, units in enumerate(LAYERS) for unit in units}
PROJECT = "jiaozuo_portal"


@dataclass(frozen=True)
class Edge:
    importer: str  # module doing the import
    target: str  # module (or package) imported
    line: int
    in_function: bool

    @property
    def where(self) -> str:
        return f"{self.importer.replace('.', '/')}.py:{self.line}"


def _is_ours(path: Path) -> bool:
    """Under the checkout but not in a virtual environment kept inside it (make's .venv)."""
    return path.is_relative_to(ROOT) and "site-packages" not in path.parts


def local_apps() -> list[str]:
    """Every app in INSTALLED_APPS whose code lives in this repository, plus the project package."""
    names = [c.name for c in apps.get_app_configs() if _is_ours(Path(c.path).resolve())]
    return [*names, PROJECT]


@cache
def modules() -> dict[str, Path]:
    """Dotted name -> file of every module of every local app (migrations left out)."""
    found = {}
    for app in local_apps():
        for path in sorted((ROOT / app.replace(".", "/")).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def local_package(name: str) -> bool:
    return (ROOT / name.split(".")[0] / "__init__.py").exists()


def unit_of(module: str) -> str | None:
    """The table unit a module belongs to: the longest matching prefix."""
    best = None
    for unit in LAYER_OF:
        if (module == unit or module.startswith(unit + ".")) and (best is None or len(unit) > len(best)):
            best = unit
    return best


def _absolute(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer if modules()[importer].name == "__init__.py" else importer.rpartition(".")[0]
    parts = package.split(".")
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


@cache
def edges() -> tuple[Edge, ...]:
    """Every import of a local module by a local app module, with its line and whether it is
    inside a function."""
    found = []
    for importer, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        nested = {id(inner) for fn in functions for inner in ast.walk(fn) if inner is not fn}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(importer, node)
                # `from pkg import module` imports the module; `from module import name` the module.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in node.names]
            else:
                continue
            for target in targets:
                if target and local_package(target) and target != importer:
                    found.append(Edge(importer, target, node.lineno, id(node) in nested))
    return tuple(found)


def pending(edge: Edge) -> tuple[str, str] | None:
    for importer, target in PENDING:
        if unit_match(edge.importer, importer) and unit_match(edge.target, target):
            return importer, target
    return None


def unit_match(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def app_of(module: str) -> str:
    return module.split(".")[0]


def sideways(edge: Edge) -> bool:
    return (app_of(edge.importer), app_of(edge.target)) in SIDEWAYS


def test_every_local_app_is_in_the_layer_table():
    missing = [app for app in local_apps() if unit_of(app) is None]
    assert not missing, (
        f"{', '.join(missing)} not in the layer table: add each to the layer it belongs to in "
        "core/layers.py (LAYERS), lowest first — see docs/architecture.md"
    )


def test_every_imported_local_package_is_in_the_layer_table():
    unknown = sorted({f"{e.where} imports {e.target}" for e in edges() if unit_of(e.target) is None})
    assert not unknown, "imports of local code that is not in core/layers.py (LAYERS):\n" + "\n".join(unknown)


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_imports_at_top_level(module):
    importlib.import_module(module)


def test_no_import_points_up_or_sideways():
    problems = []
    for edge in edges():
        mine, theirs = unit_of(edge.importer), unit_of(edge.target)
        if mine is None or theirs is None or mine == theirs or pending(edge):
            continue
        here, there = LAYER_OF[mine], LAYER_OF[theirs]
        how = "inside a function" if edge.in_function else "at module level"
        if there > here:
            problems.append(f"{edge.where}: {mine} imports {edge.target} ({how}), a higher layer")
        elif there == here and app_of(edge.importer) != app_of(edge.target) and not sideways(edge):
            problems.append(f"{edge.where}: {mine} imports {edge.target} ({how}), sideways in its layer")
    assert not problems, (
        "imports must point down core/layers.py (a lower app asks a higher one through a hook "
        "in core/registry.py):\n" + "\n".join(problems)
    )


def test_no_import_cycle():
    """No module reaches itself through imports (module-level or inside a function)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for edge in edges():
        target = edge.target
        while target not in graph and "." in target:
            target = target.rpartition(".")[0]
        if target in graph and target != edge.importer and not pending(edge):
            graph[edge.importer].add(target)
    cycles = _strongly_connected(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(sorted(c)) for c in cycles)


def test_exceptions_in_the_table_are_still_needed():
    used_pending = {pending(e) for e in edges()}
    stale = [f"PENDING {key}: {why}" for key, why in PENDING.items() if key not in used_pending]
    used_sideways = {(app_of(e.importer), app_of(e.target)) for e in edges()}
    stale += [f"SIDEWAYS {key}" for key in SIDEWAYS if key not in used_sideways]
    assert not stale, "no longer needed — delete from core/layers.py:\n" + "\n".join(stale)


def test_sideways_imports_do_not_go_both_ways():
    both = [(a, b) for a, b in SIDEWAYS if (b, a) in SIDEWAYS]
    assert not both, f"sideways imports both ways: {both}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found
