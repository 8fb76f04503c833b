"""The ``hemeroteca`` command: index, search, serve, demo.

Thin: each command parses its options, calls the library and turns library
errors into clear messages and exit codes.
"""

import html
import json
import re
import sys
from pathlib import Path

import click

from search import settings
from search.params import (DEFAULT_PER_PAGE, MAX_PER_PAGE, SORTS, QueryError,
                           params_from_args)
from search.schema import IndexLocked, IndexNotFoundError, default_index_dir
from search.vocabulary import RELEASES, filters_of, labels

from index.demo import DEMO_CORPUS

from . import spanish
from .alerts import alerts_group
from .extraction import eval_extraction_command, eval_statements_command, officials_command
from .ingest import crawl_options, index_urls, sources_group, split_sources, update_command


def index_option(default=None):
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
        default=default, show_default="$HEMEROTECA_INDEX o ~/.local/share/hemeroteca/index",
        help="Carpeta del índice.",
    )


def _index_dir(value):
    return value or default_index_dir()


spanish.install()


@click.group(cls=spanish.SpanishGroup)
@click.version_option(package_name="hemeroteca")
def main():
    """Hemeroteca: buscador de comunicados de gobiernos hispanohablantes."""


def _print_report(report):
    click.echo(f"Indexados: {report.indexed} comunicados de {report.files} archivos.")
    if report.unchanged:
        said = ("1 archivo (no se leyó de nuevo)" if report.unchanged == 1
                else f"{report.unchanged} archivos (no se leyeron de nuevo)")
        click.echo(f"Sin cambios desde la última vez: {said}.")
    if report.undated:
        click.echo(f"Sin fecha de publicación: {len(report.undated)} ({', '.join(report.undated[:5])}"
                   f"{'…' if len(report.undated) > 5 else ''}).")
    for where, reason in report.notices:
        click.echo(f"AVISO {where}: {reason}", err=True)
    for where, reason in report.failures:
        click.echo(f"ERROR {where}: {reason}", err=True)
    if report.failures:
        rest = "el resto quedó indexado" if report.indexed else "no se indexó ningún comunicado"
        click.echo(f"Fallaron {len(report.failures)} archivos o registros; {rest}.", err=True)


def run_index(index_dir, sources, taxonomy_path=None, show_progress=True, fresh=False, commit_every=None):
    """Index ``sources`` with a progress bar on a terminal; returns the report."""
    from index.topics import Taxonomy
    from index.writer import IndexWriteError, build_index

    try:
        taxonomy = Taxonomy.load(taxonomy_path)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    progress = progress_line() if show_progress else None
    try:
        return build_index(index_dir, sources, taxonomy, progress=progress, fresh=fresh,
                           **({"commit_every": commit_every} if commit_every else {}))
    except IndexWriteError as exc:
        raise click.ClickException(str(exc))
    finally:
        if progress:
            progress.end()


def progress_line():
    """A ``progress(done, total, where)`` that keeps one Spanish line on stderr: done, per second, time left."""
    from index.progress import Progress

    shown = {"at": 0.0, "progress": None}

    def progress(done, total, where):
        if shown["progress"] is None:
            shown["progress"] = Progress(total)
        now = shown["progress"].clock()
        if now - shown["at"] >= 0.5 or done == total:
            shown["at"] = now
            click.echo(f"\r{shown['progress'].line(done)}\033[K", nl=False, err=True)

    def end():
        if shown["progress"] is not None:
            click.echo("", err=True)

    progress.end = end
    return progress


@main.command("index")
@index_option()
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True), help="Archivo TOML de temas.")
@click.option("--commit-every", type=click.IntRange(1), default=None, metavar="N",
              help="Comunicados entre dos confirmaciones en disco; si el proceso se interrumpe, "
                   "se pierde como mucho ese lote (1000 por omisión).")
