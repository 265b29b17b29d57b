"""The termination (终止公告): the tender is cancelled, with its reason. It cannot be undone."""

from typing import TypedDict

from flask_babel import lazy_gettext as _l

from ... import validation as v
from ...auth.models import Role
from ...forms import bilingual, texts
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from .. import release
from ..forms import NoticeForm
from ..models import NoticeKind
from ..registry import Kind, reason_facts, register


class Termination(TypedDict):
    reason: dict[str, str]


def clean(_tender: Tender, data: dict) -> Termination:
    return {"reason": v.bilingual(data.get("reason"), "reason", 5000)}


class TerminationForm(NoticeForm):
    reason_zh, reason_en = bilingual(_l("Reason for the termination"), _l(
        "Published with the notice: why the tender ends here."), area=True, max_length=5000)


def form(_tender: Tender) -> TerminationForm:
    return TerminationForm()


def form_data(form: TerminationForm, _tender: Tender, _rows) -> dict:
    return {"kind": "termination", "body": texts(form, "body"), "reason": texts(form, "reason")}


def ocds(content: dict, _terms: dict) -> dict:
    """The `tenderCancellation` release: the notice, with its reason (the status is the envelope's)."""
    reason = content["payload"]["reason"]
    return {"tag": ["tenderCancellation"], "tender": {
        "documents": release.documents(content, "cancellationDetails", "cancellationDetails", reason)}}


KIND = register(Kind(
    NoticeKind.TERMINATION, Action.PUBLISH_TERMINATION, Role.MANAGER, _l("Draft a termination"), "reason",
    clean, form, form_data, reason_facts, timeline_label=_l("Termination published"), ocds=ocds))
