"""The search page's facet lists and year bars say what the API's facets say for the same search.

The page draws its filters from precomputed rows; whatever it draws, a citizen must see the same values, counts,
chosen states and links as the API's facets for that query imply.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from search.params import LIST_FILTERS
from webui.filters import numero
from webui.views import FACET_SHOWN

QUERIES = [
    {},
    {"q": "agua"},
    {"q": "vacunación"},
    {"q": "seguridad", "sort": "recientes"},
    {"q": "agua", "official": "luis-mendoza", "from": "2025", "to": "2025"},
    {"q": "programa", "page": "2"},
    {"from": "2025-03", "to": "2025-03"},
    {"q": "becas", "topic": "educacion"},
]


class FacetMarkup(HTMLParser):
    """Each facet section's links: href, label (without the hidden «Quitar filtro»), count and chosen state;
    and the year bars' links with their accessible names."""

    def __init__(self):
        super().__init__()
        self.facets, self.bars = {}, []
        self.section = self.link = self.span = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("facet-"):
            self.section = attrs["id"].removeprefix("facet-")
            self.facets.setdefault(self.section, [])
        elif tag == "a" and "bar" in (attrs.get("class") or "").split():
            self.bars.append({"href": attrs["href"], "name": attrs["aria-label"],
                              "selected": attrs.get("aria-current") == "true"})
        elif tag == "a" and self.section and self.section != "date" and attrs.get("class") != "more":
            self.link = {"href": attrs["href"], "label": "", "count": "",
                         "selected": attrs.get("class") == "selected" and attrs.get("aria-current") == "true"}
            self.facets[self.section].append(self.link)
        elif tag == "span" and self.link is not None:
            if "visually-hidden" in (attrs.get("class") or ""):
                self.hidden += 1
            elif attrs.get("class") in ("label", "count"):
                self.span = attrs["class"]

    def handle_endtag(self, tag):
        if tag == "section":
            self.section = None
        elif tag == "a":
            self.link = None
        elif tag == "span" and self.link is not None:
            if self.hidden:
                self.hidden -= 1
            else:
                self.span = None

    def handle_data(self, data):
        if self.link is not None and self.span and not self.hidden:
            self.link[self.span] += data


def query_pairs(url):
    """A link as what it asks for: its path and its parameters in any order."""
    parts = urlsplit(url)
    return parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


def expected_toggle(args, name, value):
    """The page's own address (first page) with ``value`` of ``name`` added, or taken out if chosen."""
    pairs = [(k, v) for k, v in args.items() if k not in (name, "page")]
    chosen = [v for k, v in args.items() if k == name]
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    return "/", sorted(pairs + [(name, v) for v in chosen])


def expected_year(args, item):
    pairs = [(k, v) for k, v in args.items() if k not in ("from", "to", "page")]
    if not item["selected"]:
        pairs += [("from", item["value"]), ("to", item["value"])]
    return "/", sorted(pairs)


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "bare")
def test_the_facet_lists_show_the_apis_facets(client, args):
    api = client.get("/api/v1/search", query_string={k: v for k, v in args.items() if k != "page"}).get_json()
    response = client.get("/", query_string=args)
    assert response.status_code == 200
    markup = FacetMarkup()
    markup.feed(response.get_data(as_text=True))
    for name in LIST_FILTERS:
        items = api["facets"][name]
        shown = [i for n, i in enumerate(items) if n < FACET_SHOWN or i["selected"]]
        drawn = markup.facets.get(name, [])
        assert [(d["label"].strip(), d["count"].strip(), d["selected"]) for d in drawn] == \
               [(i["label"], numero(i["count"]), i["selected"]) for i in shown], name
        assert [query_pairs(d["href"]) for d in drawn] == \
               [expected_toggle(args, name, i["value"]) for i in shown], name
    years = {i["value"]: i for i in api["facets"]["year"]}
    year_bars = [b for b in markup.bars if b["name"][:4] in years and b["name"][4] == ":"]
    assert len(year_bars) == len(years)
    for bar in year_bars:
        item = years[bar["name"][:4]]
        noun = "comunicado" if item["count"] == 1 else "comunicados"
        assert bar["name"] == f"{item['value']}: {numero(item['count'])} {noun}" + \
               (" (filtro activo)" if item["selected"] else "")
        assert bar["selected"] == item["selected"]
        assert query_pairs(bar["href"]) == expected_year(args, item)



def test_a_chosen_value_past_the_cut_stays_in_its_list(client):
    """Choosing the least named official keeps that official in the list, marked chosen, on the page and in
    the API, although the official's count ranks far past the values shown."""
    everyone = client.get("/api/v1/officials").get_json()["officials"]
    rarest = everyone[-1]["key"]
    api = client.get("/api/v1/search", query_string={"official": rarest, "q": "programa"}).get_json()
    ranked = api["facets"]["official"]
    assert [i["value"] for i in ranked if i["selected"]] == [rarest]
    assert [i["value"] for i in ranked].index(rarest) >= FACET_SHOWN
    markup = FacetMarkup()
    markup.feed(client.get("/", query_string={"official": rarest, "q": "programa"}).get_data(as_text=True))
    drawn = markup.facets["official"]
    assert sum(d["selected"] for d in drawn) == 1
    assert drawn[-1]["selected"] and query_pairs(drawn[-1]["href"]) == ("/", [("q", "programa")])
