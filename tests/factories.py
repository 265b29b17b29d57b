"""Builders for test data, through the same commands the application uses."""

from datetime import timedelta
from decimal import Decimal

from tender_board.auth.models import Role
from tender_board.auth.operations import create_user, issue_token
from tender_board.bids.evaluation import opening_bids, record_evaluation
from tender_board.extensions import db
from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
from tender_board.tenders.operations import create_tender

PASSWORD = "correct horse battery"

BIDDERS = [(f"建设公司{i}", f"9111000010000{i:04d}X", "CN") for i in range(1, 7)]


def tender_data(**overrides) -> dict:
    data = {
        "category": "overseas",
        "title": {"zh": "驻越南大使馆办公楼维修工程", "en": "Embassy in Hanoi: chancery repair"},
        "description": {"zh": "外立面及屋面维修。", "en": "Facade and roof repair."},
        "country": "VN", "city": "Hanoi", "timezone": "Asia/Ho_Chi_Minh",
        "mission": {"zh": "驻越南大使馆", "en": "Embassy in Hanoi"},
        "procuring_entity": {"zh": "外交部行政司", "en": "MFA Department of Administration"},
        "agency": {"zh": "中咨招标代理", "en": "Zhongzi Tendering Agency"},
        "value": {"amount": "1000000.00", "currency": "CNY"},
    }
    data.update(overrides)
    return data


class Factory:
    def __init__(self, clock):
        self.clock = clock
        self.count = 0
        self._users = {}

    def user(self, role: Role | str = Role.MANAGER, email: str | None = None):
        self.count += 1
        role = Role(role)
        return create_user(email or f"{role.value}{self.count}@example.org",
                           f"{role.value.title()} {self.count}", role, PASSWORD)

    def default(self, role: Role | str):
        """One shared user per role, for tests that do not care who."""
        role = Role(role)
        if role not in self._users:
            self._users[role] = self.user(role)
        return self._users[role]

    def token(self, user) -> dict:
        return {"Authorization": f"Bearer {issue_token(user)}"}

    def tender(self, manager=None, **overrides):
        return create_tender(tender_data(**overrides), manager or self.default(Role.MANAGER))

    def announcement(self, days: float = 25, documents_days: float = 10) -> dict:
        now = self.clock()
        return {"kind": "announcement",
                "bid_deadline": (now + timedelta(days=days)).isoformat(),
                "documents_from": now.isoformat(),
                "documents_until": (now + timedelta(days=documents_days)).isoformat(),
                "opening_place": {"zh": "北京开标室"}, "contact": {"en": "Mr Zhang, +86 10 6500 0000"}}

    def publish(self, tender, data: dict, author=None, approver=None):
        author = author or tender.manager
        notice = draft_notice(tender, data, author)
        submit_notice(notice, author)
        return approve_notice(notice, approver or self.default(Role.APPROVER))

    def open_tender(self, days: float = 25, **overrides):
        tender = self.tender(**overrides)
        self.publish(tender, self.announcement(days=days))
        return tender

    def bids(self, tender, count: int = 3, **overrides) -> list[dict]:
        rows = []
        for i, (name, number, country) in enumerate(BIDDERS[:count]):
            rows.append({"bidder": {"name": name, "registration_number": number, "country": country},
                         "price": {"amount": str(Decimal(900000 + 10000 * i)), "currency": "CNY"},
                         "received_at": (tender.bid_deadline - timedelta(hours=5 + i)).isoformat(),
                         "status": "valid", **overrides})
        return rows

    def evaluating_tender(self, bids: int = 3, **overrides):
        tender = self.open_tender(**overrides)
        self.clock.at = tender.bid_deadline + timedelta(hours=1)
        self.publish(tender, {"kind": "opening", "bids": self.bids(tender, bids)})
        return tender

    def evaluation(self, tender, committee: int = 5, experts: int = 4):
        members = [{"name": f"专家{i}", "expertise": "technical" if i < experts else "representative"}
                   for i in range(committee)]
        valid = [b for b in tender_bids(tender)]
        scores = [{"bid": b.registration_number, "criterion": c, "value": str(w - i - c)}
                  for i, b in enumerate(valid) for c, w in enumerate((60, 40))]
        return record_evaluation(tender, {
            "method": "ratedCriteria", "committee": members,
            "criteria": [{"name": {"zh": "技术"}, "weight": "60"}, {"name": {"zh": "报价"}, "weight": "40"}],
            "scores": scores}, self.default(Role.EVALUATOR))

    def publicity_tender(self, bids: int = 3):
        tender = self.evaluating_tender(bids)
        evaluation = self.evaluation(tender)
        ranked = [b.registration_number for b in tender_bids(tender)][:3]
        self.publish(tender, {"kind": "candidates", "candidates": ranked},
                     author=self.default(Role.EVALUATOR))
        return tender, evaluation


def tender_bids(tender):
    return opening_bids(tender)


def count(model) -> int:
    return db.session.query(model).count()
