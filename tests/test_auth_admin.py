"""The administrator's accounts page and the `flask users` commands."""

import pytest

from tender_board.auth.models import ApiToken, Role, User
from tender_board.auth.operations import find_user
from tender_board.extensions import db

from .clients import client_for
from .factories import PASSWORD, count


@pytest.fixture
def admin(make):
    user = make.user(Role.ADMIN)
    db.session.commit()
    return user


def test_an_admin_adds_an_account_who_can_then_sign_in(app, admin):
    client = client_for(app, admin)
    answer = client.post("/admin/users", data={"email": "new@example.org", "display_name": "New Approver",
                                               "role": "approver", "password": "a long enough password"})
    assert answer.status_code == 302
    user = find_user("new@example.org")
    assert user.role == Role.APPROVER and user.password_hash.startswith("$argon2")
    assert client_for(app, user, "a long enough password").get("/manage/approvals").status_code == 200


@pytest.mark.parametrize(("data", "field"), [
    ({"email": "not-an-email", "password": "a long enough password"}, "email"),
    ({"email": "x@example.org", "password": "short"}, "password"),
    ({"email": "x@example.org", "password": "a long enough password", "role": "emperor"}, "role"),
])
def test_bad_account_input_is_shown_beside_the_field_and_nothing_is_stored(app, admin, data, field):
    client = client_for(app, admin)
    before = count(User)
    page = client.post("/admin/users?lang=en", data={"display_name": "X", "role": "manager", **data})
    assert f'id="{field}-error"' in page.get_data(as_text=True)
    assert count(User) == before


def test_a_duplicate_email_is_refused(app, admin, make):
    existing = make.user(Role.MANAGER)
    db.session.commit()
    page = client_for(app, admin).post("/admin/users?lang=en", data={
        "email": existing.email.upper(), "display_name": "X", "role": "manager", "password": "a long enough password"})
    assert "already registered" in page.get_data(as_text=True)


def test_changing_a_role_signs_the_person_out_everywhere(app, admin, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    session = client_for(app, manager)
    answer = client_for(app, admin).post(f"/admin/users/{manager.id}/role", data={f"user{manager.id}-role": "approver"})
    assert answer.status_code == 302
    db.session.refresh(manager)
    assert manager.role == Role.APPROVER
    assert session.get("/manage/").status_code == 302  # signed out


def test_disabling_signs_out_and_stops_tokens_and_enabling_restores(app, admin, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    session = client_for(app, manager)
    client_for(app, admin).post(f"/admin/users/{manager.id}/disable")
    assert session.get("/manage/").status_code == 302
    assert client_for(app).post("/api/v1/tenders", json={}, headers=headers).status_code == 401
    client_for(app, admin).post(f"/admin/users/{manager.id}/enable")
    assert client_for(app, manager).get("/manage/").status_code == 200


def test_an_admin_revokes_tokens(app, admin, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    client_for(app, admin).post(f"/admin/users/{manager.id}/revoke-tokens")
    assert client_for(app).post("/api/v1/tenders", json={}, headers=headers).status_code == 401


def test_an_admin_cannot_lock_themselves_out(app, admin):
    client = client_for(app, admin)
    assert client.post(f"/admin/users/{admin.id}/disable").status_code == 403
    assert client.post(f"/admin/users/{admin.id}/role", data={f"user{admin.id}-role": "manager"}).status_code == 403
    db.session.refresh(admin)
    assert admin.active and admin.role == Role.ADMIN


def test_the_cli_manages_accounts_and_tokens(app):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["users", "create", "cli@example.org", "--role", "manager",
                                  "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    token = runner.invoke(args=["users", "token", "cli@example.org", "--label", "ci"]).output.strip()
    assert token.startswith("tb_") and count(ApiToken) == 1
    headers = {"Authorization": f"Bearer {token}"}
    assert client_for(app).get("/api/v1/notices/999", headers=headers).status_code == 404  # token works
    assert "cli@example.org\tmanager\tactive" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "role", "cli@example.org", "approver"]).exit_code == 0
    assert find_user("cli@example.org").role == Role.APPROVER
    revoked = runner.invoke(args=["users", "revoke", "cli@example.org"])
    assert "1 token(s)" in revoked.output
    assert client_for(app).get("/api/v1/notices/999", headers=headers).status_code == 401
    assert runner.invoke(args=["users", "disable", "cli@example.org"]).exit_code == 0
    assert not find_user("cli@example.org").active
    assert runner.invoke(args=["users", "enable", "cli@example.org"]).exit_code == 0
    refused = runner.invoke(args=["users", "create", "bad", "--role", "manager", "--password", PASSWORD])
    assert refused.exit_code != 0 and "Invalid email" in refused.output
    assert runner.invoke(args=["users", "role", "nobody@example.org", "admin"]).exit_code != 0
