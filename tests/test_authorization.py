"""The authorization matrix: every role (and the anonymous public) × every action, in the
browser and through the API, including the object level: a manager cannot see or touch
another manager's drafts. A refused action changes nothing."""

import io
from dataclasses import dataclass

import pytest

from tender_board.auth.models import Role
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.notices.operations import draft_notice, submit_notice
from tender_board.tenders.models import Tender

from .clients import PDF, TENDER_FORM, client_for, snapshot, upload
from .factories import tender_data

ROLES = ("anonymous", "owner", "other_manager", "approver", "evaluator", "admin")


@dataclass
class World:
    users: dict
    tokens: dict  # bearer headers per role
    tender: Tender  # the owner's draft, with a document and a draft announcement
    document: Document
    draft: Notice
    pending: Notice  # another of the owner's tenders: its announcement awaits approval


@pytest.fixture
def world(app, make, clock):
    users = {"owner": make.user(Role.MANAGER), "other_manager": make.user(Role.MANAGER),
             "approver": make.user(Role.APPROVER), "evaluator": make.user(Role.EVALUATOR),
             "admin": make.user(Role.ADMIN)}
    tender = make.tender(manager=users["owner"])
    db.session.commit()
    document_id = upload(client_for(app), tender.reference, make.token(users["owner"]), "spec.pdf", PDF).get_json()["id"]
    draft = draft_notice(tender, make.announcement(), users["owner"])
    second = make.tender(manager=users["owner"])
    pending = submit_notice(draft_notice(second, make.announcement(), users["owner"]), users["owner"])
    tokens = {role: make.token(user) for role, user in users.items()}
    db.session.commit()
    return World(users, tokens, tender, db.session.get(Document, document_id), draft, pending)


def expect(default: int, **by_role: int) -> dict:
    return {role: by_role.get(role, default) for role in ROLES}


SIGN_IN = 302  # the anonymous public is sent to the sign-in page
MANAGERS_ONLY = expect(403, anonymous=SIGN_IN, owner=200, other_manager=200)
OWNER_ONLY = expect(403, anonymous=SIGN_IN, owner=200, other_manager=404)
OWNER_ACTS = expect(403, anonymous=SIGN_IN, owner=302, other_manager=404)

HTML = [
    ("GET", "/manage/", None, MANAGERS_ONLY),
    ("GET", "/manage/tenders/new", None, MANAGERS_ONLY),
    ("POST", "/manage/tenders/new", "tender", expect(403, anonymous=SIGN_IN, owner=302, other_manager=302)),
    ("GET", "/manage/tenders/{tender}", None, OWNER_ONLY),
    ("GET", "/manage/tenders/{tender}/edit", None, OWNER_ONLY),
    ("POST", "/manage/tenders/{tender}/edit", "edit", OWNER_ACTS),
    ("POST", "/manage/tenders/{tender}/documents", "file", OWNER_ACTS),
    ("GET", "/manage/tenders/{tender}/notices/new/termination", None, OWNER_ONLY),
    ("POST", "/manage/tenders/{second}/notices/new/termination", "reason", expect(
        403, anonymous=SIGN_IN, owner=409, other_manager=404)),  # the owner reaches the lifecycle: a draft cannot end
    ("GET", "/manage/notices/{draft}", None, expect(403, anonymous=SIGN_IN, owner=200, other_manager=404,
                                                    approver=200, evaluator=404)),
    ("POST", "/manage/notices/{draft}/submit", None, expect(403, anonymous=SIGN_IN, owner=302, other_manager=404,
                                                            evaluator=404)),
    ("POST", "/manage/notices/{draft}/discard", None, expect(403, anonymous=SIGN_IN, owner=302, other_manager=404,
                                                             evaluator=404)),
    ("GET", "/manage/approvals", None, expect(403, anonymous=SIGN_IN, approver=200)),
    ("POST", "/manage/notices/{pending}/approve", None, expect(403, anonymous=SIGN_IN, approver=302)),
    ("POST", "/manage/notices/{pending}/reject", "rejection", expect(403, anonymous=SIGN_IN, approver=302)),
    ("GET", "/admin/users", None, expect(403, anonymous=SIGN_IN, admin=200)),
    ("POST", "/admin/users", "account", expect(403, anonymous=SIGN_IN, admin=302)),
    ("POST", "/admin/users/{other_manager_id}/disable", None, expect(403, anonymous=SIGN_IN, admin=302)),
    ("POST", "/admin/users/{other_manager_id}/role", "role", expect(403, anonymous=SIGN_IN, admin=302)),
    ("POST", "/admin/users/{other_manager_id}/revoke-tokens", None, expect(403, anonymous=SIGN_IN, admin=302)),
    ("GET", "/documents/{document}", None, expect(404, owner=200, approver=200)),
]

