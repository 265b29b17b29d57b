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
FILTERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
    for name in ("category", "country", "status", "cursor", "limit", "sandbox")
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
