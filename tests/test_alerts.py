"""E-mail alerts end to end: a real SMTP server (aiosmtpd) in the test process, the pages through
HTTP, publications through the real approval step, and `flask alerts send` as cron runs it."""

import email
import email.policy
import re
import socket
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tender_board.alerts import sending
from tender_board.alerts.models import AlertAddress, AlertDelivery, AlertMessage, AlertSubscription
from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.transaction import transaction

from .factories import count as count_rows

ADDRESS = "watcher@example.org"


def count(model) -> int:
    """Rows of a model, read in a transaction that ends at once (it would hold SQLite's lock)."""
    number = count_rows(model)
    db.session.commit()
    return number


def one(query):
    found = query.one()
    db.session.commit()
    return found


class Inbox:
    """Every message the SMTP server accepted, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def inbox():
    handler = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's Controller cannot be given port 0)
        probe.bind(("127.0.0.1", 0))
        handler.port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def mail_app(app, inbox):
    """The test app (whose context the factories use), sending to the test's SMTP server."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, MAIL_FROM="Tender Board <alerts@tenders.test>")
    return app


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def link(message, path_part: str) -> str:
    """The path of the first link in the plain text containing `path_part`."""
    url = next(u for u in re.findall(r"https?://\S+", body(message)) if path_part in u)
    assert url.startswith("http://tenders.test/")
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def subscribe(client, search: str = "country=VN", frequency: str = "immediate", address: str = ADDRESS,
              lang: str = "en", path: str = "/alerts/new"):
    return client.post(f"{path}?{search}", data={"email": address, "frequency": frequency, "lang": lang})


def send(app) -> str:
    result = app.test_cli_runner().invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def confirm(client, message, clock) -> None:
    path = link(message, "/alerts/confirm/")
    page = client.get(path)
    assert page.status_code == 200 and b'<form method="post">' in page.data
    assert count(AlertSubscription) > 0 and not any(s.state.value == "active" for s in pending_ones())
    done = client.post(path)
    assert done.status_code == 200 and not pending_ones()
    clock.advance(minutes=1)  # what is published from now on is owed


def pending_ones() -> list:
    found = db.session.query(AlertSubscription).filter_by(state="pending").all()
    db.session.commit()
    return found


def publish_in_vietnam(make, **overrides):
    with transaction():
        return make.open_tender(**overrides)


