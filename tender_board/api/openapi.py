"""The OpenAPI 3.1 description of /api/v1: the read endpoints, then the writes, each described by
one helper (`write`)."""

from ..notices.models import NoticeKind
from ..notices.registry import registered
from ..oversight.indicators import BY_CODE as INDICATOR_CODES
from ..public.queries import PUBLIC_STATUSES, SORTS
from ..tenders.models import Category
from ..validation import countries

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
        "category": {"enum": [c.value for c in Category]},
        "status": {"type": "string"}, "title": {"type": "object"},
        "country": {"type": "string"}, "bid_deadline": {"type": ["string", "null"],
                                                        "format": "date-time"},
        "value": MONEY, "url": {"type": "string", "format": "uri"},
    },
}
# Days from 1900-01-01 to 2199-12-31 (validation.EARLIEST, LATEST), exactly YYYY-MM-DD.
DATE = {"type": "string", "format": "date", "pattern": r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"}
# Below one trillion (validation.MAX_AMOUNT), any number of decimals.
AMOUNT = {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]+)?$"}
# Text a feed can carry: what validation.NOT_XML refuses with 400 is outside it.
XML_TEXT = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]*$"
EMPTY = "An empty value is the same as leaving the parameter out, as the search form sends it."


def _or_empty(schema: dict) -> dict:
    return {"anyOf": [schema, {"enum": [""]}]}


FILTERS = [
    {"name": name, "in": "query", "required": False,
     "schema": schema if name == "q" else _or_empty(schema),
     "description": description if name == "q" else f"{description} {EMPTY}"}
    for name, schema, description in (
        ("q", {"type": "string", "pattern": XML_TEXT},
         "Full text, Chinese or English: every word must occur (as a substring) in the title, "
         "description or a published notice. Only the first 200 characters are searched."),
        ("category", {"enum": [c.value for c in Category]}, "Kind of works."),
        ("country", {"enum": sorted(countries())}, "ISO 3166-1 alpha-2 code."),
        ("status", {"enum": [s.value for s in PUBLIC_STATUSES]}, "Current status, derived from the clock too."),
        ("kind", {"enum": [k.value for k in NoticeKind]}, "Only tenders with a published notice of this kind."),
        ("flag", {"enum": list(INDICATOR_CODES)}, "Only tenders for which this oversight indicator is raised "
                                                  "(see /oversight/indicators)."),
        ("published_from", DATE, "Published on or after this day (Beijing time)."),
        ("published_to", DATE, "Published on or before this day (Beijing time)."),
        ("deadline_from", DATE, "Bid deadline on or after this day (Beijing time)."),
        ("deadline_to", DATE, "Bid deadline on or before this day (Beijing time)."),
        ("value_min", AMOUNT, "Estimated value at least this, in the tender's own currency."),
        ("value_max", AMOUNT, "Estimated value at most this, in the tender's own currency."),
        ("sort", {"enum": list(SORTS), "default": "published"},
         "Newest first, soonest deadline first, or largest value first."),
        ("sandbox", {"enum": ["1", "true"]}, "List the training (sandbox) tenders instead."),
        ("cursor", {"type": "string", "maxLength": 2000},
         "Opaque; taken from the previous page's `next`. Anything else is refused with 422."),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
         "Items per page."),
    )
]

