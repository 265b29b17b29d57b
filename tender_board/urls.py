"""The public address (公开地址): the one base of every absolute link the site gives out.

Feeds, OPML, `/feeds`, the API's `url` and `next`, a notice's permanent address (and OCDS and
e-mail, as they come) all call `public_url`. With `PUBLIC_URL` set, no link can carry a host
name a client sent; without it (development only: production refuses to start so) the links
name the host of the request, which `TRUSTED_HOSTS` may still restrict.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from werkzeug.routing import MapAdapter


def parse_public_url(value: str) -> str:
    """`PUBLIC_URL` as configured, checked: http(s), a host, perhaps a path; no trailing slash."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise RuntimeError(f"PUBLIC_URL must be an address such as https://tenders.example.gov, not {value!r}.")
    return value.strip().rstrip("/")


def public_host(config) -> str | None:
    """The host name of `PUBLIC_URL`, without its port: the one host served when it is set."""
    base = config.get("PUBLIC_URL")
    return urlsplit(base).hostname if base else None


# While set (`links_on`), the base every public_url builds on instead of PUBLIC_URL or the request's.
_links_base: ContextVar[str | None] = ContextVar("links_base", default=None)


@contextmanager
def links_on(base: str) -> Iterator[None]:
    """Build every public link on `base` meanwhile: text kept for any host (the stored OCDS
    releases) is written on a placeholder base that the reader's own replaces."""
    token = _links_base.set(base)
    try:
        yield
    finally:
        _links_base.reset(token)


def _adapter(base: str) -> MapAdapter:
    adapters = current_app.extensions.setdefault("public_url", {})  # PUBLIC_URL's, and links_on's
    if base not in adapters:
        parts = urlsplit(base)
        adapters[base] = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapters[base]


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` with `values` (path and query arguments), as
    `url_for(..., _external=True)` would give it, but always on `PUBLIC_URL`. Works outside a
    request too (the command line, e-mail)."""
    base = _links_base.get() or current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = _adapter(base).build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def init_app(app: Flask) -> None:
    if app.config.get("PUBLIC_URL"):
        app.config["PUBLIC_URL"] = parse_public_url(app.config["PUBLIC_URL"])
    app.jinja_env.globals["public_url"] = public_url