@crawl_options
@click.argument("sources", nargs=-1, required=True, metavar="FUENTES...")
def index_command(index_dir, taxonomy, commit_every, sources, **crawl):
    """Indexa comunicados de archivos o carpetas (.txt, .html, .json, .jsonl, .jsonl.gz) o de sitios.

    Una dirección http(s) puede ser un canal RSS/Atom, un sitemap, un sitio WordPress
    o una página de comunicados. Indexar de nuevo un comunicado lo reemplaza.
    Sale con código 1 si algo falló.

    Ejemplo:

        hemeroteca index --index ./indice comunicados/ https://ejemplo.gob.mx/feed/
    """
    index_dir = _index_dir(index_dir)
    urls, files = split_sources(sources)
    ok = True
    if files:
        report = run_index(index_dir, files, taxonomy, show_progress=sys.stderr.isatty(), commit_every=commit_every)
        _print_report(report)
        ok = report.ok
    if urls:
        ok = index_urls(index_dir, urls, taxonomy, **crawl) and ok
    click.echo(f"Índice: {index_dir}")
    sys.exit(0 if ok else 1)


# The command's option for each list filter of the API, and its help; facet_options() reads the facet list.
def facet_filters():
    """``(parameter, option, help)`` of each release filter, as search declares them."""
    return [(f.param, f"--{f.param.replace('_', '-')}", f"{f.help} Repetible.") for f in filters_of(RELEASES)]


def facet_options(f):
    """One repeatable option per facet filter, named as the API's parameter."""
    for name, option, help_text in reversed(facet_filters()):
        f = click.option(option, name, multiple=True, help=help_text)(f)
    return f


class SearchArgs(dict):
    """The command's options as the multi-valued mapping ``params_from_args`` reads from a request."""

    def get(self, name, default=None):
        values = self.getlist(name)
        return values[-1] if values else default

    def getlist(self, name):
        value = dict.get(self, name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


@main.command("search")
@index_option()
@click.option("--json", "as_json", is_flag=True, help="Imprime el mismo JSON que la API.")
@facet_options
@click.option("--from", "date_from", help="Desde (AAAA-MM-DD, AAAA-MM o AAAA).")
@click.option("--to", "date_to", help="Hasta (AAAA-MM-DD, AAAA-MM o AAAA).")
@click.option("--sort", type=click.Choice(SORTS), default="relevancia", show_default=True)
@click.option("--exact", is_flag=True, help="Coincidir tildes y ñ exactamente.")
@click.option("--page", default="1", show_default=True, help="Página de resultados.")
@click.option("--per-page", default=str(DEFAULT_PER_PAGE), show_default=True,
              help=f"Resultados por página (hasta {MAX_PER_PAGE}).")
@click.argument("query", nargs=-1, metavar="[CONSULTA]...")
def search_command(index_dir, as_json, date_from, date_to, sort, exact, page, per_page, query, **filters):
    """Busca en el índice; sin palabras, lista los comunicados filtrados, más recientes primero.

    Ejemplo:

        hemeroteca search --official "luis mendoza" --from 2026 vacunación
    """
    from search.engine import Engine

    args = SearchArgs(q=" ".join(query), **filters, sort=sort, page=page, per_page=per_page,
                      exact="1" if exact else None)
    args.update({"from": date_from, "to": date_to})
    try:
        params = params_from_args(args)
    except QueryError as exc:
        # A wrong option, as the API answers it with a 400: exit code 2, like click's own.
        raise click.UsageError(str(exc))
    try:
        engine = Engine.open(_index_dir(index_dir))
        try:
            result = engine.search(params)
        finally:
            engine.close()
    except (IndexNotFoundError, QueryError) as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result))


