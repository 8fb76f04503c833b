"""Ways into the archive besides a query: what it holds, who and what is in it, how to search it.

The home page's summary, ``/oficiales``, ``/temas`` and ``/fuentes`` read the
index's catalog (counted once per index generation, as the API's lists are);
``/ayuda`` and ``/acerca`` are text. The header's navigation names the section
of each page from its endpoint.
"""

from datetime import date

from flask import Blueprint, current_app, render_template, request, send_from_directory, url_for

from search.catalog import catalog, stats
from search.release import key_for

from .engine import get_engine
from .pages import base_path, histogram_layout, link, static_path

bp = Blueprint("browse", __name__)

# The header's sections: (title, endpoint), and the section each endpoint belongs to.
SECTIONS = (
    ("Comunicados", "search.search"),
    ("Declaraciones", "statements.search"),
    ("Funcionarios", "browse.officials"),
    ("Temas", "browse.topics"),
    ("Fuentes", "browse.sources"),
    ("Ayuda", "browse.help"),
)
SECTION_OF = {"search.release": "search.search", "statements.official": "browse.officials"}
# Officials drawn on /oficiales before its filter box must narrow them (the rest are one query away).
OFFICIALS_SHOWN = 500
# The home page names this many of the commonest topics and officials.
HOME_TOP = 8


def section():
    """The header section of this request's page (its endpoint, or the section that holds it)."""
    endpoint = request.endpoint or ""
    return SECTION_OF.get(endpoint, endpoint)


def _search_link(name, key):
    return link("search.search", [(name, key)])


def overview():
    """What the home page says the archive holds: counts, dates, last update, sources and the commonest."""
    engine = get_engine()
    found = catalog(engine)
    figures = stats(engine)
    sources = [{**e.summary(), "url": _search_link("source", e.key)} for e in found.listing(found.sources)]
    topics = [{**e.summary(), "url": _search_link("topic", e.key)} for e in found.listing(found.topics)[:HOME_TOP]]
    officials = [{**found.official_summary(e), "url": url_for("statements.official", key=e.key)}
                 for e in found.listing(found.officials)[:HOME_TOP]]
    return {"stats": figures, "sources": sources, "topics": topics, "officials": officials}


def narrow(entries, wanted, text):
    """The entries whose ``text(entry)`` contains ``wanted``, accents and case aside."""
    key = key_for(wanted)
    return [e for e in entries if key in key_for(text(e))] if key else list(entries)


@bp.route("/oficiales")
def officials():
    """Every official named in the releases, with role, main source and count; ``filtro`` narrows them."""
    found = catalog(get_engine())
    wanted = (request.args.get("filtro") or "").strip()
    matching = narrow(found.listing(found.officials), wanted, lambda e: e.label)
    shown = [{**found.official_summary(e), "url": url_for("statements.official", key=e.key)}
             for e in matching[:OFFICIALS_SHOWN]]
    return render_template("officials.html", officials=shown, matching=len(matching), wanted=wanted,
                           total=len(found.officials), api_url=url_for("api.officials"))


@bp.route("/temas")
def topics():
    """Every topic with its count and the span of its releases, each linking to its search."""
    found = catalog(get_engine())
    entries = [{**e.summary(), "url": _search_link("topic", e.key)} for e in found.listing(found.topics)]
    return render_template("topics.html", topics=entries, api_url=url_for("api.topics"))


@bp.route("/fuentes")
def sources():
    """Every source: how many releases, from when to when (its coverage), and the archive's last update."""
    engine = get_engine()
    found = catalog(engine)
    entries = [{**e.summary(), "url": _search_link("source", e.key)} for e in found.listing(found.sources)]
    return render_template("sources.html", sources=entries, stats=stats(engine), api_url=url_for("api.sources"))


@bp.route("/ayuda")
def help():
    """How to write a query, with examples that link to their search (names from this archive)."""
    found = catalog(get_engine())
    official = next(iter(found.listing(found.officials)), None)
    source = next(iter(found.listing(found.sources)), None)
    topic = next(iter(found.listing(found.topics)), None)
    return render_template("help.html", official=official.label if official else "Claudia Sheinbaum Pardo",
                           source=source.label if source else "Presidencia de la República",
                           topic=topic.key if topic else "salud")


@bp.route("/acerca")
def about():
    """What the site is, where its texts come from and under which licence."""
    found = catalog(get_engine())
    sources = [{**e.summary(), "url": _search_link("source", e.key)} for e in found.listing(found.sources)]
    return render_template("about.html", sources=sources, attribution=current_app.config.get("DATA_ATTRIBUTION"))


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it at the root whatever the page says; the same icon the pages link."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/x-icon", max_age=86400)


def init_app(app):
    # Addresses without values (the sections, the style sheets) are built once, not on every page.
    app.add_template_global(base_path, "path")
    app.add_template_global(static_path)
    app.add_template_global(histogram_layout)
    app.add_template_global(section, "nav_section")
    app.add_template_global(SECTIONS, "nav_sections")
    # The day a page was read, for "Cómo citar" and the printed footer.
    app.add_template_global(date.today, "today")
