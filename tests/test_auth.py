"""Accounts: sign-in and sign-out, the session cookie, passwords (the sign-in limits: test_signin_limits)."""

import pytest

from tender_board.auth.models import Role
from tender_board.auth.operations import create_user, set_active
from tender_board.extensions import db

from .clients import client_for, sign_in
from .factories import PASSWORD


def test_a_password_is_stored_as_an_argon2_hash(make):
    user = make.user(Role.MANAGER)
    assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(("lang", "html_lang"), [("en", 'lang="en"'), ("zh", 'lang="zh-CN"')])
def test_a_wrong_password_is_refused_and_nothing_signs_in(app, make, lang, html_lang):
    user = make.user(Role.MANAGER)
    db.session.commit()
    client = client_for(app)
    answer = client.post(f"/login?lang={lang}", data={"email": user.email, "password": "not the password"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and html_lang in page and 'id="password-error"' in page
    assert client.get("/manage/").status_code == 302


def test_signing_in_leads_to_the_role_home_and_only_to_our_own_pages(app, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    client = client_for(app)
    assert sign_in(client, manager).headers["Location"].endswith("/manage/")
    evil = client.post("/login?next=https://evil.example/x", data={"email": manager.email, "password": PASSWORD})
    assert "evil.example" not in evil.headers["Location"]
    back = client.post("/login?next=/manage/tenders/new", data={"email": manager.email, "password": PASSWORD})
    assert back.headers["Location"].endswith("/manage/tenders/new")


def test_signing_in_starts_a_new_session(app, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    client = client_for(app)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, manager)
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"].startswith(f"{manager.id}:")


@pytest.mark.parametrize("secure", [False, True])
def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_when_configured(make_app, secure):
    app = make_app(SESSION_COOKIE_SECURE=secure)
    with app.app_context():
        manager = create_user("m@example.org", "M", "manager", PASSWORD)
        db.session.commit()
        cookie = sign_in(app.test_client(), manager).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    client = client_for(app, manager)
    copied = client.get_cookie("session", domain="tenders.test").value
    before = client_for(app)
    before.set_cookie("session", copied, domain="tenders.test")
    assert before.get("/manage/").status_code == 200  # a copied cookie works until sign-out
    assert client.post("/logout").status_code == 302
    thief = client_for(app)
    thief.set_cookie("session", copied, domain="tenders.test")
    answer = thief.get("/manage/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_signing_out_is_a_post_only(app, make):
    client = client_for(app, make.user(Role.MANAGER))
    assert client.get("/logout").status_code == 405
    assert client.get("/manage/").status_code == 200


def test_a_disabled_account_cannot_sign_in_and_its_tokens_stop_working(app, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    set_active(manager, False, None)
    db.session.commit()
    assert sign_in(client_for(app), manager).status_code == 200
    assert client_for(app).post("/api/v1/tenders", json={}, headers=headers).status_code == 401
