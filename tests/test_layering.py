"""Imports run one way: graph_model ← loaders ← queries ← visualisations ← api.

=================  =========================================================
package            may not import
=================  =========================================================
graph_model        any sibling package (it is pure)
loaders            queries, api, visualisations
queries            api, visualisations
visualisations     api
=================  =========================================================

Every import in a package's source counts, including those inside functions (a
lazy import is still a dependency). Doctests are text and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph_model", "loaders", "queries", "visualisations", "api")

FORBIDDEN: dict[str, set[str]] = {
    "graph_model": {"loaders", "queries", "visualisations", "api"},
    "loaders": {"queries", "visualisations", "api"},
    "queries": {"visualisations", "api"},
    "visualisations": {"api"},
    "api": set(),
}


def imported_packages(source: str, module: str) -> set[str]:
    """The top-level project packages that ``source`` (the module ``module``, dotted) imports.

    >>> sorted(imported_packages("from ..errors import x\\nimport queries.registry", "api.cli.app"))
    ['api', 'queries']
    """
    found: set[str] = set()
    parts = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = parts[: len(parts) - node.level]
                if not base and not node.module:  # `from ... import queries` names top-level packages
                    found.update(alias.name for alias in node.names)
                    continue
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target.split(".")[0])
    return found & set(PACKAGES)


def modules(package: str) -> list[tuple[str, Path]]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        dotted = ".".join(rel.parts)
        if path.name == "__init__.py":
            dotted = dotted.removesuffix(".__init__") + ".__init__"
        out.append((dotted, path))
    return out


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_run_one_way(package: str) -> None:
    wrong = []
    for dotted, path in modules(package):
        for target in imported_packages(path.read_text(encoding="utf-8"), dotted) & FORBIDDEN[package]:
            wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert not wrong, f"{package} may not import {', '.join(sorted(FORBIDDEN[package]))}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        pytest.param("import queries", "graph_model.partnership", {"queries"}, id="absolute"),
        pytest.param("def f():\n    from api.cli import main", "loaders.formats", {"api"}, id="inside-a-function"),
        pytest.param("from ..queries import registry", "loaders.synthetic.x", {"loaders"}, id="relative-stays-home"),
        pytest.param("from ... import queries", "loaders.synthetic.x", {"queries"}, id="relative-to-the-root"),
        pytest.param("import json, networkx", "graph_model.schema", set(), id="third-party"),
    ],
)
def test_the_scanner_sees_every_kind_of_import(source: str, module: str, expected: set[str]) -> None:
    assert imported_packages(source, module) == expected
