"""Demo tenders for the board-wide oversight indicators, each for a reason a reader can check on the
tender pages (all published through the real publishing path):

- TB05: the Ministry's Services Bureau awarded four tenders, three of them to the same bidder;
- R038: the Diplomatic Archives disqualified three of the four bids to its one tender, far more
  than any other procuring entity (five others each had three or more bids, few disqualified);
- R038B: 鼎信建设 bid five times and was disqualified each time (its bid security missing).
"""

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

from werkzeug.datastructures import FileStorage

from .auth.models import Role
from .bids.evaluation import opening_bids, ranking, record_evaluation
from .clock import clock_at
from .demo_pdf import tender_document
from .documents.storage import store_upload
from .notices.operations import approve_notice, draft_notice, submit_notice
from .tenders.operations import create_tender

SERVICES = {"zh": "外交部服务局", "en": "Ministry of Foreign Affairs Services Bureau"}
ARCHIVES = {"zh": "外交部档案馆", "en": "Diplomatic Archives of the Ministry of Foreign Affairs"}
OTHERS = [{"zh": "外交学院", "en": "China Foreign Affairs University"},
          {"zh": "中国人民外交学会", "en": "Chinese People's Institute of Foreign Affairs"},
          {"zh": "外交部机关服务中心", "en": "Ministry of Foreign Affairs Office Service Centre"}]

FAVOURITE = ("恒远建筑工程有限公司", "Hengyuan Construction Engineering Co., Ltd.", "91110000600067890F", "CN")
RIVALS = [("北辰城建集团有限公司", "Beichen Urban Construction Group Co., Ltd.", "91110000700078901G", "CN"),
          ("新华联合建设有限公司", "Xinhua United Construction Co., Ltd.", "91110000800089012H", "CN")]
UNLUCKY = ("鼎信建设工程有限公司", "Dingxin Construction Engineering Co., Ltd.", "91110000900090123J",
           "CN")  # its bid security never arrives
LATE_SECURITY = {"zh": "投标保证金未按时到账。", "en": "The bid security was not received in time."}
COMMITTEE = [("吴刚 Wu Gang", "technical"), ("郑洁 Zheng Jie", "technical"), ("钱峰 Qian Feng", "economic"),
             ("冯雪 Feng Xue", "economic"), ("韩冰 Han Bing", "representative")]

# (entity, city, Chinese title, English title, estimate in CNY)
AWARDED = [
    (SERVICES, "北京", "外交部服务局车库改造", "Services Bureau garage refurbishment", "1800000"),
    (SERVICES, "北京", "外交部服务局锅炉房更新", "Services Bureau boiler house renewal", "2600000"),
    (SERVICES, "北京", "外交部服务局公寓外墙维修", "Services Bureau flats facade repair", "3300000"),
    (SERVICES, "天津", "外交部服务局天津仓库维修", "Services Bureau Tianjin warehouse repair", "1500000"),
]
OPENED = [
    (OTHERS[0], "北京", "外交学院图书馆空调改造", "Foreign Affairs University library air conditioning", "2200000"),
    (OTHERS[1], "北京", "外交学会会议楼维修", "Institute of Foreign Affairs conference building repair", "1300000"),
    (OTHERS[2], "北京", "机关服务中心食堂厨房改造", "Office Service Centre kitchen refurbishment", "900000"),
]
ARCHIVE_STORE = (ARCHIVES, "北京", "外交部档案馆恒温恒湿库房改造",
                 "Diplomatic Archives climate-controlled store renewal", "4100000")
AGENCY = {"zh": "中咨招标代理有限公司", "en": "Zhongzi Tendering Agency Co., Ltd."}
QUALIFICATION = {"zh": "具有建筑工程施工总承包三级及以上资质。", "en": "General contracting licence grade 3 or above."}
OPENING_PLACE = {"zh": "北京市朝阳区外交部开标室", "en": "Bid opening room, Ministry of Foreign Affairs, Beijing"}




def _publish(tender, data: dict, author, approver, clock) -> None:
    notice = draft_notice(tender, data, author)
    submit_notice(notice, author)
    clock.advance(hours=2)
    approve_notice(notice, approver)


