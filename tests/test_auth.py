"""Accounts: sign-in and sign-out, the session cookie, the sign-in rate limit, passwords."""

import pytest

from tender_board.auth.models import LoginAttempt, Role
from tender_board.auth.operations import create_user, set_active
from tender_board.extensions import db

from .clients import client_for, sign_in
from .factories import PASSWORD, count


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


WRONG = "wrong password!"


def attempt(client, email, password=WRONG):
    return client.post("/login", data={"email": email, "password": password})


def test_ten_attempts_a_minute_per_account_then_429_and_no_permanent_lockout(app, make, clock):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    for i in range(10):
        other_address = client_for(app)
        other_address.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
        assert attempt(other_address, manager.email).status_code == 200
    browser = client_for(app)
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    limited = attempt(browser, manager.email, PASSWORD)  # even the right password waits
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    assert "Too many sign-in attempts" in limited.get_data(as_text=True)
    clock.advance(seconds=61)
    assert attempt(client_for(app), manager.email, PASSWORD).status_code == 302


def test_ten_attempts_a_minute_per_address_across_accounts(app, make, clock):
    db.session.commit()
    client = client_for(app)
    for i in range(10):
        assert attempt(client, f"someone{i}@example.org").status_code == 200
    assert attempt(client, "another@example.org").status_code == 429
    other = client_for(app)
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert attempt(other, "another@example.org").status_code == 200


def test_old_attempts_are_forgotten(app, make, clock):
    client = client_for(app)
    for i in range(5):
        attempt(client, f"someone{i}@example.org")
    clock.advance(minutes=5)
    attempt(client, "late@example.org")
    assert count(LoginAttempt) == 2  # the new attempt, counted for its account and its address


def test_a_disabled_account_cannot_sign_in_and_its_tokens_stop_working(app, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    set_active(manager, False, None)
    db.session.commit()
    assert attempt(client_for(app), manager.email, PASSWORD).status_code == 200
    assert client_for(app).post("/api/v1/tenders", json={}, headers=headers).status_code == 401