BAD_CHARACTERS = {"description": "A query parameter holds a character that no feed or link can carry "
                                  "(NUL, other control characters, lone surrogates); the error names it",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

READ_PATHS = {
    "/tenders": {"get": {
        "summary": "Published tenders, newest first, with cursor pagination",
        "parameters": FILTERS,
        "responses": {
            "200": {"description": "A page", "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/TenderItem"}},
                    "next": {"type": ["string", "null"]}}}}}},
            "400": BAD_CHARACTERS,
            "422": {"description": "Bad filter", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/tenders/{reference}": {"get": {
        "summary": "One tender with its published notices",
        "parameters": [{"name": "reference", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The tender"}, "400": BAD_CHARACTERS,
                      "404": {"description": "No such tender", "content": {
                          "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/tenders/{reference}/indicators": {"get": {
        "summary": "The oversight indicators of one tender: each raised or not, with its explanation",
        "description": "Computed from the tender's compiled OCDS release (the board-wide outliers from every "
                       "tender's); each indicator's method is at `method`.",
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The indicators", "content": {"application/json": {"schema": {
            "type": "object", "required": ["reference", "ocid", "indicators"], "properties": {
                "reference": {"type": "string"}, "ocid": {"type": "string"},
                "indicators": {"type": "array", "items": {
                    "type": "object", "required": ["code", "name", "board", "raised", "explanation", "method"],
                    "properties": {
                        "code": {"type": "string"}, "name": {"type": "object"}, "board": {"type": "boolean"},
                        "raised": {"type": "boolean"}, "explanation": {"type": ["object", "null"]},
                        "raised_at": {"type": ["string", "null"]}, "method": {"type": "string"}}}}}}}}},
            "400": BAD_CHARACTERS,
            "404": {"description": "No such tender", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/notices": {"get": {
        "summary": "The changes feed: published notices in ledger order, from just after `since`",
        "description": "A mirror keeps the `sequence` of the last item it received and asks again with "
                       "`since` set to it: it never misses nor repeats a notice. Sandbox tenders never appear.",
        "parameters": [
            {"name": "since", "in": "query", "required": False,
             "schema": {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 2**31 - 1}, {"enum": [""]}]},
             "description": "The sequence of the last notice received; 0 or none for the beginning."},
            {"name": "limit", "in": "query", "required": False,
             "schema": _or_empty({"type": "integer", "minimum": 1, "maximum": 200, "default": 50}),
             "description": f"Items per page. {EMPTY}"}],
        "responses": {
            "200": {"description": "A page, oldest first", "content": {"application/json": {"schema": {
                "type": "object", "required": ["items", "next"], "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/LedgerItem"}},
                    "next": {"type": ["string", "null"]}}}}}},
            "400": BAD_CHARACTERS,
            "422": {"description": "Bad `since` or `limit`", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}}}},
}
LEDGER_ITEM = {
    "type": "object",
    "required": ["sequence", "reference", "ocid", "kind", "number", "published_at", "url", "payload", "documents"],
    "properties": {
        "sequence": {"type": "integer"}, "reference": {"type": "string"}, "ocid": {"type": "string"},
        "tender_url": {"type": "string", "format": "uri"}, "kind": {"enum": [k.value for k in NoticeKind]},
        "number": {"type": "integer"}, "published_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string", "format": "uri"}, "body": {"type": ["object", "null"]},
        "payload": {"type": "object"},
        "documents": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "filename": {"type": "string"}, "size": {"type": "integer"},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}},
    },
}


# --- the public ledger (tender_board.ledger.views) ----------------------------------------------

HASH = {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256, lowercase hex"}
LEDGER_NUMBER = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}


def _ledger_number(name: str, description: str, required: bool = True) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": LEDGER_NUMBER,
            "description": description}