def _open_tender(row, manager, approver, clock):
    entity, city, title_zh, title_en, amount = row
    tender = create_tender({
        "category": "domestic", "title": {"zh": title_zh, "en": title_en},
        "description": {"zh": f"{title_zh}，含土建及安装工程。", "en": f"{title_en}: civil and installation works."},
        "procuring_entity": entity, "agency": AGENCY, "qualification": QUALIFICATION,
        "procurement_method": "open", "country": "CN", "city": city, "timezone": "Asia/Shanghai",
        "value": {"amount": amount, "currency": "CNY"}}, manager)
    start = clock.at
    deadline = (start + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    pdf = tender_document(title_en, title_zh, tender.reference, ("招标文件", "Tender documents"))
    document = store_upload(tender, FileStorage(BytesIO(pdf), filename=f"{tender.reference}-tender-documents.pdf",
                                                content_type="application/pdf"), manager)
    _publish(tender, {
        "kind": "announcement", "documents": [document.id], "bid_deadline": deadline.isoformat(),
        "bid_security": str((tender.value_amount / 100).quantize(Decimal(1))),
        "submission": {"zh": "投标文件密封，于投标截止时间前送达开标地点；逾期送达的不予受理。",
                       "en": "Sealed bids, delivered to the opening place before the deadline; late bids are refused."},
        "documents_from": start.isoformat(), "documents_until": (start + timedelta(days=8)).isoformat(),
        "opening_place": OPENING_PLACE,
        "contact": {"zh": "中咨招标代理有限公司 赵工 010-6500 0002", "en": "Zhongzi Tendering Agency, Mr Zhao"},
        "body": {"zh": "现就本项目进行公开招标。", "en": "Qualified bidders are invited to bid."}},
        manager, approver, clock)
    return tender


def _bid(bidder: tuple, share: str, tender, disqualified: bool = False) -> dict:
    name, name_en, number, country = bidder
    price = (tender.value_amount * Decimal(share)).quantize(Decimal("0.01"))
    return {"bidder": {"name": name, "name_en": name_en, "registration_number": number, "country": country},
            "price": {"amount": str(price), "currency": "CNY"},
            "received_at": (tender.bid_deadline - timedelta(hours=20)).isoformat(), "security": None,
            "status": "disqualified" if disqualified else "valid",
            "reason": LATE_SECURITY if disqualified else None}


def _opening(tender, bids: list[dict], manager, approver, clock) -> None:
    clock.at = tender.bid_deadline + timedelta(hours=1)
    _publish(tender, {"kind": "opening", "bids": bids}, manager, approver, clock)


def award_lowest_price(tender, people: dict, clock) -> None:
    """Lowest evaluated price wins; the candidates' objection window passes before the result."""
    manager, approver, evaluator = people[Role.MANAGER], people[Role.APPROVER], people[Role.EVALUATOR]
    clock.advance(days=1)
    evaluation = record_evaluation(tender, {"method": "priceOnly", "committee": [
        {"name": n, "expertise": e} for n, e in COMMITTEE]}, evaluator)
    order = [r.bid.registration_number for r in ranking(evaluation, opening_bids(tender))][:3]
    clock.advance(hours=20)
    _publish(tender, {"kind": "candidates", "candidates": order}, evaluator, approver, clock)
    clock.advance(days=3, hours=2)
    _publish(tender, {"kind": "result", "winner": order[0]}, manager, approver, clock)


def load(people: dict, real_now: datetime) -> None:
    """The tenders above, published between 150 and 40 days ago."""
    manager, approver = people[Role.MANAGER], people[Role.APPROVER]
    for index, row in enumerate(AWARDED):
        with clock_at(real_now - timedelta(days=150 - 12 * index)) as clock:
            tender = _open_tender(row, manager, approver, clock)
            favourite = "0.930" if index != 3 else "0.960"  # the fourth goes to a rival
            _opening(tender, [_bid(FAVOURITE, favourite, tender), _bid(RIVALS[0], "0.950", tender),
                              _bid(RIVALS[1], "0.990", tender), _bid(UNLUCKY, "0.900", tender, True)],
                     manager, approver, clock)
            award_lowest_price(tender, people, clock)
    for index, row in enumerate(OPENED):
        with clock_at(real_now - timedelta(days=90 - 5 * index)) as clock:
            tender = _open_tender(row, manager, approver, clock)
            _opening(tender, [_bid(FAVOURITE, "0.940", tender), _bid(RIVALS[0], "0.970", tender),
                              _bid(RIVALS[1], "0.985", tender)], manager, approver, clock)
    with clock_at(real_now - timedelta(days=70)) as clock:
        tender = _open_tender(ARCHIVE_STORE, manager, approver, clock)
        _opening(tender, [_bid(FAVOURITE, "0.955", tender, True), _bid(RIVALS[0], "0.940", tender),
                          _bid(RIVALS[1], "0.965", tender, True), _bid(UNLUCKY, "0.910", tender, True)],
                 manager, approver, clock)
