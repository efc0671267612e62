"""The tree tells the truth: no import circle between files, and layers point one way.

The graph is read from the source (every ``import`` and ``from … import``, also inside
functions), so a lazy import that hides a circle is caught too.
"""

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kencana", "kecamatan", "logistics")

# Lower layers import nothing from the layers above them.
GROUND = ("kecamatan", "kencana.accounts", "kencana.core")
GROUND_MAY_USE = (*GROUND, "kencana.formats", "kencana.settings", "kencana.celery")
LIBRARY_MAY_USE = (*GROUND_MAY_USE, "kencana.library")
TOP = ("kencana.dashboard", "kencana.operations")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _import_graph() -> dict[str, set[str]]:
    """Read once per process: the tests only read it."""
    files = {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph = {}
    for module, path in files.items():
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")
                    base = base[: len(base) - node.level + (path.name == "__init__.py")]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module
                for alias in node.names:  # ``from pkg import module`` depends on the module, not the package
                    names.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in files else target)
        resolved = set()
        for name in names:
            while name and name not in files:
                name = name.rpartition(".")[0]
            if name and name != module:
                resolved.add(name)
        graph[module] = resolved
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one file (Tarjan, iteratively)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
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
                    circles.append(sorted(component))
    return circles


def test_no_two_files_import_each_other_even_through_others():
    assert _circles(_import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def _imports_outside(prefixes: tuple[str, ...], allowed: tuple[str, ...]) -> list[str]:
    return [
        f"{module} -> {target}"
        for module, targets in sorted(_import_graph().items())
        if module.startswith(prefixes)
        for target in sorted(targets)
        if not target.startswith(allowed) and target != "kencana"
    ]


def test_territory_accounts_and_core_import_no_app_above_them():
    assert _imports_outside(GROUND, GROUND_MAY_USE) == []


def test_the_template_library_imports_none_of_the_apps_that_use_it():
    assert _imports_outside(("kencana.library",), LIBRARY_MAY_USE) == []


def test_no_programme_app_imports_the_dashboard_or_the_operations_tools():
    graph = _import_graph()
    upward = [
        f"{module} -> {target}"
        for module, targets in sorted(graph.items())
        if not module.startswith((*TOP, "kencana.urls", "kencana.api_urls"))
        for target in sorted(targets)
        if target.startswith(TOP)
    ]
    assert upward == []
