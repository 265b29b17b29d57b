"""Builders of test data, through the same commands the application uses: users, tenders at every
stage of their life, evaluations (one builder, `evaluation_body`), and two small worlds: a public
catalogue of tenders and published notices of every kind. (tests/clients.py drives and reads the
app as a browser, a feed reader or an API client does.)"""

from datetime import timedelta
from decimal import Decimal

from tender_board.auth.models import Role
from tender_board.auth.operations import create_user, issue_token
from tender_board.bids.evaluation import opening_bids, record_evaluation
from tender_board.extensions import db
from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
from tender_board.tenders.operations import create_tender

PASSWORD = "correct horse battery"

# The catalogue (Factory.catalogue): a few tenders for the public site's tests.
#
# closed   DE  驻法兰克福总领事馆消防系统升级 / Frankfurt fire protection upgrade      published day 0, deadline passed
# hanoi    VN  驻越南大使馆办公楼维修工程 / Embassy in Hanoi: chancery repair          open, 1,000,000 CNY, amended
# beijing  CN  外交部东区办公楼节能改造工程 / Ministry east building energy retrofit   open, 46,800,000 CNY, domestic
# nairobi  KE  驻肯尼亚大使馆污水处理设施 / Embassy in Nairobi: wastewater plant      cancelled, 450,000 USD
# sandbox  VN  沙盒练习项目 / Sandbox practice works                               sandbox, open
TITLES = {
    "closed": {"zh": "驻法兰克福总领事馆消防系统升级", "en": "Consulate-General in Frankfurt: fire protection upgrade"},
    "hanoi": {"zh": "驻越南大使馆办公楼维修工程", "en": "Embassy in Hanoi: chancery repair"},
    "beijing": {"zh": "外交部东区办公楼节能改造工程", "en": "Ministry east building energy retrofit"},
    "nairobi": {"zh": "驻肯尼亚大使馆污水处理设施", "en": "Embassy in Nairobi: wastewater plant"},
    "sandbox": {"zh": "沙盒练习项目", "en": "Sandbox practice works"},
}

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

    def submitted(self, tender, data: dict, author=None):
        """A notice drafted and submitted for approval."""
        author = author or tender.manager
        notice = draft_notice(tender, data, author)
        submit_notice(notice, author)
        return notice

    def publish(self, tender, data: dict, author=None, approver=None):
        return approve_notice(self.submitted(tender, data, author), approver or self.default(Role.APPROVER))

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

    def after_deadline(self, tender, hours: float = 1) -> None:
        self.clock.at = tender.bid_deadline + timedelta(hours=hours)

    def evaluating_tender(self, bids: int = 3, **overrides):
        tender = self.open_tender(**overrides)
        self.after_deadline(tender)
        self.publish(tender, {"kind": "opening", "bids": self.bids(tender, bids)})
        return tender

    def evaluation(self, tender, committee_size: int = 5, experts: int = 4):
        return record_evaluation(tender, evaluation_body(tender, committee=committee(committee_size, experts)),
                                 self.default(Role.EVALUATOR))

    def publicity_tender(self, bids: int = 3):
        tender = self.evaluating_tender(bids)
        evaluation = self.evaluation(tender)
        ranked = [b.registration_number for b in tender_bids(tender)][:3]
        self.publish(tender, {"kind": "candidates", "candidates": ranked},
                     author=self.default(Role.EVALUATOR))
        return tender, evaluation

    # --- small worlds ----------------------------------------------------------------------------

    def catalogue(self) -> dict:
        """Publish the catalogue described above TITLES; returns {name: reference}. The clock ends
        21 days on."""
        closed = self.open_tender(days=20, title=TITLES["closed"], country="DE", city="Frankfurt",
                                  timezone="Europe/Berlin",
                                  description={"zh": "消防喷淋及报警系统升级。", "en": "Sprinklers and alarms."})
        self.clock.advance(days=21)
        hanoi = self.open_tender(days=30, title=TITLES["hanoi"])
        self.publish(hanoi, {"kind": "amendment", "changes": {"description": {
            "zh": "外立面及屋面维修，另含无障碍坡道。", "en": "Facade and roof repair, with an accessible ramp."}},
            "rationale": {"zh": "业主补充需求。", "en": "The owner added a requirement."}})
        self.clock.advance(hours=1)
        beijing = self.open_tender(
            days=40, title=TITLES["beijing"], category="domestic", country="CN", city="Beijing",
            timezone="Asia/Shanghai", mission=None, value={"amount": "46800000.00", "currency": "CNY"},
            description={"zh": "外墙保温及照明节能改造。", "en": "Insulation and lighting energy retrofit."})
        self.clock.advance(hours=1)
        nairobi = self.open_tender(days=25, title=TITLES["nairobi"], country="KE", city="Nairobi",
                                   timezone="Africa/Nairobi", value={"amount": "450000.00", "currency": "USD"},
                                   description={"zh": "污水处理设施建设。", "en": "A wastewater treatment plant."})
        self.publish(nairobi, {"kind": "termination",
                               "reason": {"zh": "项目预算调整，终止招标。", "en": "Budget withdrawn; tender ended."}})
        sandbox = self.open_tender(days=25, title=TITLES["sandbox"], sandbox=True)
        db.session.commit()
        return {name: tender.reference for name, tender in
                (("closed", closed), ("hanoi", hanoi), ("beijing", beijing), ("nairobi", nairobi),
                 ("sandbox", sandbox))}

    def more_tenders(self, count: int) -> None:
        """`count` further open tenders, published an hour apart."""
        for i in range(count):
            self.clock.advance(hours=1)
            self.open_tender(title={"zh": f"附加维修项目{i}", "en": f"Further repair works {i}"})
        self.clock.advance(hours=1)
        db.session.commit()

    def every_kind(self) -> dict:
        """Published tenders whose notices, together, are of all eight kinds."""
        awarded, _evaluation = self.publicity_tender()  # announcement, opening, candidates
        candidates = next(n for n in awarded.notices if n.kind.value == "candidates")
        self.clock.advance(days=4)  # the objection window has passed
        self.publish(awarded, {"kind": "result", "winner": candidates.payload["candidates"][0]})
        self.publish(awarded, {"kind": "contract", "signed_at": self.clock().isoformat(),
                               "value": {"amount": "950000.00", "currency": "CNY"}})
        amended = self.open_tender(country="KE", city="Nairobi", timezone="Africa/Nairobi",
                                   title={"zh": "驻肯尼亚使馆围墙工程", "en": "Embassy in Nairobi: perimeter wall"})
        self.publish(amended, {"kind": "amendment",
                               "changes": {"bid_deadline": (amended.bid_deadline + timedelta(days=5)).isoformat()},
                               "rationale": {"zh": "应投标人要求延期。", "en": "Extended at bidders' request."}})
        cancelled = self.open_tender(category="domestic", country="CN", city="Beijing", timezone="Asia/Shanghai",
                                     title={"zh": "北京办公楼改造工程", "en": "Beijing office refurbishment"})
        self.publish(cancelled, {"kind": "termination", "reason": {"zh": "项目取消。", "en": "Project cancelled."}})
        failed = self.open_tender(title={"zh": "驻越南使馆官邸维修", "en": "Hanoi residence repair"})
        self.after_deadline(failed)
        self.publish(failed, {"kind": "failure", "reason_code": "fewer_bids",
                              "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})
        db.session.commit()
        return {"awarded": awarded, "amended": amended, "cancelled": cancelled, "failed": failed}


def tender_bids(tender):
    return opening_bids(tender)


def committee(size: int = 5, experts: int = 4) -> list[dict]:
    return [{"name": f"评委{chr(0x7532 + i)}{chr(0x4e00 + i)}",
             "expertise": ("technical", "economic")[i % 2] if i < experts else "representative"}
            for i in range(size)]


def evaluation_body(tender, scores: dict | None = None, **overrides) -> dict:
    """A valid rated-criteria evaluation, as the API takes it; `scores` maps registration number →
    (technical, price). The staff form's fields are made from it too (clients.evaluation_form)."""
    bids = [b for b in tender_bids(tender) if b.status.value == "valid"]
    scores = scores or {b.registration_number: (50 - i, 40 - i) for i, b in enumerate(bids)}
    body = {"method": "ratedCriteria", "committee": committee(),
            "criteria": [{"name": {"zh": "技术", "en": "Technical"}, "weight": "60"},
                         {"name": {"zh": "报价", "en": "Price"}, "weight": "40"}],
            "scores": [{"bid": number, "criterion": c, "value": str(value)}
                       for number, values in scores.items() for c, value in enumerate(values)]}
    body.update(overrides)
    return body


def count(model) -> int:
    return db.session.query(model).count()
