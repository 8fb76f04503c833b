"""Finding one's way without a query: the home page's summary, /oficiales, /temas, /fuentes, /ayuda, /acerca."""

import re
from collections import Counter
from html import unescape

import pytest

from search.release import key_for
from webui import create_app


def text(client, path, **query):
    response = client.get(path, query_string=query)
    assert response.status_code == 200, path
    return unescape(response.get_data(as_text=True))


def words(html):
    """What a reader sees: the text without tags, its spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_home_page_says_what_the_archive_holds(client, expected):
    html = text(client, "/")
    dates = sorted(r["date"] for r in expected if r["date"])
    sources = Counter(r["source"] for r in expected)
    lead = words(html)
    assert f"Hemeroteca reúne {len(expected)} comunicados de {len(sources)} fuentes" in lead
    assert dates[0] == "2025-01-15" and "publicados entre el 15 de enero de 2025 y el" in lead
    assert "Última actualización:" in lead
    # Each source links to its releases, with its count.
    source, count = sources.most_common(1)[0]
    assert re.search(rf'<a href="/\?source={key_for(source)}">{re.escape(source)}</a> <span class="count">{count}</span>',
                     html)
    assert 'href="/oficiales"' in html and 'href="/temas"' in html and 'href="/ayuda"' in html


def test_a_search_does_not_repeat_the_home_summary(client):
    assert "Hemeroteca reúne" not in text(client, "/", q="agua")


def test_every_page_has_one_navigation_that_marks_its_section(client):
    for path, current in (("/", "Comunicados"), ("/declaraciones", "Declaraciones"), ("/oficiales", "Funcionarios"),
                          ("/temas", "Temas"), ("/fuentes", "Fuentes"), ("/ayuda", "Ayuda"), ("/acerca", None)):
        html = text(client, path)
        nav = re.search(r'<nav class="sections" aria-label="Secciones">(.*?)</nav>', html, re.S).group(1)
        assert re.findall(r">([^<]+)</a>", nav) == ["Comunicados", "Declaraciones", "Funcionarios", "Temas", "Fuentes",
                                                    "Ayuda"], path
        marked = re.findall(r'aria-current="page">([^<]+)<', nav)
        assert marked == ([current] if current else []), path


def test_officials_are_listed_with_role_source_and_count(client, expected):
    html = text(client, "/oficiales")
    mentions = Counter(o["name"] for r in expected for o in r["officials"])
    name, count = mentions.most_common(1)[0]
    entry = re.search(rf'<li><a href="/oficiales/{key_for(name)}"><span class="label">{re.escape(name)}</span></a>(.*?)</li>',
                      html, re.S)
    assert entry, name
    assert f"{count} comunicados" in entry.group(1) and ", " in entry.group(1)
    assert f"{len(mentions)} personas nombradas" in html or "personas nombradas" in html


def test_the_officials_filter_works_without_javascript(client):
    html = text(client, "/oficiales", filtro="zepeda")
    names = re.findall(r'<span class="label">([^<]+)</span>', html)
    assert names == ["Omar Zepeda Lara"]
    assert "1 con «zepeda»" in html
    assert 'value="zepeda"' in html
    nobody = text(client, "/oficiales", filtro="nadiesellamaasí")
    assert "Ningún funcionario con «nadiesellamaasí» en el nombre" in nobody


def test_topics_list_counts_and_link_to_their_search(client, expected):
    html = text(client, "/temas")
    topics = Counter(t for r in expected for t in r["topics"])
    topic, count = topics.most_common(1)[0]
    row = re.search(rf'<a href="/\?topic={key_for(topic)}">{re.escape(topic)}</a></th><td class="num">(\d+)</td>', html)
    assert row and int(row.group(1)) == count


def test_sources_say_what_period_each_covers(client, expected):
    html = text(client, "/fuentes")
    for source in {r["source"] for r in expected}:
        dates = sorted(r["date"] for r in expected if r["source"] == source and r["date"])
        row = re.search(rf'{re.escape(source)}</a></th>(.*?)</tr>', html, re.S)
        assert row, source
        assert f'<time datetime="{dates[0]}">' in row.group(1) and f'<time datetime="{dates[-1]}">' in row.group(1)
    assert "El índice se actualizó por última vez el" in html


def test_help_explains_the_query_language_with_examples_that_work(client):
    html = text(client, "/ayuda")
    for syntax in ('"árbol por árbol"', "-simulacro", "becas O apoyos", "oficial:", "tema:", "fecha:2026-01",
                   "vacun*"):
        assert syntax in html, syntax
    assert "Escriba las palabras" in html and "pruébelo" in html
    example = re.search(r'<a href="(/\?q=[^"]+)"><code>"árbol por árbol"</code></a>', html).group(1)
    found = client.get(example.replace("&amp;", "&")).get_data(as_text=True)
    assert "para «&#34;árbol por árbol&#34;»" in found and "0 resultados" not in found
    assert not re.search(r"\b(escribe|prueba|busca tú|puedes)\b", html)


def test_about_names_the_sources_and_their_licence(client, expected):
    html = text(client, "/acerca")
    assert all(source in html for source in {r["source"] for r in expected})
    assert "Licencia y atribución" in html and "cite la fuente original" in html


def test_the_data_attribution_is_a_setting(demo_index, closing):
    app = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index),
                      "DATA_ATTRIBUTION": "CC-BY-SA 4.0, <Presidencia>"}))
    html = app.test_client().get("/acerca").get_data(as_text=True)
    assert "Datos: CC-BY-SA 4.0, &lt;Presidencia&gt;." in html


def test_the_attribution_comes_from_the_environment(demo_index, monkeypatch, closing):
    monkeypatch.setenv("HEMEROTECA_DATA_ATTRIBUTION", "CC-BY-SA 4.0")
    app = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index)}))
    assert "Datos: CC-BY-SA 4.0." in app.test_client().get("/acerca").get_data(as_text=True)


def test_the_favicon_is_served_at_the_root(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.mimetype == "image/x-icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon" href="/favicon.ico"' in text(client, "/ayuda")


@pytest.mark.parametrize("path", ["/oficiales", "/temas", "/fuentes", "/acerca", "/"])
def test_browsing_pages_need_an_index(tmp_path, path, closing):
    app = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}))
    assert app.test_client().get(path).status_code == 503


def test_every_example_of_the_help_finds_something_in_this_archive(client):
    page = client.get("/ayuda").get_data(as_text=True)
    examples = re.findall(r'<a href="(/\?q=[^"]+)"><code>', page)
    assert len(examples) >= 10
    for href in examples:
        results = unescape(client.get(unescape(href)).get_data(as_text=True))
        assert not re.search(r'id="results-heading"[^>]*>\s*0 resultados', results), href
