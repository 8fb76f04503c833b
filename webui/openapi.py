"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json and shown at /api.

Written once, here, from the same constants the code enforces (page sizes,
sorts, facets, the export cap), and tested against live answers. Descriptions
are in Spanish, for the people who write programs against the API.
"""

from search.facets import FACET_NAMES
from search.params import DEFAULT_PER_PAGE, LIST_FILTERS, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, SORT_ALIASES, SORTS
from search.collection import STATEMENTS
from search.statements import KIND_LABELS, SPEAKER_LABELS
from search.vocabulary import BY_NAME, FACETS
from alerts.schedule import FREQUENCIES
from alerts.searches import ARGS as ALERT_ARGS, KINDS as ALERT_KINDS

from .caching import VERSION
from .exports import FORMATS

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
COUNT = {"type": "integer", "minimum": 0}


def _object(properties, required=None, extra=False):
    """A JSON Schema object; strict (no other keys) unless ``extra``."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": extra}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _list(item):
    return {"type": "array", "items": item}


KEYED = _object({"key": {"type": "string"}, "label": {"type": "string"}})
RELEASE_FIELDS = {
    "id": {"type": "string", "description": "Identificador estable del comunicado."},
    "title": {"type": "string"},
    "date": {**NULLABLE_DATE, "description": "Fecha de publicación (AAAA-MM-DD), o null si no se conoce."},
    "url": {**NULLABLE_STRING, "description": "Dirección del original; solo http o https, si no, null."},
    "source": {**NULLABLE_STRING, "description": "Dependencia o gobierno que lo publicó."},
    "officials": _list(_ref("OfficialMention")),
    "topics": _list(_ref("Keyed")),
    "places": _list(_ref("Keyed")),
    "organizations": _list(_ref("Keyed")),
    "type": {**NULLABLE_STRING, "description": "Tipo de documento: comunicado, aviso, boletín…"},
}
HIT_FIELDS = {
    **RELEASE_FIELDS,
    "snippet": {"type": "string", "description": "Fragmento en HTML con las palabras encontradas en <mark>."},
    "score": {"type": ["number", "null"], "description": "Relevancia; null cuando se ordena por fecha."},
}
# What the site crawler knows of a release's history (null or empty for releases read from files).
SEEN = {"type": ["string", "null"], "description": "Fecha y hora (ISO 8601)."}
HISTORY_FIELDS = {
    "first_seen": {**SEEN, "description": "Primera vez que se vio en su sitio."},
    "last_seen": {**SEEN, "description": "Última vez que se vio en su sitio."},
    "updated": {**SEEN, "description": "Última modificación según el sitio."},
    "withdrawn": {"type": "boolean", "description": "Si el sitio lo retiró."},
    "versions": {**_list(_object({
        "title": {"type": "string"}, "body": {"type": "string"}, "date": NULLABLE_DATE,
        "from": {"type": "string"}, "until": {"type": "string"},
    })), "description": "Versiones anteriores, de la más antigua a la más reciente."},
    "labels": {**_list({"type": "string"}), "description": "Categorías y etiquetas del propio sitio."},
}
ENTRY_FIELDS = {
    "key": {"type": "string", "description": "Clave para filtrar la búsqueda."},
    "label": {"type": "string"},
    "releases": {**COUNT, "description": "Comunicados en que aparece."},
    "first": {**NULLABLE_DATE, "description": "Fecha de su primera aparición."},
    "last": {**NULLABLE_DATE, "description": "Fecha de su última aparición."},
}
OFFICIAL_FIELDS = {
    "key": ENTRY_FIELDS["key"],
    "name": {"type": "string"},
    "releases": ENTRY_FIELDS["releases"],
    "first": ENTRY_FIELDS["first"],
    "last": ENTRY_FIELDS["last"],
    "role": {**NULLABLE_STRING, "description": "Cargo en su aparición más reciente."},
    "source": {**NULLABLE_STRING, "description": "Dependencia o gobierno en cuyos comunicados aparece más."},
}
COUNTED = _object({"key": {"type": "string"}, "label": {"type": "string"}, "releases": COUNT})

