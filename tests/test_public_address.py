"""The public address: PUBLIC_URL is the one base of every absolute link, other hosts are
refused, and production refuses to start without its address and secure cookie settings."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tender_board import create_app
from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.urls import public_url

from .clients import parse, sign_in
from .conftest import BASE_CONFIG
from .factories import Factory

PUBLIC = "https://tenders.example.gov"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def public_app(make_app, make):
    """Served at PUBLIC, with a second name it also answers; two published tenders."""
    app = make_app(SERVER_NAME=None, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS="www.tenders.example.gov", API_PAGE_SIZE=1)
    with app.app_context():
        app.tenders = [make.open_tender().reference, make.open_tender(country="KE", city="Nairobi",
                                                                      timezone="Africa/Nairobi").reference]
        db.session.commit()
        yield app


def feed_links(parsed) -> list[str]:
    links = [parsed.feed.link] + [link.href for link in parsed.feed.links]
    links += [parsed.feed.id] if "id" in parsed.feed else []
    for entry in parsed.entries:
        links += [entry.link, entry.id] + [link.href for link in entry.links]
        links += [tag.scheme for tag in entry.get("tags", [])]
    return links


PATHS = ["/feeds/notices.rss?lang=en", "/feeds/notices.atom?country=KE", "/feeds.opml?lang=zh", "/feeds?lang=en",
         "/api/v1/tenders", "/tenders?lang=en"]


@pytest.mark.parametrize("host", ["tenders.example.gov", "www.tenders.example.gov"])
def test_every_absolute_link_starts_with_the_public_url_whatever_host_was_asked(public_app, host):
    client = public_app.test_client()
    first, second = public_app.tenders
    links = []
    for fmt in ("rss", "atom"):
        for path in (f"/feeds/notices.{fmt}?lang=en", f"/tenders/{first}/feed.{fmt}", f"/feeds/notices.{fmt}?q=x"):
            links += feed_links(parse(client.get(path, headers={"Host": host})))
    opml = ElementTree.fromstring(client.get("/feeds.opml", headers={"Host": host}).data)  # noqa: S314
    links += [o.get(a) for o in opml.iter("outline") for a in ("xmlUrl", "htmlUrl") if o.get(a)]
    feeds_page = client.get("/feeds?lang=en", headers={"Host": host}).get_data(as_text=True)
    links += re.findall(r'href="(https?://[^"]+)"', feeds_page)
    api = client.get("/api/v1/tenders", headers={"Host": host}).get_json()
    links += [api["next"]] + [item["url"] for item in api["items"]]
    full = client.get(f"/api/v1/tenders/{first}", headers={"Host": host}).get_json()
    links += [full["url"]] + [notice["url"] for notice in full["notices"]]
    notice_page = client.get(f"/tenders/{first}/notices/1", headers={"Host": host}).get_data(as_text=True)
    permanent = re.findall(r"(https?://[^\s<\"]+/notices/1)\b", notice_page)
    assert permanent, "the notice page shows its permanent address"
    links += permanent
    assert len(links) > 40
    for link in links:
        assert link.startswith(PUBLIC + "/"), link
    assert second  # both tenders listed: the API's `next` was built


@pytest.mark.parametrize("host", ["evil.example", "a b", "tenders.example.gov.evil.example", "evil.example:443"])
@pytest.mark.parametrize("path", PATHS + ["/", "/static/style.css", "/login"])
def test_a_foreign_host_is_refused_with_400_with_only_the_public_url_set(make_app, host, path):
    app = make_app(SERVER_NAME=None, PUBLIC_URL=PUBLIC)  # the production recipe: no TRUSTED_HOSTS
    assert app.test_client().get(path, headers={"Host": "tenders.example.gov"}).status_code == 200
    answer = app.test_client().get(path, headers={"Host": host})
    assert answer.status_code == 400
    assert "not served here" in answer.get_data(as_text=True) and "evil" not in answer.get_data(as_text=True)
    assert "public" not in answer.headers.get("Cache-Control", "")


def test_a_feed_answered_before_is_not_replayed_to_a_foreign_host(public_app):
    client = public_app.test_client()
    path = "/feeds/notices.rss?lang=en"
    assert client.get(path, headers={"Host": "tenders.example.gov"}).status_code == 200
    assert client.get(path, headers={"Host": "tenders.example.gov"}).status_code == 200  # the fast path
    assert client.get(path, headers={"Host": "evil.example"}).status_code == 400


def test_the_public_url_may_carry_a_path_and_works_outside_a_request(make_app):
    app = make_app(SERVER_NAME=None, PUBLIC_URL="https://portal.example.gov/tenders-board/")
    with app.app_context():
        assert public_url("tenders.tender_detail", reference="MFA-1", lang="en") == \
            "https://portal.example.gov/tenders-board/tenders/MFA-1?lang=en"
        assert public_url("feeds.index", _anchor="kind") == "https://portal.example.gov/tenders-board/feeds#kind"
    assert app.config["TRUSTED_HOSTS"] == ["portal.example.gov"]


@pytest.mark.parametrize("bad", ["tenders.example.gov", "ftp://tenders.example.gov", "https://", "https://x.gov/?a=1",
                                 "https://user:pw@x.gov"])
def test_a_malformed_public_url_stops_the_app(make_app, bad):
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        make_app(PUBLIC_URL=bad)


def test_no_code_builds_an_absolute_link_but_public_url():
    found = [str(path.relative_to(ROOT)) for folder in ("tender_board", "templates")
             for path in (ROOT / folder).rglob("*.*") if path.suffix in (".py", ".html")
             and "_external" in path.read_text() and path.name != "urls.py"]
    assert found == []


# --- production -----------------------------------------------------------------------------

PRODUCTION = {"PRODUCTION": True, "PUBLIC_URL": PUBLIC, "SESSION_COOKIE_SECURE": True,
              "SESSION_COOKIE_NAME": "__Host-session", "SERVER_NAME": None}


@pytest.mark.parametrize(("left_out", "named"), [
    ({"PUBLIC_URL": None}, "TENDER_BOARD_PUBLIC_URL"),
    ({"PUBLIC_URL": "http://tenders.example.gov"}, "TENDER_BOARD_PUBLIC_URL"),
    ({"SESSION_COOKIE_SECURE": False}, "TENDER_BOARD_SESSION_COOKIE_SECURE"),
    ({"SESSION_COOKIE_NAME": "session"}, "TENDER_BOARD_SESSION_COOKIE_NAME"),
])
def test_production_refuses_to_start_without_its_settings(left_out, named):
    with pytest.raises(RuntimeError, match=named):
        create_app({**BASE_CONFIG, **PRODUCTION, **left_out, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_names_everything_missing_at_once():
    with pytest.raises(RuntimeError) as refused:
        create_app({**BASE_CONFIG, "PRODUCTION": True, "PUBLIC_URL": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    for setting in ("PUBLIC_URL", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME"):
        assert setting in str(refused.value)


def test_a_host_cookie_that_is_not_secure_is_refused_in_any_mode():
    with pytest.raises(RuntimeError, match="__Host-"):
        create_app({**BASE_CONFIG, "SESSION_COOKIE_NAME": "__Host-session", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TENDER_BOARD_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TENDER_BOARD_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("TENDER_BOARD_PRODUCTION", "true")
    with pytest.raises(RuntimeError, match="Production"):
        create_app()
    for name, value in (("PUBLIC_URL", PUBLIC), ("SESSION_COOKIE_SECURE", "true"),
                        ("SESSION_COOKIE_NAME", "__Host-session")):
        monkeypatch.setenv(f"TENDER_BOARD_{name}", value)
    app = create_app()
    assert app.config["PRODUCTION"] is True and app.config["TRUSTED_HOSTS"] == ["tenders.example.gov"]


def test_in_production_the_session_cookie_is_host_only_secure_httponly_and_lax(make_app):
    app = make_app(**PRODUCTION)
    with app.app_context():
        manager = Factory(None).user(Role.MANAGER)
        db.session.commit()
        answer = sign_in(app.test_client(), manager, headers={"Host": "tenders.example.gov"})
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    attributes = {part.strip().split("=")[0] for part in cookie.split(";")[1:]}
    assert {"Secure", "HttpOnly", "Path", "SameSite"} <= attributes and "Domain" not in attributes
    assert "SameSite=Lax" in cookie and "Path=/" in cookie
    lang = app.test_client().get("/language/en?next=/", headers={"Host": "tenders.example.gov"}).headers["Set-Cookie"]
    assert "Secure" in lang and "HttpOnly" in lang and "SameSite=Lax" in lang
