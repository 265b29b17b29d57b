"""The demo data set: realistic tenders in every status, built through the same commands that
people use, with the clock set back so that every date is lawful and in the past."""

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

from flask import current_app
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from . import demo_oversight
from .auth.models import Role
from .auth.operations import create_user, find_user
from .bids.evaluation import opening_bids, ranking, record_evaluation
from .clock import clock_at
from .clock import now as clock_now
from .demo_pdf import tender_document
from .documents.storage import store_upload
from .extensions import db
from .notices.operations import approve_notice, draft_notice, submit_notice
from .oversight.compute import refresh as refresh_flags
from .tenders.lifecycle import Status
from .tenders.models import Tender
from .tenders.operations import create_tender, retender

DEMO_PASSWORD = "demo-password"  # demo accounts only; README says so
USERS = [
    ("manager@demo.tenderboard.example", "王建国 Wang Jianguo", Role.MANAGER),
    ("manager2@demo.tenderboard.example", "李敏 Li Min", Role.MANAGER),
    ("approver@demo.tenderboard.example", "陈静 Chen Jing", Role.APPROVER),
    ("evaluator@demo.tenderboard.example", "中咨招标代理 Zhongzi Tendering Agency", Role.EVALUATOR),
    ("admin@demo.tenderboard.example", "系统管理员 Administrator", Role.ADMIN),
]

MISSIONS = {
    "VN": ("Hanoi", "Asia/Ho_Chi_Minh", "驻越南大使馆", "Embassy in Hanoi", "USD"),
    "KE": ("Nairobi", "Africa/Nairobi", "驻肯尼亚大使馆", "Embassy in Nairobi", "USD"),
    "BR": ("Brasília", "America/Sao_Paulo", "驻巴西大使馆", "Embassy in Brasília", "USD"),
    "DE": ("Frankfurt", "Europe/Berlin", "驻法兰克福总领事馆", "Consulate-General in Frankfurt", "EUR"),
    "EG": ("Cairo", "Africa/Cairo", "驻埃及大使馆", "Embassy in Cairo", "USD"),
    "NZ": ("Auckland", "Pacific/Auckland", "驻奥克兰总领事馆", "Consulate-General in Auckland", "NZD"),
    "KZ": ("Astana", "Asia/Almaty", "驻哈萨克斯坦大使馆", "Embassy in Astana", "USD"),
    "AR": ("Buenos Aires", "America/Argentina/Buenos_Aires", "驻阿根廷大使馆", "Embassy in Buenos Aires", "USD"),
}

