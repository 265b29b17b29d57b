"""The OpenAPI 3.1 description of /api/v1, assembled from the paths each feature declares."""

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"},
        "rule": {"type": "object"}}}},
}
MONEY = {"type": "object", "properties": {"amount": {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
                                          "currency": {"type": "string", "minLength": 3,
                                                       "maxLength": 3}}}
TENDER_ITEM = {
    "type": "object",
    "required": ["reference", "ocid", "category", "status", "title", "country", "bid_deadline",
                 "value", "url"],
    "properties": {
        "reference": {"type": "string"}, "ocid": {"type": "string"},
        "category": {"enum": ["overseas", "domestic"]},
        "status": {"type": "string"}, "title": {"type": "object"},
        "country": {"type": "string"}, "bid_deadline": {"type": ["string", "null"],
                                                        "format": "date-time"},
        "value": MONEY, "url": {"type": "string", "format": "uri"},
    },
}
DATE = {"type": "string", "format": "date"}
AMOUNT = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}
FILTERS = [
    {"name": name, "in": "query", "required": False, "schema": schema, "description": description}
    for name, schema, description in (
        ("q", {"type": "string", "maxLength": 200},
         "Full text, Chinese or English: every word must occur (as a substring) in the title, "
         "description or a published notice."),
        ("category", {"enum": ["overseas", "domestic"]}, "Kind of works."),
        ("country", {"type": "string", "pattern": "^[A-Z]{2}$"}, "ISO 3166-1 alpha-2 code."),
        ("status", {"enum": ["open", "closed", "evaluating", "publicity", "awarded", "contracted",
                             "cancelled", "failed"]}, "Current status, derived from the clock too."),
        ("kind", {"enum": ["announcement", "amendment", "opening", "candidates", "result",
                           "contract", "termination", "failure"]},
         "Only tenders with a published notice of this kind."),
        ("published_from", DATE, "Published on or after this day (Beijing time)."),
        ("published_to", DATE, "Published on or before this day (Beijing time)."),
        ("deadline_from", DATE, "Bid deadline on or after this day (Beijing time)."),
        ("deadline_to", DATE, "Bid deadline on or before this day (Beijing time)."),
        ("value_min", AMOUNT, "Estimated value at least this, in the tender's own currency."),
        ("value_max", AMOUNT, "Estimated value at most this, in the tender's own currency."),
        ("sort", {"enum": ["published", "deadline", "value"], "default": "published"},
         "Newest first, soonest deadline first, or largest value first."),
        ("sandbox", {"enum": ["1"]}, "List the training (sandbox) tenders instead."),
        ("cursor", {"type": "string"}, "Opaque; taken from the previous page's `next`."),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
         "Items per page."),
    )
]

READ_PATHS = {
    "/tenders": {"get": {
        "summary": "Published tenders, newest first, with cursor pagination",
        "parameters": FILTERS,
        "responses": {
            "200": {"description": "A page", "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/TenderItem"}},
                    "next": {"type": ["string", "null"]}}}}}},
            "422": {"description": "Bad filter", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/tenders/{reference}": {"get": {
        "summary": "One tender with its published notices",
        "parameters": [{"name": "reference", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The tender"},
                      "404": {"description": "No such tender", "content": {
                          "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
}


def build_spec(*path_groups: dict) -> dict:
    paths: dict = {}
    for group in path_groups:
        for path, operations in group.items():
            paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tender Board API", "version": "1.0.0",
                 "description": "Published construction tenders and their notices. Reads are open "
                                "to all; writes need `Authorization: Bearer <token>`."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Money": MONEY, "TenderItem": TENDER_ITEM},
        },
        "paths": paths,
    }


def register_paths(app, paths: dict) -> None:
    """A feature declares its endpoints; /api/v1/openapi.json lists them all."""
    app.extensions.setdefault("openapi_paths", []).append(paths)
