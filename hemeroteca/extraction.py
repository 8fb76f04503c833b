"""Commands about extraction: ``eval-extraction``, ``eval-statements`` and ``officials``.

Registered into the ``hemeroteca`` group by ``hemeroteca.cli``; the measuring lives in ``index``.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

import click

from . import spanish

from search.engine import Engine
from search.schema import IndexNotFoundError, default_index_dir

from index.registry import Registry
from index.statement_eval import DEFAULT_SET, extract_set, report_lines as statement_report_lines, score as statement_score, survey
from search.statements import KIND_LABELS, SPEAKER_LABELS


def _load_registry(path):
    try:
        return Registry.load(path)
    except ValueError as exc:
        raise click.ClickException(str(exc))


@click.command("eval-extraction", cls=spanish.SpanishCommand)
@click.argument("corpus", metavar="CORPUS", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--key", "key_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Clave de respuestas (JSON Lines); por omisión CORPUS/../expected.jsonl o CORPUS/expected.jsonl.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Registro de funcionarios; por omisión el officials.toml junto a la clave, si lo hay.")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Archivo TOML de temas.")
@click.option("--split", help="Evalúa solo las filas de esta parte de la clave (p. ej. «dev»).")
@click.option("--errors", is_flag=True, help="Lista cada diferencia con la clave.")
def eval_extraction_command(corpus, key_path, registry_path, taxonomy, split, errors):
    """Mide la extracción contra una clave de respuestas: precisión y exhaustividad por campo.

    Ejemplo:

        hemeroteca eval-extraction tests/extraction/releases --errors
        hemeroteca eval-extraction index/demo_corpus --key tests/demo_expected.jsonl
    """
    from index.evaluation import extract_key, load_key, report_lines, score
    from index.topics import Taxonomy

    if key_path is None:
        key_path = next((p for p in (corpus / "expected.jsonl", corpus.parent / "expected.jsonl") if p.exists()), None)
        if key_path is None:
            raise click.ClickException(f"No hay expected.jsonl en {corpus} ni junto a ella; indique --key.")
    if registry_path is None and (key_path.parent / "officials.toml").exists():
        registry_path = key_path.parent / "officials.toml"
    try:
        rows = load_key(key_path)
        tax = Taxonomy.load(taxonomy)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    if split:
        rows = [r for r in rows if r.get("split") == split]
    registry = _load_registry(registry_path)
    pairs = extract_key(corpus, rows, tax, registry)
    click.echo(f"{len(pairs)} comunicados de {corpus} contra {key_path.name}")
    for line in report_lines(score(pairs), errors=errors):
        click.echo(line)


@click.command("officials", cls=spanish.SpanishCommand)
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), help="Carpeta del índice.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Registro de funcionarios (por omisión $HEMEROTECA_REGISTRY o el incluido).")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True, help="Cuántos mostrar.")
def officials_command(index_dir, registry_path, limit):
    """Lista los funcionarios encontrados en el índice, con cuántos comunicados los nombran.

    Marca con «*» los nombres que el registro no conoce, para darlos de alta.

    Ejemplo:

        hemeroteca officials --index ./indice --limit 30
    """
    registry = _load_registry(registry_path)
    try:
        engine = Engine.open(index_dir or default_index_dir(), cache_size=0)
    except IndexNotFoundError as exc:
        raise click.ClickException(str(exc))
    counts, names, roles, bodies = Counter(), {}, defaultdict(Counter), defaultdict(Counter)
    for stored in engine.current().all_stored():
        for o in stored.get("officials") or []:
            person = registry.find(o["name"])
            name = person.name if person else o["name"]
            key = name.casefold()
            counts[key] += 1
            names.setdefault(key, name)
            if o.get("role"):
                roles[key][o["role"]] += 1
            if o.get("body"):
                bodies[key][o["body"]] += 1
    engine.close()
    missing = 0
    for key, count in counts.most_common(limit):
        known = registry.find(names[key]) is not None
        missing += not known
        role = roles[key].most_common(1)[0][0] if roles[key] else ""
        body = bodies[key].most_common(1)[0][0] if bodies[key] else ""
        detail = " · ".join(p for p in (role, body) if p)
        click.echo(f"{'' if known else '*'}{names[key]} ({count}){' — ' + detail if detail else ''}")
    if missing:
        click.echo(f"* {missing} de {min(limit, len(counts))} no están en el registro {registry.path}.")


@click.command("eval-statements", cls=spanish.SpanishCommand)
@click.argument("folder", required=False, metavar="[CARPETA]", type=click.Path(file_okay=False, path_type=Path))
@click.option("--split", help="Evalúa solo las filas de esta parte de la clave («dev» o «prueba»).")
@click.option("--errors", is_flag=True, help="Lista cada diferencia con la clave.")
@click.option("--json", "as_json", is_flag=True, help="Imprime las cifras en JSON.")
@click.option("--survey", "survey_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Además, cifras de las declaraciones de un archivo JSON Lines de comunicados reales.")
@click.option("--limit", type=click.IntRange(1), help="Con --survey, lee a lo más estos comunicados.")
def eval_statements_command(folder, split, errors, as_json, survey_path, limit):
    """Mide la extracción de declaraciones: precisión y exhaustividad de los fragmentos y del hablante.

    FOLDER tiene expected.jsonl y, si hace falta, officials.toml; por omisión, el conjunto
    anotado tests/statements.

    Ejemplo:

        hemeroteca eval-statements --errors
        hemeroteca eval-statements --survey mananeras.jsonl.gz --limit 200
    """
    folder = folder or DEFAULT_SET
    if not (folder / "expected.jsonl").exists():
        raise click.ClickException(f"No hay expected.jsonl en {folder}.")
    try:
        pairs = extract_set(folder)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    if split:
        pairs = [(row, found) for row, found in pairs if row.get("split") == split]
    scores = statement_score(pairs)
    by_split = {name: statement_score([(row, found) for row, found in pairs if row.get("split") == name])
                for name in sorted({row.get("split") for row, _ in pairs} - {None})}
    found = None
    if survey_path is not None:
        if not survey_path.exists():
            click.echo(f"No existe {survey_path}: se omite el recuento sobre comunicados reales.", err=True)
        else:
            found = survey(survey_path, limit)
    if as_json:
        click.echo(json.dumps({"scores": scores.as_dict(), "splits": {k: v.as_dict() for k, v in by_split.items()},
                                "survey": found}, ensure_ascii=False, indent=2))
        return
    for line in statement_report_lines(scores, errors):
        click.echo(line)
    if len(by_split) > 1:
        for name, part in by_split.items():
            click.echo(f"parte «{name}»: F1 de fragmentos {part.f1:.3f}, hablante {part.speaker_accuracy:.3f} "
                       f"({part.expected} anotadas)")
    if found:
        click.echo(f"\n{found['releases']} comunicados de {survey_path.name}, {found['transcripts']} con intervenciones")
        click.echo("por tipo: " + ", ".join(f"{KIND_LABELS[k]} {n}" for k, n in sorted(found["kinds"].items())))
        click.echo("por hablante: " + ", ".join(
            f"{SPEAKER_LABELS[t]} {n}" for t, n in sorted(found["speaker_types"].items())))
        click.echo("intervenciones que no se atribuyen a un funcionario (las más frecuentes):")
        for label, n in found["turns_not_of_officials"]:
            click.echo(f"  {n:>6}  {' '.join(label.split())}")