# (category, country or city, Chinese title, English title, amount, target status)
TENDERS = [
    ("overseas", "VN", "驻越南大使馆办公楼外立面维修工程", "Embassy in Hanoi: chancery facade repair", "2850000", "open"),
    ("overseas", "KE", "驻肯尼亚大使馆新馆舍建设工程", "Embassy in Nairobi: new chancery construction", "18600000", "open"),
    ("overseas", "BR", "驻巴西大使馆官邸屋面防水改造", "Embassy in Brasília: residence roof waterproofing", "640000", "open"),
    ("overseas", "DE", "驻法兰克福总领事馆消防系统升级", "Consulate-General in Frankfurt: fire protection upgrade", "1250000", "closed"),
    ("overseas", "EG", "驻埃及大使馆安防围墙及门卫室建设", "Embassy in Cairo: perimeter wall and gatehouse", "980000", "evaluating"),
    ("overseas", "NZ", "驻奥克兰总领事馆抗震加固工程", "Consulate-General in Auckland: seismic strengthening", "3400000", "publicity"),
    ("overseas", "KZ", "驻哈萨克斯坦大使馆供暖管网改造", "Embassy in Astana: heating network renewal", "2100000", "awarded"),
    ("overseas", "AR", "驻阿根廷大使馆职工宿舍维修", "Embassy in Buenos Aires: staff housing repair", "720000", "contracted"),
    ("overseas", "VN", "驻越南大使馆文化中心装修工程", "Embassy in Hanoi: cultural centre fit-out", "5600000", "cancelled"),
    ("overseas", "KE", "驻肯尼亚大使馆污水处理设施", "Embassy in Nairobi: wastewater treatment plant", "450000", "failed"),
    ("overseas", "BR", "驻巴西大使馆停车场及道路维修", None, "380000", "draft"),
    ("overseas", "EG", "驻埃及大使馆电力增容工程", "Embassy in Cairo: power supply upgrade", "860000", "in_approval"),
    ("overseas", "DE", "驻法兰克福总领事馆签证大厅改造", "Consulate-General in Frankfurt: visa hall refurbishment", "1900000", "contracted"),
    ("domestic", "北京", "外交部东区办公楼节能改造工程", "Ministry east building energy retrofit, Beijing", "46800000", "open"),
    ("domestic", "上海", "上海外事服务中心维修改造", "Shanghai foreign affairs service centre renovation", "12300000", "open"),
    ("domestic", "成都", "成都领事培训基地宿舍楼建设", "Chengdu consular training base: dormitory", "28900000", "closed"),
    ("domestic", "西安", "西安外事接待中心屋面维修", "Xi'an reception centre roof repair", "3200000", "evaluating"),
    ("domestic", "武汉", "武汉档案馆库房扩建工程", "Wuhan archive store extension", "15400000", "publicity"),
    ("domestic", "广州", "广州签证中心消防改造", "Guangzhou visa centre fire safety works", "2750000", "awarded"),
    ("domestic", "昆明", "昆明外事学院教学楼维修", "Kunming foreign affairs college: teaching block repair", "6100000", "contracted"),
    ("domestic", "北京", "外交部南区地下管网改造", "Ministry south campus underground utilities", "9800000", "cancelled"),
    ("domestic", "哈尔滨", "哈尔滨外事办公楼供暖改造", "Harbin foreign affairs office heating retrofit", "4300000", "failed"),
    ("domestic", "上海", "上海外事服务中心电梯更新", "Shanghai service centre lift replacement", "1850000", "draft"),
    ("domestic", "成都", "成都领事培训基地道路维修", "Chengdu training base road repair", "920000", "in_approval"),
    ("domestic", "北京", "外交部北区食堂改造工程", "Ministry north canteen refurbishment", "3650000", "open"),
]

# (registered name, English name, registration number, country); the last has no English name,
# as many bidders do not, so the pages show its Chinese name marked as Chinese.
BIDDERS = [
    ("华夏建设集团有限公司", "Huaxia Construction Group Co., Ltd.", "91110000100012345A", "CN"),
    ("中海远洋建筑工程有限公司", "China Ocean Building Engineering Co., Ltd.", "91310000200023456B", "CN"),
    ("长城国际工程有限公司", "Great Wall International Engineering Co., Ltd.", "91110000300034567C", "CN"),
    ("江南建工集团股份有限公司", "Jiangnan Construction Group Co., Ltd.", "91320000400045678D", "CN"),
    ("蓝海基础设施有限公司", None, "91440000500056789E", "CN"),
]

CRITERIA = [({"zh": "投标报价", "en": "Price"}, "40"),
            ({"zh": "技术方案", "en": "Technical proposal"}, "40"),
            ({"zh": "企业业绩与信誉", "en": "Track record"}, "20")]

COMMITTEE = [("张伟 Zhang Wei", "technical"), ("刘洋 Liu Yang", "technical"),
             ("赵磊 Zhao Lei", "economic"), ("孙丽 Sun Li", "economic"),
             ("周强 Zhou Qiang", "representative")]




def load(echo: Callable[[str], None] = print) -> bool:
    """Load the demo set once; False if it is already there."""
    if find_user(USERS[0][0]) is not None:
        return False
    real_now = clock_now()
    start = real_now - timedelta(days=400)
    with clock_at(start):
        people: dict = {}
        for email, name, role in USERS:  # the first user of each role; both managers own tenders
            people.setdefault(role, create_user(email, name, role, DEMO_PASSWORD))
        people["manager2"] = find_user(USERS[1][0])
    for index, row in enumerate(TENDERS):
        walk(row, index, people, real_now)
    oversight_examples(people, real_now)
    demo_oversight.load(people, real_now)
    echo(f"{db.session.scalar(select(func.count()).select_from(Tender))} tenders and their notices")
    if current_app.config.get("PUBLIC_URL"):  # the releases' links need the public address
        judged, raised = refresh_flags(real_now)
        echo(f"{judged} tenders judged, {raised} oversight flags raised")
    else:
        echo("set PUBLIC_URL and run `flask oversight refresh` for the board-wide oversight flags")
    return True


