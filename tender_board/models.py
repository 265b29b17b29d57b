"""Every model, imported in one place so that metadata and migrations see them all."""

from .alerts.models import AlertAddress, AlertDelivery, AlertMessage, AlertRequest, AlertSubscription
from .auth.models import ApiToken, Role, User
from .bids.models import (
    Bid,
    BidStatus,
    CommitteeMember,
    Criterion,
    Evaluation,
    EvaluationMethod,
    Expertise,
    Objection,
    Score,
)
from .counters import Counter
from .documents.models import Document, DocumentContent
from .ledger.models import LedgerCheckpoint, LedgerEntry, LedgerNode
from .notices.models import Notice, NoticeKind, NoticeStatus, notice_documents
from .ocds.models import BulkFile
from .oversight.models import OversightFlag
from .rendered import RenderedPage
from .tenders.models import Category, ProcurementMethod, Tender, TenderEvent

__all__ = [
    "AlertAddress", "AlertDelivery", "AlertMessage", "AlertRequest", "AlertSubscription",
    "ApiToken", "Bid", "BidStatus", "BulkFile", "Category", "CommitteeMember", "Counter", "Criterion",
    "Document", "DocumentContent", "Evaluation", "EvaluationMethod", "Expertise", "LedgerCheckpoint",
    "LedgerEntry", "LedgerNode", "Notice", "NoticeKind", "NoticeStatus", "Objection", "OversightFlag",
    "ProcurementMethod", "RenderedPage", "Role", "Score", "Tender", "TenderEvent", "User", "notice_documents",
]