def test_subscribe_confirm_publish_digest_unsubscribe(mail_app, make, inbox, clock):
    app, client = mail_app, mail_app.test_client()
    with transaction():
        make.default(Role.APPROVER)

    # Asked four times for two searches: one confirmation, nothing else.
    for search in ("country=VN", "country=VN", "category=overseas", "category=overseas&country=VN"):
        answer = subscribe(client, search)
        assert answer.status_code == 302 and answer.location.endswith("/alerts/requested")
    assert len(inbox.to(ADDRESS)) == 1
    confirmation = inbox.messages[0]
    assert confirmation["Subject"] == "Confirm your Tender Board alerts"
    assert "Viet Nam" in body(confirmation) or "Vietnam" in body(confirmation)
    assert count(AlertSubscription) == 3

    # Before confirming, a matching publication sends nothing.
    publish_in_vietnam(make)
    send(app)
    assert len(inbox.to(ADDRESS)) == 1

    confirm(client, confirmation, clock)
    send(app)  # the notice published before confirmation is not owed: it was looked at already
    assert len(inbox.to(ADDRESS)) == 1

    # One publication matching all three searches arrives once.
    tender = publish_in_vietnam(make)
    report = send(app)
    assert "1 sent" in report, report
    messages = inbox.to(ADDRESS)
    assert len(messages) == 2
    alert = messages[1]
    assert body(alert).count(f"· {tender.reference} ") == 1  # once, though three searches match
    assert alert["Subject"] == "1 new notice · Tender Board"
    unsubscribe_url = alert["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http://tenders.test/alerts/unsubscribe/")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert.get_body(("html",)) is not None and tender.reference in alert.get_body(("html",)).get_content()
    assert all(u.startswith("http://tenders.test/") for u in re.findall(r"https?://\S+", body(alert)))
    send(app)
    assert len(inbox.to(ADDRESS)) == 2  # a second run sends nothing again

    # A daily digest collates the day's notices into one message, once.
    digest_reader = "digest@example.org"
    subscribe(client, "category=overseas", "daily", digest_reader, lang="zh")
    confirm(client, inbox.to(digest_reader)[0], clock)
    first, second = publish_in_vietnam(make), publish_in_vietnam(make)
    send(app)
    assert len(inbox.to(digest_reader)) == 1  # nothing before the digest hour
    clock.advance(days=1)
    send(app)
    send(app)
    digests = inbox.to(digest_reader)
    assert len(digests) == 2
    assert digests[1]["Subject"].startswith("每日汇总")
    assert first.reference in body(digests[1]) and second.reference in body(digests[1])

    # One click (RFC 8058: a POST without a session or CSRF token) stops everything.
    answer = app.test_client().post(urlsplit(unsubscribe_url).path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    before = len(inbox.to(ADDRESS))
    publish_in_vietnam(make)
    send(app)
    assert len(inbox.to(ADDRESS)) == before


def test_a_crash_between_sending_and_recording_sends_no_duplicate(mail_app, make, inbox, monkeypatch, clock):
    app, client = mail_app, mail_app.test_client()
    subscribe(client)
    confirm(client, inbox.messages[0], clock)
    publish_in_vietnam(make)

    def crash(*_args):
        raise SystemExit("killed after the SMTP conversation, before recording it")

    with monkeypatch.context() as patch:
        patch.setattr(sending, "mark_sent", crash)
        crashed = app.test_cli_runner().invoke(args=["alerts", "send"])
        assert crashed.exit_code != 0
    assert len(inbox.to(ADDRESS)) == 2  # the alert did arrive
    report = send(app)
    assert len(inbox.to(ADDRESS)) == 2  # and is not sent again
    interrupted = one(db.session.query(AlertMessage).filter(AlertMessage.sent_at.is_(None)))
    assert f"not sent again (it may have arrived): {interrupted.id}" in report


def test_a_server_that_is_down_keeps_messages_queued(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    assert subscribe(app.test_client()).status_code == 302
    assert one(db.session.query(AlertMessage)).attempted_at is None
    assert "could not be reached" in send(app)
    assert one(db.session.query(AlertMessage)).attempted_at is None  # the next run tries again


def test_without_a_mail_server_messages_are_written_to_the_instance_folder(app, tmp_path):
    app.config.update(MAIL_FOLDER=str(tmp_path / "mail"))
    assert subscribe(app.test_client()).status_code == 302
    [written] = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["To"] == ADDRESS and "/alerts/confirm/" in body(message)


def test_follow_one_tender(mail_app, make, inbox, clock):
    app, client = mail_app, mail_app.test_client()
    tender, other = publish_in_vietnam(make), publish_in_vietnam(make)
    page = client.get(f"/tenders/{tender.reference}/alerts/new")
    assert page.status_code == 200 and tender.reference.encode() in page.data
    subscribe(client, "", path=f"/tenders/{tender.reference}/alerts/new")
    confirm(client, inbox.messages[0], clock)
    with transaction():
        make.publish(other, {"kind": "amendment", "rationale": {"en": "Clarified"},
                             "changes": {"opening_place": {"en": "Room 2"}}})
    send(app)
    assert len(inbox.to(ADDRESS)) == 1  # another tender's notice: nothing
    with transaction():
        make.publish(tender, {"kind": "amendment", "rationale": {"en": "Clarified"},
                              "changes": {"opening_place": {"en": "Room 3"}}})
    send(app)
    [_, alert] = inbox.to(ADDRESS)
    assert tender.reference in body(alert) and other.reference not in body(alert)


def test_the_manage_page_lists_and_stops_searches_without_showing_the_address(mail_app, make, inbox, clock):
    app, client = mail_app, mail_app.test_client()
    subscribe(client, "country=VN")
    subscribe(client, "q=bridge")
    confirm(client, inbox.messages[0], clock)
    publish_in_vietnam(make)
    send(app)
    manage = link(inbox.to(ADDRESS)[1], "/alerts/manage/")
    page = client.get(manage)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert ADDRESS.encode() not in page.data and b"bridge" in page.data
    bridge = one(db.session.query(AlertSubscription).filter_by(query="q=bridge"))
    assert client.post(f"{urlsplit(manage).path}/{bridge.id}/end").status_code == 302
    assert b"bridge" not in client.get(manage).data


def test_an_unconfirmed_address_gets_one_confirmation_however_often_asked(mail_app, make, inbox, clock):
    client = mail_app.test_client()
    for _ in range(8):
        subscribe(client)
        clock.advance(hours=1)
    assert len(inbox.to(ADDRESS)) == 1
    clock.advance(days=1)
    subscribe(client)
    assert len(inbox.to(ADDRESS)) == 2  # a day later, one reminder may go


@pytest.mark.parametrize(("form", "search", "message"), [
    ({"email": "not-an-address", "frequency": "daily"}, "country=VN", b"Invalid e-mail address"),
    ({"email": "a@example.org\x00", "frequency": "daily"}, "country=VN", b"cannot be used"),
    ({"email": ADDRESS, "frequency": "hourly"}, "country=VN", b"Not a valid choice"),
    ({"email": ADDRESS, "frequency": "daily"}, "country=XX", b"This search cannot be followed"),
    ({"email": ADDRESS, "frequency": "daily"}, "published_from=9999-99-99", b"This search cannot be followed"),
])
def test_bad_input_is_explained_and_stores_nothing(mail_app, inbox, form, search, message):
    answer = mail_app.test_client().post(f"/alerts/new?{search}&lang=en", data={**form, "lang": "en"})
    assert answer.status_code == 422
    assert message in answer.data
    assert count(AlertAddress) == count(AlertSubscription) == 0 and not inbox.messages


def test_an_unknown_or_training_tender_cannot_be_followed(mail_app, make, inbox):
    client = mail_app.test_client()
    assert client.get("/tenders/MFA-2027-OS-9999/alerts/new").status_code == 404
    with transaction():
        sandbox = make.open_tender(sandbox=True)
    answer = subscribe(client, "lang=en", path=f"/tenders/{sandbox.reference}/alerts/new")
    assert answer.status_code == 422 and b"Training tenders send no alerts" in answer.data
    assert count(AlertSubscription) == 0


def test_forged_and_expired_links_are_refused(mail_app, inbox, clock):
    client = mail_app.test_client()
    subscribe(client)
    path = urlsplit(link(inbox.messages[0], "/alerts/confirm/")).path
    assert client.get(path[:-3] + "abc").status_code == 404
    assert client.get("/alerts/manage/" + path.rsplit("/", 1)[1]).status_code == 404  # not a manage token
    assert client.post("/alerts/unsubscribe/forged").status_code == 404
    clock.advance(days=8)
    expired = client.get(path + "?lang=en")
    assert expired.status_code == 410 and b"expired" in expired.data
    assert count(AlertSubscription) == 1 and one(db.session.query(AlertSubscription)).state.value == "pending"


def test_requests_are_limited_per_client(mail_app, inbox):
    client = mail_app.test_client()
    answers = [subscribe(client, address=f"reader{i}@example.org").status_code for i in range(31)]
    assert answers[:30] == [302] * 30 and answers[30] == 429
    assert count(AlertAddress) == 30


def test_suppressed_addresses_are_never_mailed(mail_app, make, inbox):
    app = mail_app
    admin = app.test_client()
    with transaction():
        make.user(Role.ADMIN, email="admin@example.org")
    admin.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    result = app.test_cli_runner().invoke(args=["alerts", "suppress", ADDRESS, "--reason", "bounced"])
    assert result.exit_code == 0, result.output
    assert subscribe(app.test_client()).status_code == 302  # the same answer as for anyone
    assert not inbox.messages
    assert count(AlertDelivery) == 0


def test_the_admin_page_shows_counts_only(mail_app, make, inbox):
    from .clients import signed_in
    with transaction():
        admin = make.user(Role.ADMIN)
    subscribe(mail_app.test_client())
    client = signed_in(mail_app, admin)
    assert b'href="/admin/alerts"' in client.get("/admin/users").data  # the administrator's menu leads there
    page = client.get("/admin/alerts")
    assert page.status_code == 200 and ADDRESS.encode() not in page.data
    assert b"waiting for confirmation" in page.data
    done = client.post("/admin/alerts", data={"email": "spam@example.org", "reason": "complaint"})
    assert done.status_code == 200 and b"is suppressed" in done.data
    assert one(db.session.query(AlertAddress).filter_by(email="spam@example.org")).suppressed_at
    refused = client.post("/admin/alerts", data={"email": "nonsense", "reason": "x"})
    assert refused.status_code == 422
    with transaction():
        manager = make.user(Role.MANAGER)
    assert signed_in(mail_app, manager).get("/admin/alerts").status_code == 403


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(address=st.text(max_size=60), frequency=st.text(max_size=12), q=st.text(max_size=30))
def test_any_input_gets_an_answer_and_never_a_server_error(mail_app, address, frequency, q):
    before = count(AlertSubscription)
    answer = mail_app.test_client().post("/alerts/new", query_string={"q": q},
                                         data={"email": address, "frequency": frequency, "lang": "en"})
    assert answer.status_code in (302, 400, 404, 422, 429)  # 400: characters no field may hold
    if answer.status_code != 302:
        assert count(AlertSubscription) == before  # a refusal stores nothing


def test_an_address_follows_at_most_the_configured_number_of_searches(mail_app, inbox):
    mail_app.config["ALERTS_MAX_SUBSCRIPTIONS"] = 2
    client = mail_app.test_client()
    assert subscribe(client, "q=bridge").status_code == 302
    assert subscribe(client, "q=road").status_code == 302
    assert subscribe(client, "q=bridge").status_code == 302  # the same search again is no new one
    refused = subscribe(client, "q=tunnel&lang=en")
    assert refused.status_code == 422 and b"at most 2 searches" in refused.data
    assert count(AlertSubscription) == 2
