"""Security headers on every response, errors and static files included; only trusted hosts."""

import re
from pathlib import Path

import pytest

from tender_board.extensions import db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def assert_secure(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "script-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/", "/tenders", "/tenders?status=bogus", "/tenders/NOPE",
                                  "/static/style.css", "/api/v1/tenders", "/api/v1/tenders/NOPE",
                                  "/api/v1/openapi.json", "/api/v1/tenders?limit=0"])
def test_every_response_carries_the_security_headers(client, path):
    assert_secure(client.get(path))


def test_a_tender_page_carries_them_too(client, make):
    tender = make.open_tender()
    db.session.commit()
    assert_secure(client.get(f"/tenders/{tender.reference}"))
    assert_secure(client.get(f"/tenders/{tender.reference}/notices/1"))


SCRIPT_FILE = re.compile(r"<script src=\"\{\{ url_for\('static', filename='[\w.-]+\.js'\) \}\}\" defer></script>")


def test_templates_hold_no_inline_script_or_style():
    """A script is a static file of the same origin, loaded by `<script src>`, never inline."""
    for template in TEMPLATES.rglob("*.html"):
        source = SCRIPT_FILE.sub("", template.read_text())
        assert "<script" not in source and "style=" not in source and " on" + "click=" not in source, template


def test_only_trusted_hosts_are_answered(make_app):
    app = make_app(SERVER_NAME=None, PUBLIC_URL=None, TRUSTED_HOSTS="tenders.example,www.tenders.example")
    client = app.test_client()
    assert client.get("/", headers={"Host": "tenders.example"}).status_code == 200
    assert client.get("/", headers={"Host": "www.tenders.example"}).status_code == 200
    for path in ("/", "/api/v1/tenders", "/static/style.css", "/no/such/page"):
        refused = client.get(path, headers={"Host": "evil.example"})
        assert refused.status_code == 400
        body = refused.get_data(as_text=True)
        assert "not served here" in body and "不受本站支持" in body and "evil.example" not in body
        assert_secure(refused)


def test_generated_links_use_the_trusted_host(make_app, make):
    app = make_app(SERVER_NAME=None, PUBLIC_URL=None, TRUSTED_HOSTS=["tenders.example"], API_PAGE_SIZE=1)
    with app.app_context():
        make.open_tender()
        make.open_tender()
        db.session.commit()
    following = app.test_client().get("/api/v1/tenders", headers={"Host": "tenders.example"}).get_json()["next"]
    assert following.startswith("http://tenders.example/api/v1/tenders?cursor=")


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(make_app):
    from flask import request

    seen = {}
    for proxies in (0, 1):
        app = make_app(TRUSTED_PROXIES=proxies)
        app.add_url_rule("/_address", "address", lambda n=proxies: seen.setdefault(n, request.remote_addr) or "")
        app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.9"},
                              environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen == {0: "10.0.0.2", 1: "203.0.113.9"}
