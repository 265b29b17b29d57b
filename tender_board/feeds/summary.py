"""The key facts of a notice for a feed item's summary (摘要), in the feed's language.

Every value is escaped here, so whatever a drafter typed reaches the reader as text, never markup.
"""

import re

from markupsafe import Markup

from ..i18n import country_name, money, pair, text
from ..ledger.views import notice_links
from ..names import plain_city_name
from ..notices.content import PublicTerms
from ..notices.models import Notice
from ..notices.registry import Fact, kind_of

# Characters XML 1.0 forbids or that only ever come from a broken paste.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
BODY_LIMIT = 600

LABELS = {
    "reference": ("项目编号", "Reference"),
    "location": ("项目地点", "Location"),
    "value": ("估算价", "Estimated value"),
    "notice": ("公告正文", "Notice"),
    "ledger": ("公开账本条目", "Public ledger entry"),
}


def clean(value: str | None) -> str:
    return UNSAFE.sub("", value or "").strip()


def tender_facts(tender: PublicTerms, lang: str) -> list[Fact]:
    place = ", ".join(x for x in (text(tender.mission, lang), plain_city_name(tender.city, lang),
                                  country_name(tender.country, lang)) if x)
    return [(LABELS["reference"], tender.reference), (LABELS["location"], place),
            (LABELS["value"], money(tender.value_amount, tender.value_currency, lang))]


def summary_html(notice: Notice, tender: PublicTerms, lang: str) -> str:
    """One paragraph per fact, the notice's kind saying which (`Kind.feed_facts`), as an HTML
    fragment with every value escaped."""
    facts = tender_facts(tender, lang) + kind_of(notice.kind).feed_facts(notice, tender, lang)
    body = clean(text(notice.body, lang))
    if body:
        facts.append((LABELS["notice"], body if len(body) <= BODY_LIMIT else body[:BODY_LIMIT] + "…"))
    paragraphs = [Markup("<p>{}: {}</p>").format(pair(label, lang), clean(value))
                  for label, value in facts if clean(value)]
    ledger = notice_links(notice)
    if ledger["ledger_index"] is not None:  # its entry, linked to its inclusion proof
        paragraphs.append(Markup('<p>{}: <a href="{}">{}</a></p>').format(
            pair(LABELS["ledger"], lang), ledger["ledger_proof"], ledger["ledger_index"]))
    return str(Markup("").join(paragraphs))
