"""Sign-in limits that cannot be turned against the user: failures only, per account and
address, per address, and per account with a slower back-off (numbers in auth/ratelimit.py)."""

import pytest

from tender_board.auth.models import LoginAttempt, Role
from tender_board.extensions import db

from .clients import client_for
from .factories import PASSWORD, count

WRONG = "wrong password!"


@pytest.fixture
def manager(app, make):
    user = make.user(Role.MANAGER)
    db.session.commit()
    return user


def from_address(app, address: str, lang: str = "en"):
    client = client_for(app)
    client.environ_base.update(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=lang)
    return client


def attempt(client, email, password=WRONG):
    return client.post("/login", data={"email": email, "password": password})


def test_five_failures_of_one_account_from_one_address_then_that_address_waits(app, manager, clock):
    guesser = from_address(app, "203.0.113.5")
    for _ in range(5):
        assert attempt(guesser, manager.email).status_code == 200
    limited = attempt(guesser, manager.email, PASSWORD)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "900"
    assert "Too many failed sign-ins. Try again in 15 minutes." in limited.get_data(as_text=True)
    assert attempt(from_address(app, "198.51.100.1"), manager.email, PASSWORD).status_code == 302
    clock.advance(minutes=15, seconds=1)
    assert attempt(guesser, manager.email, PASSWORD).status_code == 302


def test_failures_from_many_addresses_never_block_a_correct_password_from_a_new_one(app, manager):
    for i in range(60):  # past the account's own limit: it is under attack
        assert attempt(from_address(app, f"10.0.{i // 200}.{i % 200 + 1}"), manager.email).status_code == 200
    assert attempt(from_address(app, "192.0.2.44"), manager.email, PASSWORD).status_code == 302


def test_under_attack_each_failing_address_gets_one_guess_an_hour(app, manager, clock):
    for i in range(50):
        attempt(from_address(app, f"10.1.0.{i + 1}"), manager.email)
    again = attempt(from_address(app, "10.1.0.7"), manager.email)
    assert again.status_code == 429 and 3500 < int(again.headers["Retry-After"]) <= 3600
    newcomer = from_address(app, "10.2.0.1")
    assert attempt(newcomer, manager.email).status_code == 200  # its first guess
    assert attempt(newcomer, manager.email).status_code == 429  # and only one
    clock.advance(hours=1, seconds=1)
    assert attempt(from_address(app, "10.1.0.7"), manager.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_across_accounts_then_it_waits(app, manager):
    stuffer = from_address(app, "203.0.113.9")
    for i in range(20):
        assert attempt(stuffer, f"someone{i}@example.org").status_code == 200
    assert attempt(stuffer, manager.email, PASSWORD).status_code == 429
    assert attempt(from_address(app, "203.0.113.10"), manager.email, PASSWORD).status_code == 302


def test_successful_sign_ins_never_count_so_colleagues_behind_one_address_all_sign_in(app, make):
    colleagues = [make.user(Role.MANAGER) for _ in range(30)]
    db.session.commit()
    for user in colleagues:
        assert attempt(from_address(app, "198.51.100.77"), user.email, PASSWORD).status_code == 302
    assert count(LoginAttempt) == 0


def test_a_success_forgets_its_own_failures_but_no_one_elses(app, manager):
    me, other = from_address(app, "192.0.2.1"), from_address(app, "192.0.2.2")
    for _ in range(4):
        attempt(me, manager.email)
        attempt(other, manager.email)
    assert attempt(me, manager.email, PASSWORD).status_code == 302
    me = from_address(app, "192.0.2.1")
    for _ in range(5):
        assert attempt(me, manager.email).status_code == 200
    attempt(other, manager.email)
    assert attempt(other, manager.email, PASSWORD).status_code == 429


def test_failures_are_forgotten_after_an_hour(app, manager, clock):
    for i in range(5):
        attempt(from_address(app, f"10.3.0.{i + 1}"), manager.email)
    assert count(LoginAttempt) == 15  # each failure counted for its pair, its address and its account
    clock.advance(hours=1, seconds=1)
    attempt(from_address(app, "10.3.0.9"), "late@example.org")
    assert count(LoginAttempt) == 3


def test_the_wait_is_said_in_chinese_too(app, manager):
    guesser = from_address(app, "203.0.113.5", lang="zh-CN")
    for _ in range(5):
        attempt(guesser, manager.email)
    assert "登录失败次数过多，请在 15 分钟后重试。" in attempt(guesser, manager.email).get_data(as_text=True)
