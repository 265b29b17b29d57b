"""The ledger's public interface (PRODUCT.md §4): its page, the signed checkpoint and key as text
(C2SP), and the JSON entries and proofs the verifier asks for. Bad parameters are 400 with a
JSON error naming the parameter; nothing here writes but a missing checkpoint (checkpoints.py)."""

import base64
import json
import re

from flask import Blueprint, Response, current_app, g, render_template, request

from ..errors import DomainError
from ..urls import public_url
from . import checkpoints, log, signing

bp = Blueprint("ledger", __name__)
api = Blueprint("ledger_api", __name__, url_prefix="/api/v1/ledger")

LATEST = 20
MAX_INDEX = 2**63 - 1  # a tree size is a uint64; the columns are signed 64-bit
DIGITS = re.compile(r"[0-9]{1,19}")


def _text(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-cache"
    return response


def bad_parameter(name: str, zh: str, en: str) -> DomainError:
    return DomainError({"zh": zh, "en": en}, code="invalid_parameter", field=name, status=400)


def whole_numbers(*names: str, defaults: dict[str, int] | None = None) -> list[int]:
    """The query parameters `names`: whole numbers from 0 to 2^63 - 1 in ASCII digits, each
    required unless it has a default. Malformed values are named before missing ones."""
    given = {name: request.args[name] for name in names if name in request.args}
    for name, raw in given.items():
        if not DIGITS.fullmatch(raw) or int(raw) > MAX_INDEX:
            raise bad_parameter(name, f"参数 {name} 应为 0 到 2^63-1 之间的整数。",
                                f"{name} must be a whole number from 0 to 2^63 - 1.")
    values = {**(defaults or {}), **{name: int(raw) for name, raw in given.items()}}
    for name in names:
        if name not in values:
            raise bad_parameter(name, f"缺少参数 {name}。", f"The parameter {name} is required.")
    return [values[name] for name in names]


def at_most_current(name: str, value: int, size: int) -> None:
    if value > size:
        raise bad_parameter(name, f"{name} 为 {value}，但账本只有 {size} 条记录。",
                            f"{name} is {value}, but the ledger has {size} entries.")


def inclusion_proof_url(index: int) -> str:
    """The inclusion proof of entry `index` in the ledger as it is now (its size read once per request)."""
    if "ledger_size" not in g:
        g.ledger_size = log.size()
    return public_url("ledger_api.inclusion_proof", index=index, size=g.ledger_size)


@bp.get("/ledger")
def index():
    """What the ledger guarantees, how to verify it, its checkpoint and its latest entries."""
    checkpoint = checkpoints.current()
    latest = [(entry, json.loads(entry.data)) for entry in log.latest(LATEST)]
    return render_template("ledger/index.html", checkpoint=checkpoint, latest=latest,
                           root=base64.b64encode(checkpoint.root).decode() if checkpoint else None,
                           key=signing.signer().verifier(), origin=signing.origin())


@bp.get("/ledger/checkpoint")
def checkpoint():
    """The latest checkpoint, a C2SP signed note (text/plain)."""
    issued = checkpoints.current()
    if issued is None:
        return _text("No checkpoint can be issued now; try again later.\n", 503)
    return _text(issued.note)


@bp.get("/ledger/key")
def key():
    """The verifier key: `<name>+<hex key ID>+<base64(0x01 ‖ public key)>` (text/plain)."""
    return _text(f"{signing.signer().verifier()}\n")


@api.get("/entries")
def entries():
    """Entries start … end - 1 (end at most the ledger's size), a page at a time."""
    size = log.size()
    start, end = whole_numbers("start", "end", defaults={"start": 0, "end": size})
    if start > end:
        raise bad_parameter("start", "start 不能大于 end。", "start must not be greater than end.")
    end = min(end, size)
    stop = min(end, start + current_app.config["LEDGER_PAGE_SIZE"]) if start < end else start
    items = [{"index": e.index, "data": e.data, "leaf_hash": e.leaf_hash.hex()} for e in log.entries(start, stop)]
    following = public_url("ledger_api.entries", start=stop, end=end) if stop < end else None
    return {"items": items, "next": following}


@api.get("/proof/inclusion")
def inclusion_proof():
    """RFC 9162 §2.1.3: the audit path of entry `index` in the tree of `size` entries."""
    current = log.size()
    index, size = whole_numbers("index", "size")
    at_most_current("size", size, current)
    if index >= size:
        raise bad_parameter("index", f"index 应小于 size（{size}）。", f"index must be less than size ({size}).")
    root, path = log.root_and_inclusion_proof(index, size)
    return {"index": index, "size": size, "root": root.hex(), "path": [h.hex() for h in path]}


@api.get("/proof/consistency")
def consistency_proof():
    """RFC 9162 §2.1.4: the proof that the tree of `to` entries extends the tree of `from`."""
    current = log.size()
    first, second = whole_numbers("from", "to")
    at_most_current("to", second, current)
    if first > second:
        raise bad_parameter("from", "from 不能大于 to。", "from must not be greater than to.")
    return {"from": first, "to": second, "path": [h.hex() for h in log.consistency_proof(first, second)]}


def notice_links(notice) -> dict:
    """A published notice's place in the ledger, for its page and its API item (None: not in it)."""
    entry = notice.ledger_entry
    if entry is None:
        return {"ledger_index": None, "ledger_proof": None}
    return {"ledger_index": entry.index, "ledger_proof": inclusion_proof_url(entry.index)}