def render_text(result):
    """Results for a terminal: hits with plain snippets, then facet counts."""
    count = "1 resultado" if result["total"] == 1 else f"{result['total']} resultados"
    lines = [f"{count} (página {result['page']} de {result['pages']})", ""]
    if result.get("suggestion"):
        # The results already are for the corrected words: say so first, as the page does.
        lines[:0] = [f"Se buscó «{result['suggestion']}» en lugar de «{result['query']}»."]
    for n, hit in enumerate(result["hits"], (result["page"] - 1) * result["per_page"] + 1):
        lines.append(f"{n}. {hit['title']}")
        meta = [hit["date"] or "sin fecha", hit["source"] or ""]
        lines.append("   " + " · ".join(m for m in meta if m))
        lines.append("   " + html.unescape(re.sub(r"</?mark>", "*", hit["snippet"])))
        lines.append("")
    for name, values in result["facets"].items():
        if values:
            shown = ", ".join(f"{v['label']} ({v['count']})" for v in values[:8])
            lines.append(f"{labels().get(name, name)}: {shown}")
    return "\n".join(lines)


@main.command("eval-search")
@index_option()
@click.option("--judgments", type=click.Path(dir_okay=False, exists=True), help="Consultas juzgadas (TOML).")
@click.option("--json", "as_json", is_flag=True, help="Imprime los resultados por consulta en JSON.")
def eval_search_command(index_dir, judgments, as_json):
    """Mide la búsqueda (nDCG@10 y MRR) con consultas juzgadas, junto a SQLite FTS5.

    Sin --index, indexa el corpus de demostración en una carpeta temporal:
    las consultas juzgadas que se incluyen son sobre ese corpus.

    Ejemplo:

        hemeroteca eval-search
    """
    import tempfile

    from search.engine import Engine
    from search.evaluation import evaluate, load_judgments, report

    try:
        queries = load_judgments(judgments)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    with tempfile.TemporaryDirectory() as scratch:
        if index_dir is None:
            index_dir = Path(scratch)
            run_index(index_dir, [DEMO_CORPUS], show_progress=False, fresh=True)
        try:
            engine = Engine.open(index_dir)
            try:
                results = evaluate(engine, queries)
            finally:
                engine.close()
        except IndexNotFoundError as exc:
            raise click.ClickException(str(exc))
    click.echo(json.dumps(results, ensure_ascii=False, indent=2) if as_json else report(results))


@main.command("reindex")
@index_option()
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True), help="Archivo TOML de temas.")
def reindex_command(index_dir, taxonomy):
    """Vuelve a extraer cada comunicado del índice desde su texto guardado, sin los archivos originales.

    Úselo tras editar el registro de funcionarios, la taxonomía, los lugares o los organismos:
    funcionarios, temas, lugares, organismos y declaraciones se actualizan en todo el índice.

    Ejemplo:

        hemeroteca reindex --index ./indice
    """
    from search.schema import open_existing

    from index.reindex import reindex
    from index.topics import Taxonomy

    index_dir = _index_dir(index_dir)
    try:
        open_existing(index_dir)
        found = Taxonomy.load(taxonomy)
        progress = progress_line() if sys.stderr.isatty() else None
        try:
            report = reindex(index_dir, found, progress=progress)
        finally:
            if progress:
                progress.end()
    except (IndexNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc))
    except (OSError, IndexLocked) as exc:
        from index.writer import IndexWriteError, index_problem

        raise click.ClickException(str(IndexWriteError(index_dir, index_problem(exc), saved=None)))
    click.echo(f"Extraídos de nuevo: {report.releases} comunicados.")
    for where, reason in report.failures:
        click.echo(f"ERROR {where}: {reason}", err=True)
    click.echo(f"Índice: {index_dir}")
    sys.exit(0 if report.ok else 1)


def _base_url(ctx, param, value):
    from search.urls import check_base_url

    try:
        return check_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


def base_url_option():
    return click.option(
        "--base-url", envvar="HEMEROTECA_BASE_URL", metavar="URL", callback=_base_url,
        help="Dirección pública del sitio (https://…) para los canales Atom, enlaces canónicos y redirecciones. "
             "Sin ella, los enlaces son relativos.")