API = [
    ("POST", "/api/v1/tenders", "tender_json", expect(403, anonymous=401, owner=201, other_manager=201)),
    ("PATCH", "/api/v1/tenders/{tender}", "patch_json", expect(404, anonymous=401, owner=200)),
    ("POST", "/api/v1/tenders/{tender}/documents", "file", expect(404, anonymous=401, owner=201)),
    ("POST", "/api/v1/tenders/{second}/notices", "termination_json", expect(
        404, anonymous=401, owner=409)),  # the owner reaches the lifecycle: a draft cannot be terminated
    ("GET", "/api/v1/notices/{draft}", None, expect(404, anonymous=401, owner=200, approver=200)),
    ("POST", "/api/v1/notices/{draft}/submit", None, expect(404, anonymous=401, owner=200, approver=403)),
    ("POST", "/api/v1/notices/{pending}/approve", None, expect(404, anonymous=401, owner=403, approver=200)),
    ("POST", "/api/v1/notices/{pending}/reject", "reason_json", expect(404, anonymous=401, owner=403, approver=200)),
]


def request_args(kind: str | None, world: World, clock) -> dict:
    other = world.users["other_manager"]
    bodies = {
        None: {},
        "tender": {"data": TENDER_FORM},
        "edit": {"data": {**TENDER_FORM, "city": "Hue", "version": str(world.tender.version)}},
        "file": {"data": {"file": (io.BytesIO(PDF), "more.pdf", "application/pdf")},
                 "content_type": "multipart/form-data"},
        "reason": {"data": {"reason_en": "No longer needed."}},
        "rejection": {"data": {"reason": "Check the dates."}},
        "account": {"data": {"email": "new@example.org", "display_name": "New", "role": "manager",
                             "password": "a long enough password"}},
        "role": {"data": {f"user{other.id}-role": "approver"}},
        "tender_json": {"json": tender_data()},
        "patch_json": {"json": {"city": "Hue"}, "headers": {"If-Match": str(world.tender.version)}},
        "termination_json": {"json": {"kind": "termination", "reason": {"en": "No longer needed."}}},
        "reason_json": {"json": {"reason": "Check the dates."}},
    }
    return bodies[kind]


def url_for_world(template: str, world: World) -> str:
    return template.format(tender=world.tender.reference, second=world.pending.tender.reference,
                           draft=world.draft.id, pending=world.pending.id, document=world.document.id,
                           other_manager_id=world.users["other_manager"].id)


def run(app, make, world, clock, method, template, kind, role, api: bool):
    user = world.users.get(role)
    args = request_args(kind, world, clock)
    url = url_for_world(template, world)
    if api:
        headers = {**args.pop("headers", {}), **world.tokens.get(role, {})}
        return client_for(app).open(url, method=method, headers=headers, **args)
    return client_for(app, user).open(url, method=method, **args)


def check(answer, expected: int, before: tuple) -> None:
    assert answer.status_code == expected, answer.get_data(as_text=True)[:400]
    if expected >= 400 or expected == SIGN_IN and answer.headers.get("Location", "").find("/login") >= 0:
        assert snapshot() == before, "a refused action changed something"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "kind", "expected"), HTML,
                         ids=[f"{m} {t}" for m, t, _, _ in HTML])
def test_html_matrix(app, make, world, clock, role, method, template, kind, expected):
    before = snapshot()
    answer = run(app, make, world, clock, method, template, kind, role, api=False)
    check(answer, expected[role], before)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "kind", "expected"), API,
                         ids=[f"{m} {t}" for m, t, _, _ in API])
def test_api_matrix(app, make, world, clock, role, method, template, kind, expected):
    before = snapshot()
    answer = run(app, make, world, clock, method, template, kind, role, api=True)
    check(answer, expected[role], before)


def test_another_managers_draft_is_not_listed_in_my_workspace(app, world):
    mine = client_for(app, world.users["other_manager"]).get("/manage/").get_data(as_text=True)
    assert world.tender.reference not in mine
    theirs = client_for(app, world.users["owner"]).get("/manage/").get_data(as_text=True)
    assert world.tender.reference in theirs


def test_drafts_and_notices_awaiting_approval_are_absent_from_every_public_answer(app, world):
    public = client_for(app)
    hidden = (world.tender.reference, world.pending.tender.reference)
    # A search for a status the public never sees is refused: reported on the page, 422 in the API.
    expected = {"/": 200, "/tenders": 200, "/tenders?status=draft": 200, "/tenders?status=in_approval": 200,
                "/api/v1/tenders": 200, "/api/v1/tenders?status=draft": 422, "/feeds/notices.rss": 200,
                "/feeds/notices.atom": 200, "/feeds/notices.rss?status=draft": 400}
    for path, status in expected.items():
        answer = public.get(path)
        assert answer.status_code == status, path
        for reference in hidden:
            assert reference not in answer.get_data(as_text=True), path
    for reference in hidden:
        assert public.get(f"/tenders/{reference}").status_code == 404
        assert public.get(f"/api/v1/tenders/{reference}").status_code == 404
        assert public.get(f"/tenders/{reference}/notices/1").status_code == 404
    assert public.get(f"/documents/{world.document.id}").status_code == 404