def _ledger(summary: str, parameters: list, answer: dict, refused: str) -> dict:
    return {"get": {"summary": summary, "parameters": parameters, "responses": {
        "200": {"description": "The answer", "content": {"application/json": {"schema": answer}}},
        "400": {"description": f"Not a whole number from 0 to 2^63 - 1, or {refused}; the error names the parameter",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}


LEDGER_PATHS = {
    "/ledger/entries": _ledger(
        "Ledger entries start … end - 1, in order, a page at a time; `data` is the exact UTF-8 text hashed",
        [_ledger_number("start", "The first entry (default 0).", required=False),
         _ledger_number("end", "One past the last entry (default and at most: the ledger's size).", required=False)],
        {"type": "object", "required": ["items", "next"], "properties": {
            "items": {"type": "array", "items": {"type": "object", "required": ["index", "data", "leaf_hash"],
                                                 "properties": {"index": LEDGER_NUMBER, "data": {"type": "string"},
                                                                "leaf_hash": HASH}}},
            "next": {"type": ["string", "null"], "format": "uri"}}},
        "start above end"),
    "/ledger/proof/inclusion": _ledger(
        "The inclusion proof (RFC 9162 §2.1.3) of entry `index` in the tree of `size` entries",
        [_ledger_number("index", "The entry, from 0."),
         _ledger_number("size", "The tree's size, at most the ledger's.")],
        {"type": "object", "required": ["index", "size", "root", "path"], "properties": {
            "index": LEDGER_NUMBER, "size": LEDGER_NUMBER, "root": HASH, "path": {"type": "array", "items": HASH}}},
        "index not below size, or size above the ledger's"),
    "/ledger/proof/consistency": _ledger(
        "The consistency proof (RFC 9162 §2.1.4) that the tree of `to` entries extends the tree of `from`",
        [_ledger_number("from", "The earlier size."), _ledger_number("to", "The later size, at most the ledger's.")],
        {"type": "object", "required": ["from", "to", "path"], "properties": {
            "from": LEDGER_NUMBER, "to": LEDGER_NUMBER, "path": {"type": "array", "items": HASH}}},
        "from above to, or to above the ledger's size"),
}


# --- writes ----------------------------------------------------------------------------------

def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


REFUSALS = {"400": "The body is not JSON", "401": "No valid bearer token", "403": "Not allowed for this user",
            "404": "No such tender, notice or objection, or not yours to see",
            "409": ("A conflict with the current state (not a draft, not awaiting approval, already "
                    "published or answered), or edited meanwhile"),
            "413": "The upload is too large", "415": "Not an accepted document type",
            "422": "Invalid input, or a statutory rule refused it"}


WITH_BODY = ("400", "401", "403", "404", "409", "422")
WITHOUT_BODY = ("400", "401", "403", "404", "409", "422")


def write(summary: str, done: str, answer: dict | None = None, body: dict | None = None,
          parameters: tuple = (), status: str = "201", refusals: tuple | None = None) -> dict:
    """One write operation: bearer token, its body, its answer and the refusals it can give."""
    refusals = refusals or (WITH_BODY if body else WITHOUT_BODY)
    success = {"description": done, **({"content": _json(answer)} if answer else {})}
    operation = {"summary": summary, "security": [{"bearer": []}], "parameters": list(parameters),
                 "responses": {status: success, **{code: {"description": REFUSALS[code],
                                                         "content": _json(_ref("Error"))}
                                                  for code in refusals}}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


TEXT = {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}
REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}
NUMBER_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "The version being edited, as returned in ETag; a stale one answers 409."}

TENDER_BODY = {"type": "object", "required": ["category", "title", "description", "country", "city", "timezone",
                                               "procuring_entity", "agency", "value"],
               "properties": {
                   "category": {"enum": [c.value for c in Category]}, "title": TEXT, "description": TEXT,
                   "country": {"type": "string", "description": "ISO 3166-1 alpha-2"}, "city": {"type": "string"},
                   "mission": TEXT, "timezone": {"type": "string", "description": "IANA name"},
                   "procuring_entity": TEXT, "agency": TEXT, "qualification": TEXT,
                   "value": _ref("Money"),
                   "procurement_method": {"enum": ["open", "selective"]},
                   "rule_profile": {"type": "string"}, "sandbox": {"type": "boolean"}}}
TENDER_ANSWER = {"type": "object", "properties": {
    "reference": {"type": "string"}, "ocid": {"type": "string"}, "status": {"type": "string"},
    "version": {"type": "integer"}}}


def notice_body() -> dict:
    """What each kind takes, from the registry (read once the kinds have registered)."""
    fields = "; ".join(f"{kind.kind.value}: {kind.api_fields}" for kind in registered())
    return {"type": "object", "required": ["kind"],
            "description": f"Every kind: body {{zh, en}}, documents (ids of uploaded documents). {fields}.",
            "properties": {"kind": {"enum": [k.value for k in NoticeKind]}, "body": TEXT,
                           "documents": {"type": "array", "items": {"type": "integer"}}}}


NOTICE_ANSWER = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "status": {"enum": ["draft", "in_approval", "published"]},
    "number": {"type": "integer"}, "url": {"type": "string", "format": "uri"}}}
