"""The public pages: the home page, the search, one tender and one notice, read from what was
published, the per-server cache that serves them again, and the store of rendered pages
that every server shares."""

from flask import Flask

from . import notices, queries, rendered_store, tenders

# The query arguments the stored pages read (lists, searches, API pages): an address with any
# other is rendered but never stored.
STORED_ARGS = {"q", "lang", "page", "after", "before", "cursor", "limit", "since", *queries.PARSERS,
               "start", "end", "index", "size", "from", "to"}  # the ledger's entries and proofs


def init_app(app: Flask) -> None:
    app.register_blueprint(tenders.bp)
    app.register_blueprint(notices.bp)
    app.wsgi_app = rendered_store.RenderedPages(app, app.wsgi_app, STORED_ARGS)