@main.command("serve")
@index_option()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
@click.option("--workers", type=int, default=2, show_default=True, help="Procesos (uno por núcleo).")
@click.option("--rate-limit", envvar="HEMEROTECA_RATE_LIMIT", metavar="N/UNIDAD",
              help="Solicitudes a la API por dirección, para todo el servidor, p. ej. 60/minute. Sin límite si se omite.")
@base_url_option()
@click.option("--setting", "setting_pairs", type=(str, str), multiple=True, metavar="NOMBRE VALOR",
              help="Otro ajuste, p. ej. --setting EXPORT_LIMIT 5000 (vea «hemeroteca settings»; repetible).")
def serve_command(index_dir, host, port, workers, rate_limit, base_url, setting_pairs):
    """Sirve el sitio y la API con un servidor WSGI de producción.

    Los ajustes se toman de sus variables de entorno (vea «hemeroteca settings»);
    las opciones mandan sobre el entorno.

    Ejemplo:

        hemeroteca serve --index ./indice --port 8000 --setting API_MAX_AGE 300
    """
    from webui.ratelimit import parse_rate
    from webui.server import serve

    if rate_limit:
        try:
            parse_rate(rate_limit)
        except ValueError as exc:
            raise click.ClickException(str(exc))
    index_dir = _index_dir(index_dir)
    try:
        from search.schema import open_existing

        open_existing(index_dir)
    except IndexNotFoundError as exc:
        raise click.ClickException(str(exc))
    given = _settings_from_pairs(setting_pairs)
    _check_port(host, port)
    click.echo(f"Hemeroteca en http://{host}:{port}/ (índice: {index_dir})")
    serve(index_dir, host=host, port=port, workers=workers, rate_limit=rate_limit, base_url=base_url,
          settings=given)


def _check_port(host, port):
    """Stop with a Spanish message naming --port when the address is taken (gunicorn would answer in English)."""
    import socket

    with socket.socket() as probe:
        # As gunicorn binds: a port left in TIME_WAIT by an earlier server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise click.ClickException(f"El puerto {port} de {host} ya está en uso por otro programa: "
                                       f"elija otro con --port, p. ej. --port {port + 1}.")


def _settings_from_pairs(pairs):
    """``--setting NAME VALUE`` pairs as declared settings, each value read as its environment variable would be."""
    given = {}
    for name, raw in pairs:
        name = name.upper()
        if name not in settings.BY_NAME:
            raise click.BadParameter(f"No hay un ajuste llamado «{name}»: vea «hemeroteca settings».",
                                     param_hint="--setting")
        try:
            given[name] = settings.value(name, {settings.BY_NAME[name].env: raw})
        except settings.SettingError as exc:
            raise click.BadParameter(str(exc), param_hint="--setting")
    return given


@main.command("settings")
def settings_command():
    """Lista los ajustes del sitio: nombre, variable de entorno, valor por omisión y para qué sirve.

    Ejemplo:

        hemeroteca settings
    """
    for s in settings.SETTINGS:
        default = "—" if s.default is None else s.default
        click.echo(f"{s.name} (${s.env}; por omisión: {default})\n    {s.help}")


@main.command("demo")
@index_option()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Solo construye el índice de demostración.")
@base_url_option()
def demo_command(index_dir, host, port, no_serve, base_url):
    """Construye el índice del corpus de demostración y sirve el sitio."""
    from webui.server import serve

    index_dir = index_dir or default_index_dir().with_name("demo-index")
    # The demo index is rebuilt from scratch, so it always matches the shipped corpus.
    report = run_index(index_dir, [DEMO_CORPUS], show_progress=sys.stderr.isatty(), fresh=True)
    _print_report(report)
    if no_serve:
        return
    _check_port(host, port)
    click.echo(f"Hemeroteca (demostración) en http://{host}:{port}/")
    serve(index_dir, host=host, port=port, workers=2, base_url=base_url)


main.add_command(sources_group)
main.add_command(update_command)
main.add_command(eval_extraction_command)
main.add_command(officials_command)
main.add_command(eval_statements_command)
main.add_command(alerts_group)

