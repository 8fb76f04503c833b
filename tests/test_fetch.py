"""The polite HTTP client against a real fixture site on 127.0.0.1."""

import pytest

from index.fetch import USER_AGENT, Blocked, FetchError, Fetcher, PageCapReached
from sites.server import FixtureSite

BECAS = "/comunicados/entrega-de-becas-a-estudiantes.html"


@pytest.fixture
def site(tmp_path):
    with FixtureSite("municipio", tmp_path) as running:
        yield running


def fetcher(**options):
    settings = {"delay": 0, "timeout": 0.5, "retries": 2, "backoff": 0, "trust_env": False, **options}
    return Fetcher(**settings)


def test_every_request_names_hemeroteca_in_its_user_agent(site):
    with fetcher() as f:
        f.get(site.url(BECAS))
    assert site.log
    assert all(r["headers"]["User-Agent"] == USER_AGENT for r in site.log)
    assert USER_AGENT.startswith("Hemeroteca/")


def test_a_path_robots_txt_forbids_is_never_requested(site):
    with fetcher() as f, pytest.raises(Blocked) as caught:
        f.get(site.url("/privado/informe-interno.html"))
    assert "robots.txt" in caught.value.reason
    assert site.requested("/robots.txt")
    assert not site.requested("/privado/")


def test_robots_txt_is_read_once_per_site(site):
    with fetcher() as f:
        f.get(site.url(BECAS))
        f.get(site.url("/comunicados/programa-de-bacheo-nocturno.html"))
    assert len(site.requested("/robots.txt")) == 1


def test_a_page_that_answers_503_then_200_is_retried_and_read(site):
    site.failures[BECAS] = 1
    with fetcher() as f:
        page = f.get(site.url(BECAS))
    assert page.status == 200
    assert "becas" in page.content.decode("utf-8")
    assert len(site.requested(BECAS)) == 2


def test_a_page_that_keeps_failing_gives_a_reason_in_spanish(site):
    site.failures[BECAS] = 10
    with fetcher(retries=1) as f, pytest.raises(FetchError) as caught:
        f.get(site.url(BECAS))
    assert caught.value.reason == "el sitio respondió 503 en 2 intentos"
    assert len(site.requested(BECAS)) == 2


def test_a_page_slower_than_the_timeout_fails_clearly(site):
    site.slow["/lento.html"] = 1.5
    with fetcher(timeout=0.2, retries=0) as f, pytest.raises(FetchError) as caught:
        f.get(site.url("/lento.html"))
    assert caught.value.reason == "el sitio no respondió en 0.2 s"


def test_a_redirect_loop_is_detected(site):
    site.redirects.update({"/bucle-a": "/bucle-b", "/bucle-b": "/bucle-a"})
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(site.url("/bucle-a"))
    assert caught.value.reason == "las redirecciones forman un bucle"
    assert len(site.requested("/bucle-")) == 2


def test_a_redirect_within_the_site_is_followed(site):
    site.redirects["/viejo/becas"] = BECAS
    with fetcher() as f:
        page = f.get(site.url("/viejo/becas"))
    assert page.status == 200
    assert page.url == site.url(BECAS)


def test_a_redirect_to_another_site_is_not_followed(site):
    # "localhost" is another site for the crawler, though the same test server would answer it.
    site.redirects["/fuera"] = "http://localhost:{port}" + BECAS
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(site.url("/fuera"))
    assert caught.value.reason == "redirige fuera del sitio, a localhost"
    assert not site.requested(BECAS)


def test_an_unchanged_page_is_not_downloaded_again(site):
    with fetcher() as f:
        first = f.get(site.url(BECAS))
        again = f.get(site.url(BECAS), etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag
    assert again.not_modified and again.content == b""
    assert site.requested(BECAS)[-1]["headers"]["If-None-Match"] == first.etag


def test_a_missing_page_is_reported_as_gone(site):
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(site.url("/comunicados/no-existe.html"))
    assert caught.value.gone
    assert caught.value.reason == "el sitio respondió 404"


def test_the_page_cap_stops_a_run(site):
    with fetcher(max_pages=2) as f:
        f.get(site.url(BECAS))
        f.get(site.url("/comunicados/programa-de-bacheo-nocturno.html"))
        with pytest.raises(PageCapReached):
            f.get(site.url("/comunicados/rehabilitacion-del-parque-central.html"))
    assert not site.requested("/comunicados/rehabilitacion")


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    with fetcher(delay=0.3) as f:
        f.get(site.url(BECAS))
        f.get(site.url("/comunicados/programa-de-bacheo-nocturno.html"))
    times = [r["at"] for r in site.log]
    assert len(times) == 3  # robots.txt, then the two pages
    assert all(later - earlier >= 0.25 for earlier, later in zip(times, times[1:]))


def test_only_http_addresses_are_fetched():
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get("file:///etc/passwd")
    assert "http" in caught.value.reason


def test_a_site_asking_to_wait_too_long_is_left_for_the_next_run(site):
    site.failures[BECAS] = 1
    site.retry_after = "3600"
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(site.url(BECAS))
    assert caught.value.reason == "el sitio pidió esperar 3600 s (código 503)"
    assert len(site.requested(BECAS)) == 1


def test_the_crawl_delay_of_robots_txt_is_obeyed(site):
    # Python's robots.txt reader takes whole seconds only.
    site.write("/robots.txt", "User-agent: *\nCrawl-delay: 1\nDisallow: /privado/\n")
    with fetcher(delay=0) as f:
        f.get(site.url(BECAS))
        f.get(site.url("/comunicados/programa-de-bacheo-nocturno.html"))
    first, second = (r["at"] for r in site.requested("/comunicados/"))
    assert second - first >= 0.9


def test_a_site_whose_robots_txt_cannot_be_read_is_left_alone_this_run(site):
    site.failures["/robots.txt"] = 10
    with fetcher(retries=0) as f, pytest.raises(FetchError) as caught:
        f.get(site.url(BECAS))
    assert not isinstance(caught.value, Blocked)
    assert caught.value.reason == "no se pudo leer robots.txt del sitio (el sitio respondió 503); se reintentará"
    assert not site.requested("/comunicados/")
