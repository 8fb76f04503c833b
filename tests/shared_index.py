"""Indexes shared by many tests (built once, kept read-only, copied for the tests that write), and apps that close."""

import shutil
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh import fields

from search.store.twins import StemmedTwin
from webui import create_app


def snapshot(folder):
    """Every file under ``folder`` with its size and modification time: what a write would change."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def read_only(folder):
    """Take the write bits off ``folder`` (root ignores them: the snapshot check catches writes there)."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable_copy(source, target):
    """A copy of an index folder that a test may write to (copied files keep no read-only bits)."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


class SharedIndex(type(Path())):
    """The path of a session index shared by many tests, with what it held when built."""

    @classmethod
    def freeze(cls, folder):
        shared = cls(folder)
        read_only(shared)
        shared.built = snapshot(shared)
        return shared

    def check_unchanged(self, who):
        if snapshot(self) != self.built:
            pytest.fail(f"{who} wrote to the shared index {self.name}: use a copy (demo_copy)", pytrace=False)


def close_engines(app):
    """Close the search engines an app opened (its index files), as a process exit would."""
    if not hasattr(app, "extensions"):
        # An engine or a store is closed; a store's writer is cancelled, which lets its reading searcher go
        # (what it committed stays).
        (app.close if hasattr(app, "close") else app.cancel)()
        return
    for name in ("hemeroteca_engine", "hemeroteca_statements"):
        engine = app.extensions.pop(name, None)
        if engine is not None:
            engine.close()


@contextmanager
def opened_app(config):
    """The app made with ``config``, its engines closed on leaving."""
    app = create_app(config)
    try:
        yield app
    finally:
        close_engines(app)


def with_own_stems(schema):
    """``schema`` with each stemmed twin made a stemmed text field with postings of its own."""
    for name in schema.names():
        field = schema[name]
        if isinstance(field, StemmedTwin):
            schema.remove(name)
            schema.add(name, fields.TEXT(analyzer=field.analyzer, stored=field.stored, phrase=False))
    return schema