def tender_data(row, index: int) -> dict:
    category, place, title_zh, title_en, amount, _target = row
    title = {"zh": title_zh, **({"en": title_en} if title_en else {})}
    data = {
        "category": category, "title": title,
        "description": {"zh": f"{title_zh}。本项目包括施工图范围内的全部土建、安装及相关配套工程。",
                        **({"en": f"{title_en}. All civil, installation and related works "
                                  "within the scope of the drawings."} if title_en else {})},
        "procuring_entity": {"zh": "外交部行政司", "en": "Ministry of Foreign Affairs, Department of Administration"},
        "agency": {"zh": "中咨招标代理有限公司", "en": "Zhongzi Tendering Agency Co., Ltd."},
        "qualification": {"zh": "具有建筑工程施工总承包二级及以上资质，近五年有类似工程业绩。",
                          "en": "General contracting licence grade 2 or above; similar works in "
                                "the last five years."},
        "procurement_method": "selective" if index % 7 == 3 else "open",
    }
    if category == "overseas":
        city, zone, mission_zh, mission_en, currency = MISSIONS[place]
        data.update(country=place, city=city, timezone=zone, rule_profile="overseas",
                    mission={"zh": mission_zh, "en": mission_en},
                    value={"amount": amount, "currency": currency})
    else:
        data.update(country="CN", city=place, timezone="Asia/Shanghai",
                    value={"amount": amount, "currency": "CNY"})
    return data


# How far back each target status starts, in days before now.
START_DAYS = {"draft": 3, "in_approval": 4, "open": 6, "closed": 40, "evaluating": 32,
              "publicity": 33, "awarded": 45, "contracted": 70, "cancelled": 12, "failed": 40}


def walk(row, index: int, people: dict, real_now: datetime) -> None:
    """Create one tender and carry it through the notices its target status needs."""
    target = Status(row[-1])
    manager = people[Role.MANAGER] if index % 3 else people["manager2"]
    approver = people[Role.APPROVER]
    t0 = real_now - timedelta(days=START_DAYS[target.value] + index % 3, hours=index)
    with clock_at(t0) as clock:
        tender = create_tender(tender_data(row, index), manager)
        if target == Status.DRAFT:
            return
        announcement = draft_notice(tender, announcement_data(t0, index, tender, manager), manager)
        submit_notice(announcement, manager)
        if target == Status.IN_APPROVAL:
            return
        clock.advance(hours=3)
        approve_notice(announcement, approver)
        if target == Status.OPEN:
            if index % 2 == 0:
                amend(tender, manager, approver, clock, move_deadline=index % 4 == 0)
            return
        if target == Status.CANCELLED:
            clock.advance(days=4)
            publish(tender, {"kind": "termination", "reason": {
                "zh": "因馆舍规划调整，项目终止。",
                "en": "Terminated: the site plan has changed."}}, manager, approver, clock)
            return
        if target == Status.CLOSED and index % 2:
            amend(tender, manager, approver, clock, move_deadline=True)
        clock.at = tender.bid_deadline + timedelta(hours=1)
        if target == Status.CLOSED:
            return
        if target == Status.FAILED:
            fail(tender, manager, approver, clock, people)
            return
        publish(tender, {"kind": "opening", "bids": bids(tender, index)}, manager, approver, clock)
        if target == Status.EVALUATING:
            return
        evaluate_and_award(tender, target, index, people, clock)


DOCUMENTS = ("招标文件", "Tender documents")


def documents_for(tender, manager) -> list[int]:
    """The tender documents (招标文件) as a bidder downloads them: a small PDF naming the tender,
    uploaded as the manager uploads a file, so it shows its size and SHA-256 once published."""
    pdf = tender_document(tender.title.get("en", ""), tender.title["zh"], tender.reference, DOCUMENTS)
    upload = FileStorage(BytesIO(pdf), filename=f"{tender.reference}-tender-documents.pdf",
                         content_type="application/pdf")
    return [store_upload(tender, upload, manager).id]


