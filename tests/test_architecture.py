"""The rooms of the house and their arrows, read from the imports of every module (with ast, not text search)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("search", "index", "webui", "alerts", "hemeroteca")
# Which of our packages each package must never import.
FORBIDDEN = {
    "search": {"index", "webui", "alerts", "hemeroteca"},
    "index": {"webui", "alerts", "hemeroteca"},
    "webui": {"hemeroteca"},
    "alerts": {"index", "webui", "hemeroteca"},
}
# The one subpackage allowed to speak Whoosh (the storage seam).
STORE = "search.store"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path):
    """Absolute names of every module ``path`` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            # "from . import views" imports the module search.views, when it is one of ours.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): imports_of(p) for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def test_every_package_is_read():
    assert {name.split(".")[0] for name in MODULES} == set(PACKAGES)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_go_one_way(package):
    wrong = sorted(f"{name} imports {imported}" for name, imported_names in MODULES.items()
                   if name.split(".")[0] == package
                   for imported in imported_names if imported.split(".")[0] in FORBIDDEN[package])
    assert wrong == []


def test_only_the_command_line_imports_click():
    wrong = sorted(name for name, imported in MODULES.items()
                   if not name.startswith("hemeroteca") and any(i.split(".")[0] == "click" for i in imported))
    assert wrong == []


# Modules outside the seam that may still import Whoosh, each with the reason; empty now, and to stay so.
WHOOSH_EXCEPTIONS = {}


def _whoosh_outside_store():
    return sorted(name for name, imported in MODULES.items()
                  if name != STORE and not name.startswith(STORE + ".") and name not in WHOOSH_EXCEPTIONS
                  and any(i.split(".")[0] == "whoosh" for i in imported))


def test_only_the_storage_seam_imports_whoosh():
    assert _whoosh_outside_store() == []


def test_the_storage_seam_imports_none_of_the_rooms_above_it():
    above = {"search.engine", "search.collection", "search.query", "search.expand", "search.interpret",
             "search.cursor", "search.catalog", "search.records"}
    wrong = sorted(f"{name} imports {imported}" for name, imported_names in MODULES.items()
                   if name.startswith(STORE) for imported in imported_names if imported in above)
    assert wrong == []


def import_cycles():
    """Each cycle among our modules, written as the trail that closes it."""
    graph = {name: {i for i in imported if i in MODULES and i != name} for name, imported in MODULES.items()}
    # A package's __init__ importing its own modules is how a package is built, not a cycle.
    graph = {name: {i for i in deps if not i.startswith(name + ".")} for name, deps in graph.items()}
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_no_import_cycle_between_modules():
    assert import_cycles() == []


def test_the_two_web_sections_share_helpers_and_never_import_each_other():
    assert "webui.statements" not in MODULES["webui.views"]
    assert "webui.views" not in MODULES["webui.statements"]


def test_the_site_reads_only_the_registry_of_the_write_side():
    """The officials' terms of office are the staff's registry; nothing else of index/ reaches a page."""
    wrong = sorted(f"{name} imports {imported}" for name, imported_names in MODULES.items()
                   if name.startswith("webui") for imported in imported_names
                   if imported.split(".")[0] == "index" and imported not in ("index", "index.registry")
                   and not imported.startswith("index.registry."))
    assert wrong == []


# What the store keeps to itself: calling one of these on anything, or touching an ``.ix``, outside it means
# holding a Whoosh searcher, reader, writer or index.
STORE_OBJECTS = {"searcher", "writer", "reader"}
# Calls outside the seam that may still name one, each ``(module, call)`` with the reason; to shrink, never grow.
STORE_OBJECT_EXCEPTIONS = {
    # The standard library's CSV writer, not the store's.
    ("webui.exports", "csv.writer"): "the CSV export's csv.writer",
    # The read side's term lookups (wildcards, ñ, corrections, highlighting) still take the View's Whoosh
    # reader; the write side has none left.
    ("search.engine", "chosen.view.reader"): "matched terms for highlighting",
    ("search.engine", "view.reader"): "matched terms for highlighting",
    ("search.expand", "searcher.reader"): "corrections read the index's words",
    ("search.interpret", "searcher.reader"): "bounded wildcards and ñ read the index's words",
}


def store_objects_held(path):
    """Each call of ``.searcher()``, ``.writer()``, ``.reader()`` and each ``.ix`` in ``path``, as written."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STORE_OBJECTS:
            found.append(ast.unparse(node.func))
        elif isinstance(node, ast.Attribute) and node.attr == "ix":
            found.append(ast.unparse(node))
    return found


def test_no_one_outside_the_storage_seam_holds_a_searcher_reader_writer_or_index():
    wrong = sorted(f"{module_name(p)}: {call}" for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))
                   if not module_name(p).startswith(STORE + ".")
                   for call in store_objects_held(p) if (module_name(p), call) not in STORE_OBJECT_EXCEPTIONS)
    assert wrong == []


def test_the_guard_sees_a_writer_opened_and_an_index_held(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(index):\n    w = index.ix.writer()\n    with index.searcher() as s:\n"
                      "        return s.reader()\n", encoding="utf-8")
    assert sorted(store_objects_held(sample)) == ["index.ix", "index.ix.writer", "index.searcher", "s.reader"]
