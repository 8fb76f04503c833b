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


# Whoosh's modules of queries and of reading an index: nothing of them reaches search/ outside the store.
WHOOSH_QUERY_SIDE = ("whoosh.query", "whoosh.qparser", "whoosh.matching", "whoosh.searching", "whoosh.reading",
                     "whoosh.collectors", "whoosh.sorting")


def _from_whoosh_query_side(obj):
    """Whether ``obj`` is, or is made by or derived from, a part of Whoosh's query and reading side."""
    kinds = obj.__mro__ if isinstance(obj, type) else (type(obj), getattr(obj, "__module__", None) and obj)
    for kind in kinds:
        module = getattr(kind, "__module__", None) or ""
        if module.startswith(WHOOSH_QUERY_SIDE):
            return True
    return False


def store_names_imported():
    """Each ``(module, store module, name)`` a module outside the store imports from the store."""
    found = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            name = module_name(path)
            if name == STORE or name.startswith(STORE + "."):
                continue
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom):
                    continue
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                if base == STORE or base.startswith(STORE + "."):
                    found.extend((name, base, alias.name) for alias in node.names)
    return found


def test_no_query_or_reader_of_whoosh_leaves_the_storage_seam():
    """Queries outside the store are trees of search.querytree: the store hands out no Whoosh query
    node, parser plugin, matcher or reader, nor a module of its own to reach them through."""
    import importlib
    import inspect

    wrong = []
    for importer, module, name in store_names_imported():
        obj = getattr(importlib.import_module(module), name, None)
        if obj is None or inspect.ismodule(obj) or _from_whoosh_query_side(obj):
            wrong.append(f"{importer} imports {name} from {module}")
    assert wrong == []


def test_the_query_guard_sees_a_whoosh_node_handed_out():
    from whoosh import query as wq

    from search import querytree as qt

    assert _from_whoosh_query_side(wq.Term) and _from_whoosh_query_side(wq.Term("body", "agua"))
    assert not _from_whoosh_query_side(qt.Term) and not _from_whoosh_query_side(qt.Term("body", "agua"))


def test_the_query_side_builds_its_queries_from_the_neutral_tree():
    """search/query.py, expand.py, statement_params.py and interpret.py import no Whoosh, not even through
    the store: their only query nodes are search.querytree's."""
    for name in ("search.query", "search.expand", "search.statement_params", "search.interpret", "search.engine"):
        assert "search.store.queries" not in MODULES[name], name
    assert "search.querytree" in MODULES["search.query"]
