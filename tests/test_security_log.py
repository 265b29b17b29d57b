"""The security log: one line per sign-in, limit, refusal, token and role change; no secrets."""

import logging

import pytest

from tender_board.auth.models import Role
from tender_board.auth.operations import change_role, issue_token
from tender_board.extensions import db
from tender_board.notices.operations import draft_notice, submit_notice

from .clients import client_for, sign_in
from .factories import PASSWORD


@pytest.fixture
def lines(caplog):
    """The security log's lines so far, as a function."""
    caplog.set_level(logging.INFO, logger="tender_board.security")
    return lambda prefix="": [r.getMessage() for r in caplog.records
                              if r.name == "tender_board.security" and r.getMessage().startswith(prefix)]


def test_sign_ins_succeeded_failed_and_limited_each_leave_one_line(app, make, lines):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    browser = client_for(app)
    browser.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    sign_in(browser, manager, "not the password")
    sign_in(browser, manager)
    assert lines("signin.") == [f"signin.failed account={manager.email} address=203.0.113.5",
                       f"signin.ok user={manager.id} account={manager.email} address=203.0.113.5"]
    for _ in range(6):
        browser.post("/login", data={"email": manager.email, "password": "guess"})
    assert lines()[-1] == (f"signin.limited counter=account_address account={manager.email} "
                           "address=203.0.113.5 retry_after=900")


def test_an_unknown_account_is_not_named_and_no_password_is_ever_logged(app, lines):
    client_for(app).post("/login", data={"email": "Secret-Pa55word", "password": "hunter2 hunter2"})
    client_for(app).post("/login", data={"email": "x@example.org", "password": "hunter2 hunter2"})
    assert lines() == ["signin.failed account=- address=127.0.0.1"] * 2
    assert not any("hunter2" in line or "Secret" in line for line in lines())


def test_a_value_cannot_break_a_line(app, make, lines):
    manager = make.user(Role.MANAGER, email="a@example.org")
    db.session.commit()
    client = client_for(app)
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1\nforged line"
    sign_in(client, manager, "wrong")
    assert lines("signin.") == ['signin.failed account=a@example.org address="10.0.0.1\\nforged line"']


def test_a_403_on_any_page_or_api_leaves_a_line(app, make, lines):
    manager = make.user(Role.MANAGER)
    notice = draft_notice(make.tender(manager=manager), make.announcement(), manager)
    headers = make.token(manager)
    db.session.commit()
    client_for(app, manager).get("/manage/approvals")
    client_for(app).post(f"/api/v1/notices/{notice.id}/approve", headers=headers)
    assert lines("forbidden") == [
        f"forbidden status=403 method=GET path=/manage/approvals user={manager.id} address=127.0.0.1",
        f"forbidden status=403 method=POST path=/api/v1/notices/{notice.id}/approve user={manager.id} "
        "address=127.0.0.1"]


def test_a_refused_token_leaves_a_line_without_the_token(app, lines):
    client_for(app).post("/api/v1/tenders", json={}, headers={"Authorization": "Bearer tb_not-a-real-token"})
    assert lines() == ["token.refused status=401 method=POST path=/api/v1/tenders user=- address=127.0.0.1"]


def test_a_refused_four_eyes_approval_leaves_a_line_in_the_api_and_on_the_page(app, make, lines):
    author = make.user(Role.MANAGER)
    notice = draft_notice(make.tender(manager=author), make.announcement(), author)
    submit_notice(notice, author)
    change_role(author, "approver", None)  # promoted since: still never their own draft
    headers = make.token(author)
    db.session.commit()
    assert client_for(app).post(f"/api/v1/notices/{notice.id}/approve", headers=headers).status_code == 403
    assert client_for(app, author).post(f"/manage/notices/{notice.id}/approve").status_code == 403
    assert lines("four_eyes") == [f"four_eyes.refused notice={notice.id} user={author.id}"] * 2


def test_tokens_and_role_changes_are_logged_once_committed_and_not_when_rolled_back(app, make, lines):
    admin, manager = make.user(Role.ADMIN), make.user(Role.MANAGER)
    db.session.commit()
    token = issue_token(manager, "ci")
    db.session.rollback()
    assert lines("token.") == []
    token = issue_token(manager, "ci")
    change_role(manager, "approver", admin)
    db.session.commit()
    admin_client = client_for(app, admin)
    admin_client.post(f"/admin/users/{manager.id}/revoke-tokens")
    admin_client.post(f"/admin/users/{manager.id}/disable")
    logged = [line for line in lines() if not line.startswith(("signin.", "account.created"))]
    assert logged[0].startswith(f"token.created user={manager.id} token=") and logged[0].endswith(" label=ci")
    assert logged[1:] == [f"role.changed user={manager.id} old=manager new=approver by={admin.id}",
                          f"token.revoked user={manager.id} token=all count=1 by={admin.id}",
                          f"account.disabled user={manager.id} by={admin.id}"]
    assert not any(token in line or PASSWORD in line for line in lines())


def test_the_console_is_named_as_the_actor(app, make, lines):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "pm@example.org", "--role", "manager", "--password", "a long password"])
    runner.invoke(args=["users", "role", "pm@example.org", "approver"])
    logged = lines()
    assert len(logged) == 2 and logged[0].startswith("account.created user=") and logged[0].endswith("account=pm@example.org role=manager")
    assert logged[1].endswith("old=manager new=approver by=console")