SCHEMAS = {
    "Error": _object({
        "error": _object({"code": {"type": "string", "description": "Código estable, en inglés, para programas."},
                          "message": {"type": "string", "description": "Qué pasó, en español."}}),
        "status": {"type": "integer"},
    }),
    "Keyed": KEYED,
    "AlertRequest": _object({
        "email": {"type": "string", "format": "email", "description": "Dirección que recibirá los avisos."},
        "kind": {"enum": list(ALERT_KINDS), "default": "releases",
                 "description": "releases: comunicados; statements: declaraciones."},
        "frequency": {"enum": list(FREQUENCIES), "default": "daily",
                      "description": "immediate: después de cada actualización; daily: una vez al día; weekly: una vez "
                                     "a la semana."},
        "search": {"type": "object", "description": "Los parámetros de la búsqueda, como en /api/v1/search o "
                   "/api/v1/statements (sin orden ni página): texto o lista de textos.",
                   "propertyNames": {"enum": sorted(set(ALERT_ARGS["releases"]) | set(ALERT_ARGS["statements"]))},
                   "additionalProperties": {"anyOf": [{"type": "string"}, _list({"type": "string"})]}},
    }, required=["email"]),
    "AlertAccepted": _object({"status": {"enum": ["pending"]},
                              "message": {"type": "string", "description": "Qué pasará, en español."}}),
    "Alert": _object({
        "id": {"type": "integer"},
        "kind": {"enum": list(ALERT_KINDS)},
        "search": {"type": "object", "additionalProperties": _list({"type": "string"})},
        "description": {"type": "string", "description": "La búsqueda en palabras."},
        "frequency": {"enum": list(FREQUENCIES)},
        "confirmed": {"type": "boolean", "description": "false hasta que se sigue el enlace de confirmación."},
        "created": {"type": "string"},
        "last_sent": {**NULLABLE_STRING, "description": "Cuándo se envió el último correo del aviso."},
    }),
    "AlertList": _object({"email": {"type": "string"}, "alerts": _list(_ref("Alert"))}),
    "OfficialMention": _object({"key": {"type": "string"}, "name": {"type": "string"},
                                "role": {"type": "string"}}),
    "FacetItem": _object({
        "value": {"type": "string", "description": "Valor para el filtro del mismo nombre."},
        "label": {"type": "string"},
        "count": COUNT,
        "selected": {"type": "boolean", "description": "Si el valor está entre los filtros de la búsqueda."},
    }),
    "Hit": _object(HIT_FIELDS),
    "Release": _object({**RELEASE_FIELDS, "body": {"type": "string", "description": "Texto completo."},
                        **HISTORY_FIELDS}),
    "SearchResults": _object(
        {
            "query": {"type": "string"},
            "total": {**COUNT, "description": "Comunicados encontrados en total."},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 1},
            "sort": {"enum": list(SORTS)},
            "suggestion": {**NULLABLE_STRING,
                           "description": "La búsqueda con las palabras mal escritas corregidas, o null."},
            "mode": {"enum": ["all", "any"],
                     "description": "«any» cuando ningún comunicado tenía todas las palabras y se muestran los que tienen alguna."},
            "interpretation": {"type": ["object", "null"],
                               "description": "Cómo se leyó la búsqueda (formas, sinónimos, correcciones)."},
            "hits": _list(_ref("Hit")),
            "facets": {
                "type": "object",
                "description": "Conteos por faceta sobre todos los resultados; cada faceta sin su propio filtro.",
                "properties": {name: _list(_ref("FacetItem")) for name in FACET_NAMES},
                "required": list(FACET_NAMES),
                "additionalProperties": _list(_ref("FacetItem")),
            },
            "took_ms": {"type": "number", "minimum": 0},
        },
        required=["query", "total", "page", "per_page", "pages", "sort", "suggestion", "hits", "facets", "took_ms"],
        extra=True,
    ),
    "CursorPage": _object({
        "query": {"type": "string"},
        "total": {**COUNT, "description": "Comunicados del recorrido completo en este momento."},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "sort": {"enum": ["antiguos", "recientes"]},
        "after": {**NULLABLE_STRING, "description": "El cursor recibido (null al empezar)."},
        "next": {**NULLABLE_STRING, "description": "Cursor para la siguiente tanda; null en la última."},
        "hits": _list(_ref("Hit")),
        "took_ms": {"type": "number", "minimum": 0},
    }),
    "Entry": _object(ENTRY_FIELDS),
    "Counted": COUNTED,
    "OfficialSummary": _object(OFFICIAL_FIELDS),
    "Official": _object({
        **OFFICIAL_FIELDS,
        "roles": _list(_object({"role": {"type": "string"}, "releases": COUNT, "last": NULLABLE_DATE})),
        "sources": _list(_ref("Counted")),
        "topics": _list(_ref("Counted")),
    }),
    "Officials": _object({"total": COUNT, "officials": _list(_ref("OfficialSummary"))}),
    "Topics": _object({"total": COUNT, "topics": _list(_ref("Entry"))}),
    "Sources": _object({"total": COUNT, "sources": _list(_ref("Entry"))}),
    "Statement": _object({
        "id": {"type": "string", "description": "Identificador: el del comunicado, «#» y la posición."},
        "text": {"type": "string", "description": "Lo dicho: la cita, la paráfrasis o la intervención completa."},
        "snippet": {"type": "string", "description": "Fragmento en HTML con las palabras encontradas en <mark>."},
        "kind": {"enum": list(KIND_LABELS)},
        "kind_label": {"type": "string"},
        "speaker": _object({
            "name": {**NULLABLE_STRING, "description": "Nombre, o cómo lo describe el comunicado («una vecina»)."},
            "key": {**NULLABLE_STRING, "description": "Clave del funcionario; null si no es funcionario."},
            "type": {"enum": list(SPEAKER_LABELS)},
            "type_label": {"type": "string"},
            "role": NULLABLE_STRING,
            "institution": NULLABLE_STRING,
        }),
        "date": NULLABLE_DATE,
        "topics": _list(_ref("Keyed")),
        "release": _object({"id": {"type": "string"}, "title": {"type": "string"}, "source": NULLABLE_STRING}),
        "position": {"type": "integer", "minimum": 1, "description": "Orden en el texto del comunicado."},
        "anchor": {"type": "string", "description": "Ancla en la página del comunicado: /comunicados/<id>#<anchor>."},
        "span": {**_list({"type": "integer", "minimum": 0}), "minItems": 2, "maxItems": 2,
                 "description": "Inicio y fin del texto en el cuerpo del comunicado (caracteres)."},
        "passage": {
            "type": ["object", "null"],
            "properties": {
                "anchor": {"type": "string", "description": "Ancla del pasaje en la página del comunicado."},
                "offset": {"type": "integer", "minimum": 0,
                           "description": "Caracteres desde el inicio de text hasta el pasaje "
                                          "(en el cuerpo del comunicado: span[0] + offset)."},
            },
            "required": ["anchor", "offset"], "additionalProperties": False,
            "description": "En una declaración larga, el pasaje donde más coinciden las palabras buscadas: "
                           "allí lleva el enlace y de allí sale el fragmento. Null sin palabras en la "
                           "búsqueda, si no coinciden o si la declaración es corta.",
        },
        "score": {"type": ["number", "null"], "description": "Relevancia; null cuando se ordena por fecha."},
    }),
    "StatementResults": _object({
        "query": {"type": "string"},
        "total": {**COUNT, "description": "Declaraciones encontradas en total."},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "sort": {"enum": list(SORTS)},
        "mode": {"enum": ["all", "any"]},
        "hits": _list(_ref("Statement")),
        "facets": _object({name: _list(_ref("FacetItem")) for name in STATEMENTS.facet_names}),
        "took_ms": {"type": "number", "minimum": 0},
    }),
    "Stats": _object({
        "releases": COUNT,
        "undated": {**COUNT, "description": "Comunicados sin fecha conocida."},
        "officials": COUNT,
        "topics": COUNT,
        "sources": COUNT,
        "first_date": NULLABLE_DATE,
        "last_date": NULLABLE_DATE,
        "last_indexed": {"type": ["string", "null"], "format": "date-time",
                         "description": "Última vez que se escribió el índice (UTC)."},
        "generation": {"type": "integer", "description": "Versión del índice; cambia con cada escritura."},
    }),
}


