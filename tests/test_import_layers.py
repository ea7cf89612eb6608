"""The apps import each other in one direction only (issue 12, « Shape »): an app imports
the apps of the layers below it, never one above, so no import circle can form. The graph
is read from the source with `ast`, imports inside functions included (a lazy import
dodges a circle at run time but keeps it in the design). A lower app that needs an answer
from an upper one declares a hook, a signal or a registry that the upper app fills in its
`ready()`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import referencement

PACKAGE = Path(referencement.__file__).parent

# Lowest first: an app may import only the apps before it in this list.
LAYERS = [
    "lib",  # Django-free helpers
    "conformity",  # offline evidence checks, Django-free
    "core",  # locking, periodic sweeps, navigation, home and page panels
    "files",  # content-addressed blobs, the blob store, streamed uploads
    "audit",
    "accounts",
    "catalog",
    "notifications",
    "candidatures",  # owns the lifecycle and `status_changed`
    "evidence",
    "instruction",
    "college",  # takes an instructed dossier over by its status
    "registry",
    "dashboard",
]

# Modules that assemble the whole platform and sit above every layer: the project's own
# modules (urls, api, cli, wsgi…), the demo dataset built through every app's actions, the
# management commands, the embedded server, and the whole-instance operations on data
# (backup and restore, moving every stored file to another storage).
ASSEMBLY_PREFIXES = (
    "core.demo",
    "core.management",
    "core.embedded_server",
    "core.backup",
    "core.storage_migration",
)
ASSEMBLY = "assemblage"


def _node(module: str) -> str | None:
    """The app (or ASSEMBLY) a `referencement…` module belongs to; None outside the project
    and for the package itself (it only holds the version)."""
    parts = module.split(".")
    if parts[0] != "referencement" or len(parts) == 1:
        return None
    inner = ".".join(parts[1:])
    if parts[1] not in LAYERS or inner.startswith(ASSEMBLY_PREFIXES):
        return ASSEMBLY
    return parts[1]


def _imported_modules(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every module a source imports, anywhere in it (functions included), made absolute."""
    found = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            if "." in target:
                found.append((target, node.lineno))
            else:  # `from referencement import college` names the app it imports
                found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def import_graph(root: Path, package: str = "referencement") -> dict[tuple[str, str], list[str]]:
    """(importer app, imported app) -> the places (file:line) that import it. Tests and
    migrations are left out: they may import anything."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        is_package = path.name == "__init__.py"
        dotted = (
            relative.with_suffix("").parts[:-1] if is_package else relative.with_suffix("").parts
        )
        module = ".".join([package, *dotted])
        source = _node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported, line in _imported_modules(tree, module, is_package):
            target = _node(imported)
            if target is not None and target != source:
                edges.setdefault((source, target), []).append(f"{relative}:{line}")
    return edges


def upward(edges: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], list[str]]:
    rank = {app: index for index, app in enumerate([*LAYERS, ASSEMBLY])}
    return {pair: where for pair, where in edges.items() if rank[pair[1]] > rank[pair[0]]}


def test_issue_12_no_app_imports_an_app_above_it():
    found = {
        f"{importer} → {imported}": places
        for (importer, imported), places in upward(import_graph(PACKAGE)).items()
    }
    assert not found, (
        "Import vers une couche supérieure (issue 12) : passez par le statut du dossier, "
        f"un signal, un hook rempli par l'app du dessus ou un module commun plus bas : {found}"
    )


@pytest.mark.parametrize(
    "importer, imported", [("instruction", "college"), ("college", "registry")]
)
def test_issue_12_a_later_step_takes_a_dossier_over_by_its_status(importer, imported):
    assert (importer, imported) not in import_graph(PACKAGE)


def test_issue_12_an_import_inside_a_function_is_seen(tmp_path):
    for app, source in {
        "instruction": "def complete():\n    from ..college.actions import prepare\n",
        "college": "from referencement.instruction import actions\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "actions.py").write_text(source)

    edges = import_graph(tmp_path)

    assert edges[("instruction", "college")] == ["instruction/actions.py:2"]
    assert upward(edges) == {("instruction", "college"): ["instruction/actions.py:2"]}