EVALUATION_BODY = {"type": "object", "required": ["method", "committee"], "properties": {
    "method": {"enum": ["ratedCriteria", "priceOnly"]},
    "committee": {"type": "array", "description": "Odd, at least 5, experts at least two thirds; "
                  "names stay private until the result notice is published.",
                  "items": {"type": "object", "required": ["name", "expertise"], "properties": {
                      "name": {"type": "string"},
                      "expertise": {"enum": ["technical", "economic", "representative"]}}}},
    "criteria": {"type": "array", "description": "ratedCriteria only; weights sum to 100",
                 "items": {"type": "object", "properties": {
                     "name": TEXT, "weight": {"type": "string", "example": "60"}}}},
    "scores": {"type": "array", "description": "Every valid bid on every criterion, once; "
               "from 0 to the criterion's weight. Totals and ranks are computed, never given.",
               "items": {"type": "object", "properties": {
                   "bid": {"type": "string", "description": "registration number"},
                   "criterion": {"type": "integer", "description": "index from 0"},
                   "value": {"type": "string", "example": "52.5"}}}},
    "rejected": {"type": "array", "description": "Bids the committee rejects, with reasons",
                 "items": {"type": "object", "properties": {
                     "bid": {"type": "string"}, "reason": {"type": "string"}}}},
    "report_document": {"type": "integer", "description": "id of the uploaded evaluation report"},
}}
OBJECTION_BODY = {"type": "object", "required": ["objector", "text"], "properties": {
    "objector": {"type": "string"}, "text": {"type": "string"},
    "submitted_at": {"type": "string", "format": "date-time",
                     "description": "when it was made; within the publicity window; default now"}}}


OBJECTION_ANSWER = {"type": "object", "required": ["answer"],
                    "properties": {"answer": {"type": "string"}}}


def write_paths() -> dict:
    return {
        "/tenders": {"post": write("Create a draft tender (manager)", "Created", TENDER_ANSWER,
                                   _json(TENDER_BODY), refusals=("400", "401", "403", "422"))},
        "/tenders/{reference}": {"patch": write(
            "Edit a draft tender (its manager); partial body", "Saved", TENDER_ANSWER, _json({"type": "object"}),
            (REFERENCE, IF_MATCH), "200")},
        "/tenders/{reference}/documents": {"post": write(
            "Upload a document (its manager): PDF, PNG, JPEG, DOCX or XLSX; content checked against the type",
            "Stored, with its SHA-256",
            {"type": "object", "properties": {"id": {"type": "integer"}, "sha256": {"type": "string"},
                                              "size": {"type": "integer"}}},
            {"multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}}}}},
            (REFERENCE,), refusals=("401", "403", "404", "413", "415", "422"))},
        "/tenders/{reference}/notices": {"post": write(
            "Draft a notice (its manager; an evaluator for evaluation notices)", "Drafted", NOTICE_ANSWER,
            _json(notice_body()), (REFERENCE,))},
        "/notices/{id}": {"get": write("Read a notice (its author, its tender's manager, approvers)", "The notice",
                                       NOTICE_ANSWER, parameters=(NUMBER_ID,), status="200", refusals=("401", "404"))},
        "/notices/{id}/submit": {"post": write("Submit a draft for approval (its author)", "Submitted", NOTICE_ANSWER,
                                               parameters=(NUMBER_ID,), status="200")},
        "/notices/{id}/approve": {"post": write(
            "Approve and publish (an approver other than the author); every rule is checked again now",
            "Published", NOTICE_ANSWER, parameters=(NUMBER_ID,), status="200")},
        "/notices/{id}/reject": {"post": write(
            "Return to the author with a reason (an approver)", "Returned", NOTICE_ANSWER,
            _json({"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}),
            (NUMBER_ID,), "200", ("400", "401", "403", "404", "409", "422"))},
        "/tenders/{reference}/evaluation": {"post": write(
            "Record the evaluation (evaluator): committee, method, criteria, scores, rejections",
            "Recorded, with the computed ranking", body=_json(EVALUATION_BODY), parameters=(REFERENCE,),
            refusals=("400", "401", "403", "404", "409", "422"))},
        "/tenders/{reference}/objections": {"post": write(
            "Record an objection to the candidates (the tender's manager, for the objector)",
            "Recorded; public on the tender's page", body=_json(OBJECTION_BODY), parameters=(REFERENCE,))},
        "/objections/{id}/answer": {"post": write(
            "Answer an objection (the tender's manager), once", "Answered", body=_json(OBJECTION_ANSWER),
            parameters=(NUMBER_ID,), status="200")},
        "/tenders/{reference}/retender": {"post": write(
            "Re-tender a failed tender (its manager): a new draft with the same terms, linked both ways",
            "The new draft tender's reference", parameters=(REFERENCE,))},
    }


def build_spec() -> dict:
    paths: dict = {}
    for group in (READ_PATHS, LEDGER_PATHS, write_paths()):
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
            "schemas": {"Error": ERROR, "Money": MONEY, "TenderItem": TENDER_ITEM, "LedgerItem": LEDGER_ITEM},
        },
        "paths": paths,
    }
