"""From publications to messages, in two idempotent steps that `flask alerts send` runs in order.

1. `collect`: the notices published since the watermark (the ledger sequence of the last notice
   looked at) are matched against every active search, each search read by the feeds' own
   functions. One delivery per (address, notice), however many of its searches match; the
   watermark moves in the same transaction, so a crash either keeps both or neither.
2. `compose`: waiting deliveries become messages: immediate ones at once, the rest in the
   address's digest for the day (or week) that has ended. A digest is unique per address and
   period, and each delivery belongs to exactly one message: nothing arrives twice.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from flask import current_app, render_template
from sqlalchemy import select, update

from ..counters import Counter
from ..extensions import db
from ..feeds.builder import search_name
from ..feeds.selection import BadFeedRequest
from ..i18n import in_language, pair, text
from ..notices.models import KIND_NAMES, Notice, NoticeStatus
from ..security_log import warning
from ..tenders.models import Tender
from ..times import BEIJING
from ..urls import public_url
from . import tokens
from .models import (
    FREQUENCY_NAMES,
    AlertAddress,
    AlertDelivery,
    AlertMessage,
    AlertSubscription,
    Frequency,
    Purpose,
    SubscriptionState,
)
from .operations import feed_of, pending

WATERMARK = "alerts-watermark"
BATCH = 500  # notices looked at per transaction
ORDER = [Frequency.IMMEDIATE, Frequency.DAILY, Frequency.WEEKLY]  # the soonest wins
SITE = ("招标公告板", "Tender Board")


def _watermark() -> int:
    """The last sequence looked at, row-locked for this transaction: two runs never collect twice."""
    session = db.session
    if session.get(Counter, WATERMARK) is None:
        session.add(Counter(key=WATERMARK, value=0))
        session.flush()
    return session.execute(update(Counter).where(Counter.key == WATERMARK).values(value=Counter.value)
                           .returning(Counter.value)).scalar_one()


def collect(now: datetime) -> int:
    """Record what each address is owed from the next batch of publications; how many notices."""
    start = _watermark()
    batch = list(db.session.execute(
        select(Notice.id, Notice.sequence).where(Notice.status == NoticeStatus.PUBLISHED,
                                                 Notice.sequence > start)
        .order_by(Notice.sequence).limit(BATCH)))
    if not batch:
        return 0
    ids = [row.id for row in batch]
    owed: dict[tuple[int, int], list[AlertSubscription]] = defaultdict(list)
    active = db.session.scalars(
        select(AlertSubscription).join(AlertAddress)
        .where(AlertSubscription.state == SubscriptionState.ACTIVE, AlertAddress.suppressed_at.is_(None))
        .order_by(AlertSubscription.id))
    for subscription in active:
        try:
            feed = feed_of(subscription, now)
        except BadFeedRequest:  # a search the board no longer understands: skipped, and said so
            warning("alerts.search_unreadable", subscription=subscription.id)
            continue
        tenders = feed.tender_ids()
        # Only what is published after its owner confirmed: never a backlog.
        query = select(Notice.id).where(Notice.id.in_(ids), Notice.published_at > subscription.confirmed_at,
                                        Notice.tender_id.in_(select(tenders.c.id)))
        if feed.kind:
            query = query.where(Notice.kind == feed.kind)
        for notice_id in db.session.scalars(query):
            owed[(subscription.address_id, notice_id)].append(subscription)
    for (address_id, notice_id), subscriptions in owed.items():
        soonest = min((s.frequency for s in subscriptions), key=ORDER.index)
        db.session.add(AlertDelivery(address_id=address_id, notice_id=notice_id, frequency=soonest,
                                     subscription_ids=[s.id for s in subscriptions], created_at=now))
    db.session.get(Counter, WATERMARK).value = batch[-1].sequence
    db.session.flush()
    return len(batch)


def digest_period(frequency: Frequency, now: datetime) -> datetime:
    """The end of the latest period that has ended: today's (or Monday's) digest hour, Beijing time."""
    local = now.astimezone(BEIJING)
    hour = time(current_app.config["ALERTS_DIGEST_HOUR"], tzinfo=BEIJING)
    end = datetime.combine(local.date(), hour)
    if end > local:
        end -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        end -= timedelta(days=end.weekday())
    return end


def compose(now: datetime) -> int:
    """Put waiting deliveries into messages; how many messages were made."""
    made = 0
    waiting = db.session.scalars(select(AlertDelivery).where(AlertDelivery.message_id.is_(None))
                                 .order_by(AlertDelivery.address_id, AlertDelivery.id)).all()
    by_address: dict[int, list[AlertDelivery]] = defaultdict(list)
    for delivery in waiting:
        by_address[delivery.address_id].append(delivery)
    for address_id, deliveries in by_address.items():
        address = db.session.get(AlertAddress, address_id)
        if address.suppressed_at is not None:
            continue
        for frequency in ORDER:
            due = [d for d in deliveries if d.frequency == frequency]
            period = None if frequency == Frequency.IMMEDIATE else digest_period(frequency, now)
            if period is not None:
                due = [d for d in due if d.created_at < period]
                if db.session.scalar(select(AlertMessage.id).where(
                        AlertMessage.address_id == address_id, AlertMessage.purpose == Purpose(frequency),
                        AlertMessage.period == period)):
                    continue  # this period's digest exists: these wait for the next one
            if due:
                message = notices_message(address, Purpose(frequency), period, due, now)
                for delivery in due:
                    delivery.message_id = message.id
                made += 1
    db.session.flush()
    return made


# --- the messages --------------------------------------------------------------------------------

def _links(address: AlertAddress) -> dict:
    return {"manage": public_url("alerts.manage", token=tokens.make(tokens.MANAGE, address.id)),
            "unsubscribe": public_url("alerts.unsubscribe", token=tokens.make(tokens.UNSUBSCRIBE, address.id))}


def describe(subscription: AlertSubscription, lang: str) -> str:
    """A saved search as a reader would name it."""
    if subscription.reference:
        tender = db.session.scalar(select(Tender).where(Tender.reference == subscription.reference))
        title = text(tender.title, lang) if tender else ""
        return f"{subscription.reference} {title}".strip()
    return search_name(subscription.query, lang)


def _message(address: AlertAddress, purpose: Purpose, period: datetime | None, template: str,
             now: datetime, **context) -> AlertMessage:
    links = _links(address)
    with in_language(address.lang):
        subject = render_template(f"alerts/mail/{template}.subject.txt", **context).strip()
        body_text = render_template(f"alerts/mail/{template}.txt", links=links, **context)
        body_html = render_template(f"alerts/mail/{template}.html", links=links, subject=subject, **context)
    message = AlertMessage(address_id=address.id, purpose=purpose, period=period, subject=subject[:300],
                           text_body=body_text, html_body=body_html, unsubscribe_url=links["unsubscribe"],
                           created_at=now)
    db.session.add(message)
    db.session.flush()
    return message


def confirmation_message(address: AlertAddress, now: datetime) -> AlertMessage:
    lang = address.lang
    searches = [(describe(s, lang), pair(FREQUENCY_NAMES[s.frequency], lang)) for s in pending(address)]
    confirm_url = public_url("alerts.confirm", token=tokens.make(tokens.CONFIRM, address.id), lang=lang)
    return _message(address, Purpose.CONFIRMATION, None, "confirmation", now, site=pair(SITE, lang),
                    searches=searches, confirm_url=confirm_url, lang=lang)


def notices_message(address: AlertAddress, purpose: Purpose, period: datetime | None,
                    deliveries: list[AlertDelivery], now: datetime) -> AlertMessage:
    """One message for an address: its notices grouped by the first search each matched."""
    lang = address.lang
    notices = {n.id: n for n in db.session.scalars(
        select(Notice).where(Notice.id.in_([d.notice_id for d in deliveries])))}
    subscriptions = {s.id: s for s in address.subscriptions}
    groups: dict[int, list[dict]] = defaultdict(list)
    for delivery in sorted(deliveries, key=lambda d: notices[d.notice_id].sequence or 0):
        notice = notices[delivery.notice_id]
        groups[min(delivery.subscription_ids)].append({
            "kind": pair(KIND_NAMES[notice.kind], lang),
            "reference": notice.tender.reference,
            "title": text(notice.tender.title, lang),
            "published_at": notice.published_at,
            "url": public_url("notices.notice_detail", reference=notice.tender.reference,
                              number=notice.number, lang=lang),
        })
    sections = [(describe(subscriptions[sid], lang), items) for sid, items in sorted(groups.items())
                if sid in subscriptions]
    count = sum(len(items) for _, items in sections)
    return _message(address, purpose, period, "notices", now, site=pair(SITE, lang), sections=sections,
                    count=count, digest=purpose.value, lang=lang)