def announcement_data(t0: datetime, index: int, tender, manager=None) -> dict:
    """Every term a bidder needs; the bid security 1% of the estimated value (the limit is 2%).
    With the manager, the tender documents too (uploaded by them); without, none (the synthetic
    board's prototypes, whose copies do not copy files)."""
    deadline = (t0 + timedelta(days=21 + index % 4)).replace(minute=0, second=0, microsecond=0)
    return {
        "kind": "announcement",
        "documents": documents_for(tender, manager) if manager is not None else [],
        "bid_deadline": deadline.isoformat(),
        "documents_from": t0.isoformat(),
        "documents_until": (t0 + timedelta(days=8)).isoformat(),
        "opening_place": {"zh": "北京市朝阳区外交部开标室（同时网上公开）",
                          "en": "Bid opening room, Ministry of Foreign Affairs, Beijing (also online)"},
        "contact": {"zh": "中咨招标代理有限公司 张工 010-6500 0000",
                    "en": "Zhongzi Tendering Agency, Mr Zhang, +86 10 6500 0000"},
        "body": {"zh": "现就本项目进行公开招标，欢迎符合条件的投标人参加投标。",
                 "en": "Qualified bidders are invited to bid for this project."},
        "bid_security": str((tender.value_amount / 100).quantize(Decimal(1))),
        "submission": {"zh": "投标文件一式五份密封，于投标截止时间前送达开标地点；逾期送达的不予受理。",
                       "en": "Five sealed copies of the bid, delivered to the opening place before the bid "
                             "deadline; late bids are refused."},
    }


def publish(tender, data: dict, author, approver, clock, approve_after=timedelta(hours=2)):
    notice = draft_notice(tender, data, author)
    submit_notice(notice, author)
    clock.advance(seconds=approve_after.total_seconds())
    return approve_notice(notice, approver)


def amend(tender, manager, approver, clock, move_deadline: bool) -> None:
    clock.advance(days=3)
    changes = {"contact": {"zh": "中咨招标代理有限公司 李工 010-6500 0001",
                           "en": "Zhongzi Tendering Agency, Ms Li, +86 10 6500 0001"}}
    rationale = {"zh": "更换项目联系人。", "en": "New contact person."}
    if move_deadline:
        description = {"zh": tender.description["zh"] + "（补充：增加无障碍设施改造。）"}
        if "en" in tender.description:  # the same facts in both languages
            description["en"] = tender.description["en"] + " (Added: accessibility works.)"
        changes = {"bid_deadline": (tender.bid_deadline + timedelta(days=7)).isoformat(),
                   "description": description}
        rationale = {"zh": "增加无障碍设施改造内容，相应顺延投标截止时间。",
                     "en": "Accessibility works added; the bid deadline moves accordingly."}
    publish(tender, {"kind": "amendment", "changes": changes, "rationale": rationale},
            manager, approver, clock)


def bids(tender, index: int, count: int = 4) -> list[dict]:
    rows = []
    base = tender.value_amount
    for i, bidder in enumerate(BIDDERS[:count]):
        price = (base * Decimal(92 + (i * 7 + index) % 9) / 100).quantize(Decimal("0.01"))
        rows.append({
            "bidder": _bidder(bidder),
            "price": {"amount": str(price), "currency": tender.value_currency},
            "received_at": (tender.bid_deadline - timedelta(hours=30 - i * 5)).isoformat(),
            "security": {"amount": str((base * Decimal("0.01")).quantize(Decimal("0.01"))),
                         "currency": tender.value_currency},
            "status": "disqualified" if i == 3 else "valid",
            "reason": {"zh": "投标保证金未按时到账。", "en": "The bid security was not received in time."}
            if i == 3 else None,
        })
    return rows


def fail(tender, manager, approver, clock, people) -> None:
    publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "reason": {
        "zh": "投标截止时仅收到 2 份投标，不足 3 家，依法流标。",
        "en": "Only 2 bids arrived by the deadline, fewer than 3: the tender failed."}},
        manager, approver, clock)
    if tender.category.value == "overseas":
        clock.advance(days=2)
        again = retender(tender, manager)
        announcement = draft_notice(again, announcement_data(clock.at, 1, again, manager), manager)
        submit_notice(announcement, manager)
        clock.advance(hours=2)
        approve_notice(announcement, approver)


