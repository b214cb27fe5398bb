"""Measure the import loops between dueregard's apps.

Usage: ``.venv/bin/python benchmarks/import_graph.py [--no-type-checking] [--no-demo]
[--skip MODULE ...] [-v]``

Builds the import graph of the ``dueregard`` package with grimp (no Django set-up, nothing
imported) and folds it onto the apps: ``dueregard.<app>`` for each folder with an
``apps.py``. Tests, migrations and ``conftest`` modules are left out: they are not
application code. Demo modules count unless ``--no-demo`` is given. ``--no-type-checking``
leaves out imports inside ``if TYPE_CHECKING:`` (as the import contracts do); ``--skip``
leaves out the imports made by a module and its submodules (to see the loops left once a
module that is being moved away is gone).

Prints the apps, the import edges between apps (with how many module imports make each),
and the strongly connected components of more than one app: the import loops.
``-v`` also lists, for each edge inside a loop, the module imports that make it.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "dueregard"


def is_application_module(module: str, *, demo: bool, skip: tuple[str, ...] = ()) -> bool:
    if any(module == s or module.startswith(f"{s}.") for s in skip):
        return False
    parts = module.split(".")
    if any(part in {"tests", "migrations", "conftest"} for part in parts):
        return False
    return demo or not any("demo" in part for part in parts)


def app_of(module: str, apps: set[str]) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    app = ".".join(parts[:2])
    return app if app in apps else None


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; components in no particular order, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            found.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-type-checking", action="store_true")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--skip", action="append", default=[], metavar="MODULE")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(
        PACKAGE, exclude_type_checking_imports=args.no_type_checking, cache_dir=None
    )
    apps = {f"{PACKAGE}.{path.parent.name}" for path in sorted((ROOT / PACKAGE).glob("*/apps.py"))}
    skip = tuple(args.skip)
    modules = [
        m for m in graph.modules if is_application_module(m, demo=not args.no_demo, skip=skip)
    ]

    edges: dict[str, set[str]] = defaultdict(set)
    imports: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for importer in sorted(modules):
        source = app_of(importer, apps)
        if source is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = app_of(imported, apps)
            if target is None or target == source:
                continue
            if not is_application_module(imported, demo=not args.no_demo):
                continue
            edges[source].add(target)
            imports[(source, target)].append((importer, imported))

    def short(app: str) -> str:
        return app.removeprefix(f"{PACKAGE}.")

    print(f"apps: {len(apps)}")
    print("  " + " ".join(short(a) for a in sorted(apps)))
    print(f"import edges between apps: {len(imports)}")
    for (source, target), pairs in sorted(imports.items()):
        print(f"  {short(source):>14} -> {short(target):<14} {len(pairs)}")

    components = strongly_connected(sorted(apps), edges)
    loops = sorted((c for c in components if len(c) > 1), key=len, reverse=True)
    in_loops = sum(len(c) for c in loops)
    print(f"import loops (strongly connected components of more than one app): {len(loops)}")
    print(f"apps in a loop: {in_loops} of {len(apps)}")
    for component in loops:
        members = set(component)
        print(f"  size {len(component)}: " + " ".join(short(a) for a in component))
        if args.verbose:
            for (source, target), pairs in sorted(imports.items()):
                if source in members and target in members:
                    for importer, imported in pairs:
                        print(f"      {importer} -> {imported}")


if __name__ == "__main__":
    main()
