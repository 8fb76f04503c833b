"""The commands that read from sites: ``sources add|list|remove``, ``update``, and URLs given to ``index``.

Thin, like ``cli.py``: parse options, run :class:`index.update.Updater`, print
its counts and failures, exit 1 when something failed.
"""

import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from . import spanish

from search.schema import IndexLocked, default_index_dir

from index import sitesources, state
from index.discover import KINDS
from index.fetch import Fetcher
from index.oserror import os_reason
from index.topics import Taxonomy
from index.update import Updater
from index.writer import IndexWriteError


def _index_option(f):
    # The same option as cli.py's, declared here because cli.py imports this module.
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
        show_default="$HEMEROTECA_INDEX o ~/.local/share/hemeroteca/index", help="Carpeta del índice.",
    )(f)


def crawl_options(f):
    """The politeness settings of a run, shared by ``index URL`` and ``update``."""
    f = click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True,
                     help="Páginas que se piden como mucho en esta ejecución; el resto queda para la siguiente.")(f)
    f = click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
                     help="Segundos de espera por respuesta antes de desistir.")(f)
    f = click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
                     help="Segundos entre dos peticiones al mismo sitio (más si robots.txt lo pide).")(f)
    return f


# SQLite's messages about the crawler's memory, in Spanish.
_SQLITE_PROBLEMS = (("locked", "está en uso por otro proceso"), ("full", "no queda espacio en el disco"),
                    ("readonly", "no hay permiso"), ("unable to open", "no hay permiso"))


def is_url(value):
    return urlsplit(str(value)).scheme in ("http", "https")


def split_sources(values):
    """URLs and file paths among the arguments of ``index``."""
    return [v for v in values if is_url(v)], [Path(v) for v in values if not is_url(v)]


def _print_report(report):
    click.echo(f"Sitios: {report.counts()}.")
    if report.blocked:
        click.echo(f"No leídas porque robots.txt no lo permite: {len(report.blocked)}.")
        for url, _ in report.blocked[:10]:
            click.echo(f"  {url}")
    if report.capped:
        more = f"; quedan {report.not_reached} para la próxima ejecución" if report.not_reached else ""
        click.echo(f"Se alcanzó el tope de páginas de esta ejecución{more}.")
    for url, reason in report.failures:
        click.echo(f"ERROR {url}: {reason}", err=True)
    if report.failures:
        click.echo(f"Fallaron {report.failed} páginas; se intentarán de nuevo en la próxima actualización.", err=True)


def run_update(index_dir, sources, taxonomy_path=None, offline=False, delay=1.0, timeout=20.0, max_pages=500):
    """Run the updater over ``sources`` (name, url, kind), with a progress bar on a terminal."""
    try:
        taxonomy = Taxonomy.load(taxonomy_path)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    show = sys.stderr.isatty()
    bar = click.progressbar(length=1, label="Actualizando", file=sys.stderr, show_pos=True,
                            item_show_func=lambda counts: counts) if show else None

    def progress(report, done, total):
        if bar is not None:
            bar.length = max(total, 1)
            bar.update(1, report.counts())

    try:
        if bar is not None:
            bar.__enter__()
        with Fetcher(delay=delay, timeout=timeout, max_pages=max_pages) as fetcher, \
                Updater(index_dir, fetcher, taxonomy, progress) as updater:
            report = updater.rebuild() if offline else updater.run(sources)
    except IndexLocked:
        raise click.ClickException(f"El índice {index_dir} está en uso por otro proceso; inténtelo más tarde.")
    except OSError as exc:
        if not _within(exc.filename, index_dir):
            raise
        raise click.ClickException(str(IndexWriteError(index_dir, os_reason(exc), saved=None)))
    except sqlite3.OperationalError as exc:  # What the crawler remembers lives in the index folder.
        problem = next((said for words, said in _SQLITE_PROBLEMS if words in str(exc)), "no se pudo usar")
        raise click.ClickException(str(IndexWriteError(index_dir, f"{problem} ({state.FILENAME})", saved=None)))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _print_report(report)
    return report


