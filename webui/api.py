"""The JSON API, version 1: the same search as the page, as data for programs."""

from flask import Blueprint, abort, jsonify, request

from search.params import params_from_args

from .engine import get_engine

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/search")
def search():
    """Search releases: hits, total, pages and every facet."""
    return jsonify(get_engine().search(params_from_args(request.args)))


@bp.route("/releases/<path:release_id>")
def release(release_id):
    """One release in full, with its body and extracted fields."""
    engine = get_engine()
    found = engine.get(release_id)
    if found is None:
        abort(404, f"No existe un comunicado con el identificador «{release_id}».")
    return jsonify(engine.release_record(found))