def _header(description, schema=None, required=True):
    return {"description": description, "required": required, "schema": schema or {"type": "string"}}


CACHE_HEADERS = {
    "ETag": _header("Cambia cuando cambia el índice; envíela en If-None-Match para recibir 304."),
    "Cache-Control": _header("Cuánto tiempo puede reutilizarse la respuesta."),
}


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


RESPONSES = {
    "NotModified": {"description": "Sin cambios desde la ETag enviada en If-None-Match."},
    "BadRequest": _error("Un parámetro no es válido; el mensaje dice cuál y qué se espera."),
    "NotFound": _error("No existe."),
    "TooManyRequests": {
        **_error("Se superó el límite de solicitudes de esta dirección."),
        "headers": {"Retry-After": _header("Segundos que hay que esperar.")},
    },
    "Unavailable": _error("El índice no está disponible."),
}


def _param(name, where, description, schema, **more):
    return {"name": name, "in": where, "description": description, "schema": schema, **more}


IF_NONE_MATCH = _param("If-None-Match", "header", "La ETag de una respuesta anterior.", {"type": "string"})
FILTER_DESCRIPTIONS = {f.name: f.help for f in FACETS}
# Longer text is refused with a 400; not a maxLength, as surrounding spaces are not counted.
QUERY_LIMIT = f" Hasta {MAX_QUERY_CHARS} caracteres."
# The page's forms send a field left blank as an empty value, which the API reads as if it were absent.
EMPTY_IS_NO_FILTER = " Un valor vacío no filtra."
EMPTY_IS_DEFAULT = " Un valor vacío vale lo mismo que omitirlo."
# A value of only spaces is read as empty too; the closed filters (kind, speaker_type) say so in their schema.
BLANK = {"type": "string", "pattern": "^\\s*$"}


