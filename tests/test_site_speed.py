"""The page's shortcuts give what the slow ways gave: the same links, numbers and dates (speed itself is
measured by benchmarks/bench_page.py, never here)."""

from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal
from werkzeug.datastructures import MultiDict

from webui.filters import LOCALE, fecha, numero
from webui.pages import page_url


def reference_url(args, **changes):
    """page_url as it was written before: MultiDict, poplist, add, urlencode."""
    merged = MultiDict(args)
    for name, value in changes.items():
        merged.poplist(name)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            merged.add(name, item)
    if "page" not in changes:
        merged.poplist("page")
    pairs = list(merged.items(multi=True))
    return "/" + (f"?{urlencode(pairs)}" if pairs else "")


def test_links_are_the_same_as_built_the_slow_way(app):
    args = MultiDict([("official", "ana-lópez"), ("q", 'agua "potable" & más'), ("official", "b"), ("page", "3"),
                      ("from", "2025"), ("topic", "salud/pública")])
    cases = [{}, {"page": 2}, {"official": ["b"]}, {"official": None}, {"topic": ["salud", "agua"]},
             {"from": None, "to": None}, {"q": "vacunación", "exact": "1"}, {"source": "Alcaldía Benito Juárez"}]
    with app.test_request_context("/"):
        for changes in cases:
            assert page_url(args, **changes) == reference_url(args, **changes), changes
        assert page_url(MultiDict(), page=1) == "/?page=1"
        assert page_url(MultiDict()) == "/"


def test_whole_numbers_are_grouped_as_babel_groups_them():
    for value in (0, 7, 999, 1000, 12345, 1234567, -4321, 10 ** 12):
        assert numero(value) == format_decimal(value, locale=LOCALE)
    assert numero(1234.5) == "1,234.5"


def test_dates_read_the_same_from_the_cache():
    assert fecha("2026-01-20") == format_date(fecha.__globals__["date"](2026, 1, 20), format="long", locale=LOCALE)
    assert fecha("2026-01-20") == "20 de enero de 2026" == fecha("2026-01-20")
    assert fecha(None) == ""


def test_templates_still_call_methods_of_dicts(client):
    # result.page_urls.items() is a method: the key-first lookup must fall back to it.
    html = client.get("/", query_string={"q": "agua", "page": "2"}).get_data(as_text=True)
    assert 'rel="prev" href="/?q=agua&amp;page=1"' in html


def test_search_times_read_as_babel_writes_them():
    from webui.filters import milisegundos
    for value in (0.0, 0.04, 0.42, 3.0, 3.04, 9.96, 12.4, 1234.5, 98765.4):
        rounded = round(value, 1 if value < 10 else 0)
        assert milisegundos(value) == f"{format_decimal(rounded, locale=LOCALE)} ms", value


def test_a_page_made_once_per_address_is_the_same_page_and_follows_the_index(demo_copy, tmp_path):
    """The search page with its links is kept per address: asked again it draws the same results and links,
    another address gets its own, and a release indexed in between shows at once."""
    from index.writer import build_index
    from shared_index import opened_app

    with opened_app({"TESTING": True, "INDEX_DIR": str(demo_copy)}) as app:
        client = app.test_client()
        first = client.get("/?q=ciclovía").get_data(as_text=True)
        again = client.get("/?q=ciclovía").get_data(as_text=True)
        strip = lambda html: html.split('<span class="took">')[0] + html.split('<span class="took">')[1].split("</span>", 1)[1]  # noqa: E731
        assert strip(again) == strip(first)
        other = client.get("/?q=ciclovía&topic=movilidad").get_data(as_text=True)
        assert strip(other) != strip(first) and "Quitar filtro" in other
        extra = tmp_path / "nuevo.jsonl"
        extra.write_text('{"id": "nuevo-1", "title": "Nueva ciclovía en Tlalpan", "date": "2026-11-01",'
                         ' "body": "Se inauguró una ciclovía de 5 kilómetros."}\n', encoding="utf-8")
        build_index(demo_copy, [extra])
        after = client.get("/?q=ciclovía").get_data(as_text=True)
        assert "Nueva ciclovía en Tlalpan" in after and "Nueva ciclovía en Tlalpan" not in first
