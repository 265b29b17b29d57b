"""OpenAPI description of the evaluation, objection and re-tender endpoints."""


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


ERRORS = {str(code): {"description": text, "content": {"application/json": {"schema": _ref("Error")}}}
          for code, text in ((401, "No valid bearer token"), (403, "Not allowed for this user"),
                             (404, "No such tender or objection"),
                             (409, "Not allowed in the tender's current state"),
                             (422, "Invalid input or a statutory rule refused it"))}
REFERENCE = [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}]
BILINGUAL = {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}

EVALUATION_BODY = {"type": "object", "required": ["method", "committee"], "properties": {
    "method": {"enum": ["ratedCriteria", "priceOnly"]},
    "committee": {"type": "array", "description": "Odd, at least 5, experts at least two thirds; "
                  "names stay private until the result notice is published.",
                  "items": {"type": "object", "required": ["name", "expertise"], "properties": {
                      "name": {"type": "string"},
                      "expertise": {"enum": ["technical", "economic", "representative"]}}}},
    "criteria": {"type": "array", "description": "ratedCriteria only; weights sum to 100",
                 "items": {"type": "object", "properties": {
                     "name": BILINGUAL, "weight": {"type": "string", "example": "60"}}}},
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


def _write(summary: str, body: dict | None, done: str, parameters: list, status: str = "201") -> dict:
    operation = {"summary": summary, "security": [{"bearer": []}], "parameters": parameters,
                 "responses": {status: {"description": done}, **ERRORS}}
    if body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": body}}}
    return {"post": operation}


PATHS = {
    "/tenders/{reference}/evaluation": _write(
        "Record the evaluation (evaluator): committee, method, criteria, scores, rejections",
        EVALUATION_BODY, "Recorded, with the computed ranking", REFERENCE),
    "/tenders/{reference}/objections": _write(
        "Record an objection to the candidates (the tender's manager, for the objector)",
        OBJECTION_BODY, "Recorded; public on the tender's page", REFERENCE),
    "/objections/{id}/answer": _write(
        "Answer an objection (the tender's manager), once", OBJECTION_ANSWER, "Answered",
        [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}], "200"),
    "/tenders/{reference}/retender": _write(
        "Re-tender a failed tender (its manager): a new draft with the same terms, linked both ways",
        None, "The new draft tender's reference", REFERENCE),
}