def _query(name, description, schema, **more):
    """A query parameter the API reads as absent when it comes empty.

    A single one says so with allowEmptyValue, so an empty page or sort is valid, not a 400. A repeatable
    one (an array) says it in its items' schema instead: an empty value is one empty item there, and
    allowEmptyValue on an array would make a lone value such as ``false`` read as no array at all.
    """
    if schema.get("type") != "array":
        more["allowEmptyValue"] = True
    return _param(name, "query", description, schema, **more)


def _search_parameters(export_limit):
    filters = [
        _query(name, FILTER_DESCRIPTIONS.get(name, "Filtro.") + " Repítalo para combinar valores con O."
               + EMPTY_IS_NO_FILTER, _list({"type": "string"}), style="form", explode=True)
        for name in LIST_FILTERS
    ]
    return [
        _query("q", "Palabras a buscar; admite \"frases\", -exclusión, Y/O/NO y filtros escritos "
               "(oficial:, tema:, fecha:, e id: para un comunicado por su identificador exacto)." + QUERY_LIMIT,
               {"type": "string"}),
        *filters,
        _query("from", "Desde esta fecha: AAAA-MM-DD, AAAA-MM (desde el día 1) o AAAA (desde el 1 de enero)."
               + EMPTY_IS_NO_FILTER, {"type": "string"}),
        _query("to", "Hasta esta fecha, incluida: AAAA-MM-DD, AAAA-MM (hasta su último día) o AAAA."
               + EMPTY_IS_NO_FILTER, {"type": "string"}),
        _query("exact", "Con 1 (o true, sí), las tildes y la ñ deben coincidir tal como se escriben; "
               "cualquier otro valor no cambia nada.", {"type": "string"}),
        _query("sort", "Orden: relevancia (con palabras), recientes o antiguos (también en inglés: "
               f"{', '.join(SORT_ALIASES)}), sin distinguir mayúsculas." + EMPTY_IS_DEFAULT,
               {"enum": [*SORTS, *SORT_ALIASES], "default": "relevancia"}),
        _query("page", f"Página, de 1 a {MAX_PAGE}. No se combina con after." + EMPTY_IS_DEFAULT,
               {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        _query("per_page", f"Resultados por página o tanda, de 1 a {MAX_PER_PAGE}." + EMPTY_IS_DEFAULT,
               {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}),
        _query("after", "Cursor para recorrer todos los resultados por fecha y luego id, sin huecos ni "
               "repeticiones aunque el índice cambie: vacío para empezar, luego el valor de «next» (en una "
               "exportación, siga la cabecera Link, que ya lo trae). Orden antiguos por omisión, o recientes con "
               "sort=recientes; en una exportación, recientes por omisión. No se combina con page ni con "
               "sort=relevancia; un cursor que la API no haya entregado se responde con un error 400.", {"type": "string"}),
        _query("format", f"json (por omisión), o csv o jsonl: una exportación por páginas de hasta "
               f"{export_limit:,} comunicados cada una, por fecha (recientes primero, o antiguos con "
               "sort=antiguos; a igual fecha, por id). Mientras queden comunicados, la respuesta lleva la cabecera "
               "Link con rel=\"next\": la dirección de la página siguiente, con su cursor «after». Siguiéndola "
               "hasta que no venga se obtiene cada comunicado una sola vez, aunque se agreguen otros entre "
               "páginas. Una página puede traer menos filas (textos muy largos, o se agotó su tiempo): siga Link "
               "igualmente. Cada página csv es un archivo completo, con su fila de encabezados."
               + EMPTY_IS_DEFAULT,
               {"enum": ["json", *FORMATS], "default": "json"}),
    ]


def _statement_parameters():
    """The statements' search takes the releases' parameters that apply to it, plus its own filters."""
    listed = {"official", "topic", "source", "from", "to", "sort", "page", "per_page"}
    own = [
        _query("kind", BY_NAME["kind"].help + " Repítalo para combinar valores con O." + EMPTY_IS_NO_FILTER,
               _list({"anyOf": [{"enum": list(KIND_LABELS)}, BLANK]}), style="form", explode=True),
        _query("speaker_type", BY_NAME["speaker_type"].help + " Repítalo para combinar valores con O."
               + EMPTY_IS_NO_FILTER, _list({"anyOf": [{"enum": list(SPEAKER_LABELS)}, BLANK]}), style="form",
               explode=True),
        _query("release", BY_NAME["release"].help + EMPTY_IS_NO_FILTER,
               _list({"type": "string"}), style="form", explode=True),
    ]
    q = _query("q", "Palabras a buscar en lo dicho y en quién lo dijo; admite \"frases\", -exclusión, "
               "Y/O/NO y filtros escritos (oficial:, tema:, fecha:, id:)." + QUERY_LIMIT, {"type": "string"})
    return [q, *(p for p in _search_parameters(0) if p["name"] in listed), *own]


def _get(summary, description, schema, parameters=(), not_found=False, content=None, headers=None):
    responses = {
        "200": {"description": "Correcto.", "headers": {**CACHE_HEADERS, **(headers or {})},
                "content": content or {"application/json": {"schema": schema}}},
        "304": {"$ref": "#/components/responses/NotModified"},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
        "503": {"$ref": "#/components/responses/Unavailable"},
    }
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {"get": {"summary": summary, "description": description,
                    "parameters": [*parameters, IF_NONE_MATCH],
                    "responses": responses}}


def _path_param(name, description):
    return _param(name, "path", description, {"type": "string", "minLength": 1}, required=True)


def document(export_limit, rate_limit=None):
    """The OpenAPI document for an app with this export cap and rate limit (a Spanish phrase, or None)."""
    export_headers = {
        "X-Total-Count": _header("Comunicados encontrados.", required=False),
        "X-Export-Limit": _header(f"Máximo de filas de una página de exportación ({export_limit:,}).",
                                  required=False),
        "X-Export-Count": _header("Filas de esta página.", required=False),
        "X-Export-Truncated": _header("true si quedan comunicados después de esta página (la cabecera Link lleva "
                                      "a la siguiente).", required=False),
    }
    limits = (f"Cada dirección puede hacer hasta {rate_limit}." if rate_limit
              else "Esta instalación no limita el número de solicitudes.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hemeroteca API",
            "version": f"1 ({VERSION})",
            "description": (
                "Búsqueda en comunicados de prensa de gobiernos hispanohablantes. Todas las respuestas son JSON "
                "(salvo las exportaciones csv y jsonl), también los errores: {\"error\": {\"code\", \"message\"}, "
                "\"status\"}. Cada respuesta lleva ETag y Cache-Control; con If-None-Match se recibe 304 si el índice "
                f"no cambió. Se permite CORS para GET. {limits}"
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/search": _get(
                "Buscar comunicados",
                "Resultados, total, páginas, sugerencia y todas las facetas. Con «after» se recorre el conjunto "
                "completo por fecha en tandas; con format=csv o jsonl se exporta por fecha, página a página.",
                {"anyOf": [_ref("SearchResults"), _ref("CursorPage")]},
                _search_parameters(export_limit),
                content={
                    "application/json": {"schema": {"anyOf": [_ref("SearchResults"), _ref("CursorPage")]}},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
                headers={**export_headers,
                         "Link": _header("rel=\"next\": la siguiente tanda de un recorrido con cursor, o la "
                                         "siguiente página de una exportación.", required=False)},
            ),
            "/api/v1/releases/{release_id}": _get(
                "Un comunicado", "El comunicado completo: texto y datos extraídos.", _ref("Release"),
                [_path_param("release_id", "Identificador del comunicado.")], not_found=True,
            ),
            "/api/v1/officials": _get(
                "Funcionarios", "Todos los funcionarios mencionados, de más a menos comunicados.",
                _ref("Officials"),
                [_query("q", "Solo los nombres que contienen este texto (sin importar acentos)."
                        + QUERY_LIMIT, {"type": "string"}),
                 _query("source", "Solo los que aparecen en comunicados de esta fuente (clave o nombre)."
                        + EMPTY_IS_NO_FILTER, {"type": "string"})],
            ),
            "/api/v1/officials/{key}": _get(
                "Un funcionario", "Cargos, fuentes y temas de un funcionario, con su primera y última aparición.",
                _ref("Official"), [_path_param("key", "Clave o nombre del funcionario.")], not_found=True,
            ),
            "/api/v1/statements": _get(
                "Buscar declaraciones",
                "Lo que dijeron funcionarios, ciudadanía y prensa en los comunicados y versiones estenográficas: "
                "citas textuales, paráfrasis e intervenciones, con quién habló, cuándo y dónde (comunicado y "
                "posición), más facetas por funcionario, tema, fecha, tipo y hablante.",
                _ref("StatementResults"), _statement_parameters(),
            ),
            "/api/v1/topics": _get("Temas", "Todos los temas, de más a menos comunicados.", _ref("Topics")),
            "/api/v1/sources": _get("Fuentes", "Todas las fuentes, de más a menos comunicados.", _ref("Sources")),
            "/api/v1/stats": _get("Cifras del índice",
                                  "Comunicados, funcionarios, temas y fuentes; fechas extremas; última indexación.",
                                  _ref("Stats")),
            **alert_paths(),
            "/api/v1/openapi.json": {"get": {
                "summary": "Este documento", "description": "La descripción OpenAPI 3.1 de la API.",
                "responses": {"200": {"description": "Correcto.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": SCHEMAS, "responses": RESPONSES},
    }


def _json(schema):
    return {"application/json": {"schema": schema}}


def _alert_operation(summary, description, ok_status, ok_schema, parameters=(), body=None, mails=False):
    responses = {
        ok_status: {"description": "Correcto.", "content": _json(ok_schema)},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }
    if mails:
        responses["503"] = _error("Este sitio no envía correo: los avisos no están disponibles.")
    else:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    operation = {"summary": summary, "description": description, "parameters": list(parameters),
                 "responses": responses}
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    return operation


def alert_paths():
    """Email alerts: ask for one (a confirmation email follows), list and delete them with a link's token."""
    token = _param("token", "path", "El código de un enlace de los correos de avisos: el de gestión (todos los "
                   "avisos de la dirección) o, para borrar, el de baja de un aviso.", {"type": "string", "minLength": 1},
                   required=True)
    alert_id = _param("alert_id", "path", "El número del aviso, como lo da la lista.",
                      {"type": "string", "pattern": "^[0-9]+$"}, required=True)
    deleted = _object({"deleted": {**COUNT, "description": "Avisos eliminados."}})
    return {
        "/api/v1/alerts": {"post": _alert_operation(
            "Pedir un aviso por correo",
            "Pide recibir por correo lo nuevo de una búsqueda. Se envía un correo de confirmación y nada más hasta "
            "que se siga su enlace. La respuesta es la misma para cualquier dirección. Cada conexión puede pedir "
            "pocos avisos por hora y cada dirección recibe pocos correos de confirmación al día.",
            "202", _ref("AlertAccepted"), body=_ref("AlertRequest"), mails=True)},
        "/api/v1/alerts/{token}": {
            "get": _alert_operation("Los avisos de una dirección",
                                    "Con el código del enlace de gestión: la dirección y todos sus avisos.",
                                    "200", _ref("AlertList"), [token]),
            "delete": _alert_operation("Eliminar avisos",
                                       "Con el código de baja de un aviso, lo elimina; con el de gestión, elimina "
                                       "todos los de la dirección.", "200", deleted, [token]),
        },
        "/api/v1/alerts/{token}/{alert_id}": {"delete": _alert_operation(
            "Eliminar un aviso", "Con el código de gestión, elimina uno de los avisos de la dirección.",
            "200", deleted, [token, alert_id])},
    }


def _values(schema):
    """What a parameter accepts, said briefly in Spanish."""
    if "enum" in schema:
        return ", ".join(schema["enum"])
    if schema.get("type") == "integer":
        return f"entero de {schema['minimum']} a {schema['maximum']}" if "maximum" in schema else "entero"
    if schema.get("type") == "array":
        return "texto; se puede repetir"
    return "texto"


def endpoints(doc):
    """The document's operations as the human page lists them: method, path, summary, parameters."""
    listed = []
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            parameters = [
                {"name": p["name"], "where": "ruta" if p["in"] == "path" else "consulta",
                 "description": p["description"], "values": _values(p["schema"]),
                 "default": p["schema"].get("default")}
                for p in operation.get("parameters", []) if p["in"] != "header"
            ]
            listed.append({"path": path, "method": method.upper(), "summary": operation["summary"],
                           "description": operation["description"], "parameters": parameters})
    return listed
