"""A small stand-in for a board's ledger endpoints: `http.server` in a thread, an in-memory log.

It answers what the real server will: `/ledger/key`, `/ledger/checkpoint` (text/plain) and the
JSON `/api/v1/ledger/...` endpoints, from a `FakeLog` built with the package's own store. Tests
change the log (append, rewrite, truncate), the key, or replace any answer.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tender_board_verify import merkle, note

ORIGIN = "tenders.test/ledger"


def notice(i):
    """An entry as the board writes it: the canonical JSON of a published notice."""
    return json.dumps({
        "approver_role": "approver",
        "content": {"title": f"使馆维修工程 {i}", "title_en": f"Embassy repair works {i}"},
        "documents": [],
        "index": i,
        "kind": "announcement",
        "ocid": f"ocds-tb0001-TB-2027-{i:04d}",
        "published_at": "2027-03-01T02:00:00Z",
    }, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class FakeLog:
    def __init__(self, entries=(), signer=None, origin=ORIGIN):
        self.signer = signer or note.Signer.generate(origin)
        self.origin = origin
        self.entries, self.store = [], merkle.MemoryStore()
        self.append(*entries)

    def append(self, *entries):
        for entry in entries:
            self.entries.append(entry)
            self.store.append(entry.encode("utf-8"))

    @property
    def size(self):
        return len(self.entries)

    def root(self):
        return merkle.root(self.store.subtree, self.size)

    def checkpoint(self):
        return note.sign_checkpoint(note.Checkpoint(self.origin, self.size, self.root()), self.signer)

    def rewritten(self, entries):
        """Another history, signed by the same key."""
        return FakeLog(entries, self.signer, self.origin)


class FakeBoard:
    page_size = 7

    def __init__(self, log, prefix=""):
        self.log, self.prefix = log, prefix
        self.key_text = None  # None: the log's signer's key
        self.answers = {}  # path → (status, content type, body), replacing the log's answer
        self.data = {}  # entry index → the data served, when it differs from the log's
        self.entries_from = None  # another log whose entries (and leaf hashes) are served
        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}{prefix}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path, query):
        if path in self.answers:
            return self.answers[path]
        routes = {
            "/ledger/key": lambda: ("text/plain; charset=utf-8", self.key_text or f"{self.log.signer.verifier()}\n"),
            "/ledger/checkpoint": lambda: ("text/plain; charset=utf-8", self.log.checkpoint()),
            "/api/v1/ledger/entries": lambda: ("application/json", self.entries(query)),
            "/api/v1/ledger/proof/inclusion": lambda: ("application/json", self.inclusion(query)),
            "/api/v1/ledger/proof/consistency": lambda: ("application/json", self.consistency(query)),
        }
        if path not in routes:
            return 404, "application/json", '{"error": "not found"}'
        content_type, body = routes[path]()
        return 200, content_type, body

    def entries(self, query):
        log = self.entries_from or self.log
        start, end = int(query["start"]), min(int(query["end"]), log.size)
        stop = min(end, start + self.page_size)
        items = [{
            "index": i,
            "data": self.data.get(i, log.entries[i]),
            "leaf_hash": log.store.subtree(0, i).hex(),
        } for i in range(start, stop)]
        following = f"{self.url}/api/v1/ledger/entries?start={stop}&end={end}" if stop < end else None
        return json.dumps({"items": items, "next": following})

    def inclusion(self, query):
        index, size = int(query["index"]), int(query["size"])
        path = merkle.inclusion_proof(self.log.store.subtree, index, size)
        root = merkle.root(self.log.store.subtree, size)
        return json.dumps({"index": index, "size": size, "root": root.hex(), "path": [h.hex() for h in path]})

    def consistency(self, query):
        first, second = int(query["from"]), int(query["to"])
        path = merkle.consistency_proof(self.log.store.subtree, first, second)
        return json.dumps({"from": first, "to": second, "path": [h.hex() for h in path]})

    def _handler(self):
        board = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                board.requests.append(self.path)
                path = parts.path.removeprefix(board.prefix) if parts.path.startswith(board.prefix) else "/missing"
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                status, content_type, body = board.answer(path, query)
                raw = body if isinstance(body, bytes) else body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        return Handler
