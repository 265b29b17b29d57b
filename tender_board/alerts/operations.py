"""Subscribing, confirming, unsubscribing and suppressing. Each command flushes and never commits.

Nothing is ever sent to an address until its owner confirms: a request queues one confirmation
message at most per `ALERTS_CONFIRMATION_INTERVAL`, however often it is asked, and the answer to a
request is the same whether the address is new, pending, confirmed or suppressed, so the form
tells no one who follows what.
"""

import hashlib
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.datastructures import MultiDict

from .. import validation as v
from ..auth.operations import EMAIL
from ..errors import DomainError, invalid
from ..extensions import db
from ..feeds.selection import BadFeedRequest, FeedRequest, search_request, tender_request
from ..public.queries import public_tender
from .models import AlertAddress, AlertRequest, AlertSubscription, Frequency, SubscriptionState

# Kept out of a saved search: how a page or feed is shown, never which notices it carries.
NOT_SAVED = frozenset({"page", "sort", "lang", "limit"})
# Per client (IP address) and per address, within a day.
CLIENT_LIMIT = 30
ADDRESS_LIMIT = 10
KEPT = timedelta(days=1)


def clean_email(raw) -> str:
    email = v.clean_text(raw, "email", 254).lower()
    if not EMAIL.match(email):
        raise invalid("email", "邮箱地址无效，例如 name@example.org。",
                      "Invalid e-mail address; for example name@example.org.")
    return email


def clean_frequency(raw) -> Frequency:
    return v.choice(raw, Frequency, "frequency")


def saved_query(args) -> str:
    """A search's query string as it is stored: the feeds' canonical order, nothing but filters."""
    kept = sorted((k, val) for k, val in args.items(multi=True) if k not in NOT_SAVED and not k.startswith("_"))
    return urlencode(kept)


def feed_of(subscription: AlertSubscription, now: datetime) -> FeedRequest:
    """The feed that reads exactly this subscription's notices (feeds.selection)."""
    args = MultiDict(parse_qsl(subscription.query, keep_blank_values=True))
    if subscription.reference:
        return tender_request(subscription.reference, args)
    return search_request(args, now)


def check_search(args, reference: str | None, now: datetime) -> str:
    """The search to save, refused as the feed would refuse it; a tender must be public and real."""
    query = saved_query(args)
    try:
        if reference is not None:
            tender = public_tender(reference)
            if tender.sandbox:
                raise invalid("reference", "培训项目不发送邮件提醒。", "Training tenders send no alerts.")
            tender_request(reference, MultiDict(parse_qsl(query)))
            return ""
        search_request(MultiDict(parse_qsl(query, keep_blank_values=True)), now)
    except BadFeedRequest as refused:
        raise refused.error from None
    return query


def _limited(key: str, limit: int, now: datetime) -> bool:
    recent = db.session.scalar(select(func.count()).select_from(AlertRequest)
                               .where(AlertRequest.key == key, AlertRequest.at > now - KEPT))
    return recent >= limit


def _address_row(email: str, lang: str, now: datetime) -> AlertAddress:
    """The address's row, created if new; two requests for a new address at once make one row."""
    dialect = db.session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(upsert(AlertAddress).values(email=email, lang=lang, created_at=now)
                       .on_conflict_do_nothing(index_elements=["email"]))
    return db.session.scalars(select(AlertAddress).where(AlertAddress.email == email)
                              .execution_options(populate_existing=True)).one()


def subscribe(email, frequency, lang: str, args, reference: str | None, client: str | None,
              now: datetime) -> AlertAddress | None:
    """Save a search for an address, pending its owner's confirmation. Returns the address when a
    confirmation message is due now (the caller queues it), else None."""
    email, frequency = clean_email(email), clean_frequency(frequency)
    query = check_search(args, reference, now)
    client_key = f"client:{client or 'unknown'}"[:300]
    address_key = "address:" + hashlib.sha256(email.encode()).hexdigest()
    if _limited(client_key, CLIENT_LIMIT, now) or _limited(address_key, ADDRESS_LIMIT, now):
        # Nothing is stored: a refused request does not even count.
        raise DomainError({"zh": "请求过多，请明天再试。", "en": "Too many requests; please try again tomorrow."},
                          code="too_many", field="email", status=429)
    db.session.execute(delete(AlertRequest).where(AlertRequest.at <= now - KEPT))
    db.session.add_all([AlertRequest(key=client_key, at=now), AlertRequest(key=address_key, at=now)])

    address = _address_row(email, lang, now)
    if address.suppressed_at is not None:
        db.session.flush()
        return None
    live = [s for s in address.subscriptions if s.state != SubscriptionState.ENDED]
    same = next((s for s in live if s.query == query and s.reference == reference), None)
    if same is None:
        if len(live) >= current_app.config["ALERTS_MAX_SUBSCRIPTIONS"]:
            limit = current_app.config["ALERTS_MAX_SUBSCRIPTIONS"]
            raise invalid("email", f"每个邮箱最多保存 {limit} 个检索。",
                          f"An address can follow at most {limit} searches.")
        same = AlertSubscription(address=address, query=query, reference=reference, frequency=frequency,
                                 state=SubscriptionState.PENDING, created_at=now)
        db.session.add(same)
    elif same.state == SubscriptionState.PENDING:
        same.frequency = frequency  # not confirmed yet: the latest request says how often
    db.session.flush()
    if not any(s.state == SubscriptionState.PENDING for s in address.subscriptions):
        return None
    interval = timedelta(seconds=current_app.config["ALERTS_CONFIRMATION_INTERVAL"])
    if address.confirmation_sent_at is not None and now - address.confirmation_sent_at < interval:
        return None
    address.confirmation_sent_at = now
    if address.confirmed_at is None:
        address.lang = lang
    db.session.flush()
    return address


def pending(address: AlertAddress) -> list[AlertSubscription]:
    return [s for s in address.subscriptions if s.state == SubscriptionState.PENDING]


def live(address: AlertAddress) -> list[AlertSubscription]:
    return [s for s in address.subscriptions if s.state != SubscriptionState.ENDED]


def confirm(address: AlertAddress, lang: str, now: datetime) -> list[AlertSubscription]:
    """Its owner confirms every search waiting for confirmation (the page listed them)."""
    confirmed = pending(address)
    for subscription in confirmed:
        subscription.state, subscription.confirmed_at = SubscriptionState.ACTIVE, now
    if confirmed:
        address.confirmed_at = address.confirmed_at or now
        address.lang = lang
    db.session.flush()
    return confirmed


def end(subscriptions: list[AlertSubscription], now: datetime) -> int:
    """Unsubscribe; returns how many were live. Ending an ended one changes nothing."""
    ended = 0
    for subscription in subscriptions:
        if subscription.state != SubscriptionState.ENDED:
            subscription.state, subscription.ended_at = SubscriptionState.ENDED, now
            ended += 1
    db.session.flush()
    return ended


def suppress(email, reason, now: datetime) -> AlertAddress:
    """Never mail this address again (a bounce, a complaint, a request): every subscription ends.
    An address not seen before is recorded as suppressed, so it cannot be subscribed later."""
    email = clean_email(email)
    reason = v.clean_text(reason, "reason", 200)
    address = _address_row(email, "zh", now)
    address.suppressed_at, address.suppressed_reason = address.suppressed_at or now, reason
    end(list(address.subscriptions), now)
    return address
