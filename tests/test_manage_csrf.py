"""Every form carries a CSRF token and is refused without it; a GET never changes anything."""

import re

import pytest

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.operations import draft_notice

from .clients import client_for, snapshot
from .factories import PASSWORD, Factory

STAFF_BLUEPRINTS = ("auth.", "admin.", "manage.", "documents.")


def staff_rules(app, method: str):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith(STAFF_BLUEPRINTS) and method in rule.methods]


def concrete(rule) -> str:
    """A URL for the rule, with every argument filled in with something plausible."""
    values = {"reference": "MFA-2027-OS-0001", "kind": "announcement", "notice_id": 1, "user_id": 1,
              "document_id": 1}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def csrf_token(client, path: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_every_staff_form_is_refused_without_its_csrf_token(csrf_app, clock):
    make = Factory(clock)  # on this app's own database session, not the default app's
    tender = make.open_tender()
    manager = tender.manager
    make.user(Role.ADMIN)
    db.session.commit()
    client = client_for(csrf_app)
    token = csrf_token(client, "/login")
    assert client.post("/login", data={"email": manager.email, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302  # with the token: fine
    rules = staff_rules(csrf_app, "POST")
    assert len(rules) >= 15
    before = snapshot()
    for rule in rules:
        answer = client.post(concrete(rule), data={"reason": "x", "email": manager.email, "password": PASSWORD})
        assert answer.status_code == 400, rule.rule
    assert snapshot() == before
    assert client.get("/manage/").status_code == 200  # still signed in: the refused logout did nothing


def test_state_changing_endpoints_refuse_get(app, make):
    client = client_for(app, make.user(Role.MANAGER))
    post_only = [rule for rule in staff_rules(app, "POST") if "GET" not in rule.methods]
    assert post_only
    for rule in post_only:
        assert client.get(concrete(rule)).status_code == 405, rule.rule


@pytest.mark.parametrize("role", [None, *Role])
def test_no_page_changes_anything_on_get(app, make, clock, role):
    tender = make.open_tender()
    make.tender()
    draft = make.tender()
    draft_notice(draft, make.announcement(), draft.manager)
    db.session.commit()
    user = tender.manager if role == Role.MANAGER else (make.user(role) if role else None)
    db.session.commit()
    client = client_for(app, user)
    before = snapshot()
    for rule in staff_rules(app, "GET"):
        if rule.endpoint in ("static",):
            continue
        for notice_id in (1, 2):
            url = concrete(rule).replace("/notices/1", f"/notices/{notice_id}")
            assert client.get(url).status_code < 500, url
    assert snapshot() == before