def evaluate_and_award(tender, target: Status, index: int, people, clock) -> None:
    evaluator, manager, approver = people[Role.EVALUATOR], tender.manager, people[Role.APPROVER]
    clock.advance(days=1)
    valid = [b for b in bids(tender, index) if b["status"] == "valid"]
    scores = [{"bid": b["bidder"]["registration_number"], "criterion": c,
               "value": str(Decimal(weight) * Decimal(90 - 6 * ((i + c + index) % 4)) / 100)}
              for i, b in enumerate(valid) for c, (_name, weight) in enumerate(CRITERIA)]
    evaluation = record_evaluation(tender, {
        "method": "ratedCriteria",
        "committee": [{"name": n, "expertise": e} for n, e in COMMITTEE],
        "criteria": [{"name": n, "weight": w} for n, w in CRITERIA],
        "scores": scores}, evaluator)
    order = [r.bid.registration_number for r in ranking(evaluation, opening_bids(tender))][:3]
    clock.advance(hours=20)
    publish(tender, {"kind": "candidates", "candidates": order}, evaluator, approver, clock)
    if target == Status.PUBLICITY:
        return
    clock.advance(days=3, hours=2)
    publish(tender, {"kind": "result", "winner": order[0]}, manager, approver, clock)
    if target == Status.AWARDED:
        return
    late = index % 2 == 0 and tender.category.value == "overseas"
    clock.advance(days=34 if late else 12)
    winner_price = next(b for b in bids(tender, index) if b["bidder"]["registration_number"] == order[0])
    publish(tender, {"kind": "contract", "signed_at": (clock.at - timedelta(hours=4)).isoformat(),
                     "value": winner_price["price"]}, manager, approver, clock)


# --- tenders where oversight indicators fire, for a reason the tender page shows -----------------

def _bidder(bidder: tuple) -> dict:
    name, name_en, number, country = bidder
    return {"name": name, **({"name_en": name_en} if name_en else {}),
            "registration_number": number, "country": country}


def _bid(bidder: tuple, price: str, currency: str, received) -> dict:
    return {"bidder": _bidder(bidder),
            "price": {"amount": price, "currency": currency}, "received_at": received.isoformat(),
            "security": None, "status": "valid", "reason": None}


def oversight_examples(people: dict, real_now: datetime) -> None:
    """Two tenders a watcher would ask about: in Cairo the winning price is 99.5% of the estimate,
    the next bid only 0.4% above it and two bids identical (TB01, R024, R028); in Beijing an
    amendment came with 10 days left, and a single bid arrived (TB03, R018)."""
    manager, approver = people[Role.MANAGER], people[Role.APPROVER]
    row = ("overseas", "EG", "驻埃及大使馆发电机房改造", "Embassy in Cairo: generator room renewal", "1000000", "awarded")
    t0 = real_now - timedelta(days=60)
    with clock_at(t0) as clock:
        tender = create_tender(tender_data(row, 1), manager)
        publish(tender, announcement_data(t0, 4, tender, manager), manager, approver, clock)
        received = tender.bid_deadline - timedelta(hours=6)
        offers = [(BIDDERS[0], "995000.00"), (BIDDERS[1], "999000.00"), (BIDDERS[2], "1040000.00"),
                  (BIDDERS[3], "1040000.00")]
        clock.at = tender.bid_deadline + timedelta(hours=1)
        publish(tender, {"kind": "opening", "bids": [_bid(b, p, "USD", received) for b, p in offers]},
                manager, approver, clock)
        demo_oversight.award_lowest_price(tender, people, clock)
    row = ("domestic", "北京", "外交部西区配电房改造", "Ministry west campus switch room renewal", "2400000", "failed")
    t0 = real_now - timedelta(days=50)
    with clock_at(t0) as clock:
        tender = create_tender(tender_data(row, 2), manager)
        publish(tender, announcement_data(t0, 4, tender, manager), manager, approver, clock)
        clock.at = tender.bid_deadline - timedelta(days=10)
        publish(tender, {"kind": "amendment", "changes": {"bid_deadline": (tender.bid_deadline + timedelta(days=8))
                                                          .isoformat()},
                         "rationale": {"zh": "设备选型调整，顺延投标截止时间。",
                                       "en": "The equipment changed; the bid deadline moves."}},
                manager, approver, clock)
        received = tender.bid_deadline - timedelta(hours=3)
        clock.at = tender.bid_deadline + timedelta(hours=1)
        publish(tender, {"kind": "failure", "reason_code": "fewer_bids",
                         "bids": [_bid(BIDDERS[4], "2350000.00", "CNY", received)],
                         "reason": {"zh": "投标截止时仅收到 1 份投标，依法流标。",
                                    "en": "Only 1 bid arrived by the deadline: the tender failed."}},
                manager, approver, clock)