def _within(filename, folder):
    """Whether an OSError is about the index folder (what fails on a site is in the report instead)."""
    if not filename:
        return False
    path, folder = Path(str(filename)).absolute(), Path(folder).absolute()
    return path == folder or folder in path.parents


def index_urls(index_dir, urls, taxonomy_path=None, **crawl):
    """Read each URL (feed, sitemap, WordPress site, listing or page) into the index; True when all went well."""
    sources = [(url, url, "auto") for url in urls]
    return run_update(index_dir, sources, taxonomy_path, **crawl).ok


@click.group("sources", cls=spanish.SpanishGroup)
def sources_group():
    """Sitios que «hemeroteca update» mantiene al día (se guardan en sources.toml, en la carpeta del índice)."""


def _save_sources(index_dir, change, *args):
    """Apply ``change(path, *args)`` to the index's stored sources; returns the file, or says in Spanish what failed."""
    path = sitesources.sources_file(index_dir or default_index_dir())
    try:
        change(path, *args)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"No se pudo guardar {path}: {os_reason(exc)}. Elija otra carpeta con --index.")
    return path


@sources_group.command("add")
@_index_option
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="Qué es la dirección; «auto» lo averigua al actualizar.")
@click.argument("name", metavar="NOMBRE")
@click.argument("url", metavar="DIRECCIÓN")
def add_command(index_dir, kind, name, url):
    """Guarda un sitio: su canal RSS/Atom, su sitemap, su sitio WordPress o su página de comunicados.

    Ejemplo:

        hemeroteca sources add alcaldia-bj https://alcaldiabenitojuarez.gob.mx/comunicados/
    """
    path = _save_sources(index_dir, sitesources.add, name, url, kind)
    click.echo(f"Fuente «{name}» guardada en {path}. Actualice con «hemeroteca update».")


@sources_group.command("list")
@_index_option
def list_command(index_dir):
    """Lista las fuentes guardadas."""
    try:
        stored = sitesources.load(sitesources.sources_file(index_dir or default_index_dir()))
    except ValueError as exc:
        raise click.ClickException(str(exc))
    if not stored:
        click.echo("No hay fuentes guardadas; agregue una con «hemeroteca sources add NOMBRE URL».")
    for source in stored:
        click.echo(f"{source.name}\t{source.url}\t{source.kind}")


@sources_group.command("remove")
@_index_option
@click.argument("name", metavar="NOMBRE")
def remove_command(index_dir, name):
    """Olvida una fuente; lo que se indexó de ella se queda en el índice."""
    _save_sources(index_dir, sitesources.remove, name)
    click.echo(f"Fuente «{name}» eliminada.")


@click.command("update", cls=spanish.SpanishCommand)
@_index_option
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True), help="Archivo TOML de temas.")
@click.option("--source", "names", multiple=True, help="Solo esta fuente (repetible).")
@click.option("--offline", is_flag=True,
              help="Sin red: reconstruye los comunicados de sitios desde las páginas guardadas.")
@crawl_options
def update_command(index_dir, taxonomy, names, offline, **crawl):
    """Actualiza el índice con las fuentes guardadas: nuevos, cambiados y retirados.

    Pide cada página con ETag y Last-Modified, así que solo se descarga lo que cambió.
    Sale con código 1 si algo falló; lo fallido se intenta primero la próxima vez.

    Ejemplo:

        hemeroteca update --index ./indice
    """
    index_dir = index_dir or default_index_dir()
    try:
        stored = sitesources.load(sitesources.sources_file(index_dir))
    except ValueError as exc:
        raise click.ClickException(str(exc))
    unknown = set(names) - {s.name for s in stored}
    if unknown:
        raise click.ClickException(f"No hay fuentes llamadas {', '.join(sorted(unknown))}.")
    chosen = [(s.name, s.url, s.kind) for s in stored if not names or s.name in names]
    if not chosen and not offline:
        raise click.ClickException("No hay fuentes guardadas; agregue una con «hemeroteca sources add NOMBRE URL».")
    report = run_update(index_dir, chosen, taxonomy, offline=offline, **crawl)
    click.echo(f"Índice: {index_dir}")
    sys.exit(0 if report.ok else 1)
