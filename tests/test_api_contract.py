"""The OpenAPI document is the API's contract: every live answer over HTTP must match it.

Schemathesis generates requests from the document (valid and invalid ones)
and checks each answer: never a 500, a documented status, content type and
headers, and a body that matches its schema. Generated text rarely finds a
release, so answers full of hits are also checked with chosen requests.
"""

import gc
import os
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from mailbox import smtp_server
from schemathesis.specs.openapi.checks import positive_data_acceptance
from shared_index import close_engines
from werkzeug.serving import make_server

from webui import create_app
from webui.exports import DEFAULT_EXPORT_LIMIT
from webui.openapi import document

# Built from the code's constants, as the app serves it (a test below checks they are the same).
schema = schemathesis.openapi.from_dict(document(DEFAULT_EXPORT_LIMIT))

# Valid-looking requests may still be refused with a 400 for rules a schema cannot state (a
# 30 February, "from" after "to", "after" with "page"), so that check is left out; all others run.
EXCLUDED_CHECKS = [positive_data_acceptance]
# Each run asks the same requests; HEMEROTECA_CONTRACT_SEED=<n> draws another set, to check that no run depends
# on its draw (empty parameters, say: the document states for each one that empty means absent).
SEED = os.environ.get("HEMEROTECA_CONTRACT_SEED")


def reseeded(test):
    """``test`` drawing from HEMEROTECA_CONTRACT_SEED when it is set (a seed wins over derandomize)."""
    return seed(int(SEED))(test) if SEED else test


@pytest.fixture(scope="module")
def live(demo_index, tmp_path_factory):
    """The app over the demo index, served over HTTP on 127.0.0.1.

    Alerts asked for here mail their confirmations to an SMTP server of the test's own, so the
    generated addresses get nothing.
    """
    folder = tmp_path_factory.mktemp("contract-alerts")
    with smtp_server(folder) as (_, smtp_url):
        app = create_app({"INDEX_DIR": str(demo_index), "SMTP_URL": smtp_url,
                          "ALERTS_DB": str(folder / "alerts.sqlite")})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield app.config["BASE_URL"]
        server.shutdown()
        thread.join()
        server.server_close()
        close_engines(app)


@pytest.fixture
def quiet_collector():
    """No garbage collection while Hypothesis reads sources: on Python 3.11.7 a finalizer run inside
    ``ast.parse`` (Whoosh's files closing) can end it with "AST constructor recursion depth mismatch"."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@schema.parametrize()
@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@reseeded
def test_every_answer_matches_the_openapi_document(case, live, quiet_collector):
    # Invalid requests too: each must be refused with a 4xx (schemathesis's negative_data_rejection).
    case.call_and_validate(base_url=live, excluded_checks=EXCLUDED_CHECKS)


def check(live, path, **request):
    """Call ``path`` with chosen data and validate the answer; returns it."""
    case = schema[path]["GET"].Case(**request)
    return case.call_and_validate(base_url=live, excluded_checks=EXCLUDED_CHECKS)


@pytest.mark.parametrize("query", [
    {"q": "vacunación"},
    {"q": "vacunacion escuelas", "sort": "recientes"},
    {"q": "vacunasion"},
    {"per_page": 100},
    {"official": ["luis-mendoza"], "from": "2025", "to": "2026-06"},
])
def test_searches_with_hits_match_the_document(live, query):
    result = check(live, "/api/v1/search", query=query).json()
    assert result["hits"] and result["facets"]["year"]


def test_a_cursor_walk_matches_the_document(live):
    first = check(live, "/api/v1/search", query={"q": "programa", "after": "", "per_page": 3}).json()
    assert first["next"] and len(first["hits"]) == 3
    second = check(live, "/api/v1/search", query={"q": "programa", "after": first["next"], "per_page": 3}).json()
    assert second["after"] == first["next"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exports_match_the_document(live, fmt):
    response = check(live, "/api/v1/search", query={"q": "agua", "format": fmt})
    assert response.text.strip()


def test_records_with_content_match_the_document(live):
    hit = check(live, "/api/v1/search", query={"q": "simulacro"}).json()["hits"][0]
    check(live, "/api/v1/releases/{release_id}", path_parameters={"release_id": hit["id"]})
    official = check(live, "/api/v1/officials").json()["officials"][0]
    check(live, "/api/v1/officials/{key}", path_parameters={"key": official["key"]})
    for path in ("/api/v1/topics", "/api/v1/sources", "/api/v1/stats"):
        check(live, path)


def test_the_served_document_is_the_one_tested(client):
    served = client.get("/api/v1/openapi.json").get_json()
    assert served == document(DEFAULT_EXPORT_LIMIT)
    assert served["openapi"].startswith("3.1")


def test_every_api_route_is_documented_and_every_documented_path_exists(app):
    routes = {
        rule.rule.replace("<path:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
    }
    assert routes == set(document(DEFAULT_EXPORT_LIMIT)["paths"])


def test_an_empty_parameter_is_documented_and_answered_as_an_absent_one(client):
    """The page's forms send blank fields: each query parameter the API reads so says allowEmptyValue (or, if
    repeatable, admits an empty item), and the answer to ``name=`` is the answer without it."""
    for path, item in document(DEFAULT_EXPORT_LIMIT)["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            name, schema = parameter["name"], parameter["schema"]
            if schema.get("type") == "array":
                assert "allowEmptyValue" not in parameter, (path, name)
                assert admits_blank(schema["items"]), (path, name)
            else:
                assert parameter.get("allowEmptyValue") is True, (path, name)
            if name == "after":
                continue  # An empty cursor starts a walk: documented as such, and not the same answer.
            empty, absent = client.get(path, query_string={name: ""}), client.get(path)
            assert empty.status_code == absent.status_code == 200, (path, name)
            assert without_timing(empty.get_json()) == without_timing(absent.get_json()), (path, name)


def admits_blank(schema):
    """Whether a repeatable parameter's items admit an empty string (its type, or a blank branch of anyOf)."""
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        return True
    return any(part.get("pattern") == "^\\s*$" for part in schema.get("anyOf", []))


def without_timing(answer):
    return {k: v for k, v in answer.items() if k != "took_ms"}
