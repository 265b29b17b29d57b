"""Prototype tenders (样板项目), built through the same commands people use: every kind of life a
tender has on the board, in each place. The bulk loader copies their rows (synthetic.clone), so
what it writes is what the real publish path wrote."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from ..bids.evaluation import opening_bids, ranking, record_evaluation
from ..clock import clock_at
from ..demo import COMMITTEE, CRITERIA, announcement_data, publish
from ..notices.operations import approve_notice, draft_notice, submit_notice
from ..tenders.operations import create_tender, retender

# (country, city in Chinese, city in English, time zone, mission in Chinese, mission in English)
PLACES = [("CN", "北京", "Beijing", "Asia/Shanghai", None, None),
          ("CN", "上海", "Shanghai", "Asia/Shanghai", None, None),
          ("CN", "成都", "Chengdu", "Asia/Shanghai", None, None),
          ("CN", "广州", "Guangzhou", "Asia/Shanghai", None, None),
          ("VN", "河内", "Hanoi", "Asia/Ho_Chi_Minh", "驻越南大使馆", "Embassy in Hanoi"),
          ("KE", "内罗毕", "Nairobi", "Africa/Nairobi", "驻肯尼亚大使馆", "Embassy in Nairobi"),
          ("DE", "柏林", "Berlin", "Europe/Berlin", "驻德国大使馆", "Embassy in Berlin"),
          ("BR", "巴西利亚", "Brasília", "America/Sao_Paulo", "驻巴西大使馆", "Embassy in Brasília"),
          ("EG", "开罗", "Cairo", "Africa/Cairo", "驻埃及大使馆", "Embassy in Cairo"),
          ("TH", "曼谷", "Bangkok", "Asia/Bangkok", "驻泰国大使馆", "Embassy in Bangkok")]
FACILITIES = [("办公楼", "office building"), ("官邸", "residence"), ("宿舍楼", "staff housing"),
              ("签证大厅", "visa hall"), ("档案库房", "archive store"), ("食堂", "canteen"),
              ("围墙及门卫室", "perimeter wall"), ("地下管网", "underground utilities")]
WORKS = [("维修工程", "repair"), ("改造工程", "refurbishment"), ("新建工程", "construction"),
         ("消防升级", "fire safety upgrade"), ("节能改造", "energy retrofit"),
         ("防水维修", "waterproofing repair"), ("抗震加固", "seismic strengthening")]
# Bidders: no name is part of another, so that a copy can swap them for others (clone.Move).
COMPANIES = [
    ("华夏建设集团有限公司", "Huaxia Construction Group"),
    ("中海远洋建筑工程有限公司", "Zhonghai Ocean Engineering"),
    ("长城国际工程有限公司", "Great Wall International Engineering"),
    ("江南建工集团股份有限公司", "Jiangnan Construction"),
    ("蓝海基础设施有限公司", "Blue Sea Infrastructure"),
    ("北方路桥建设有限公司", "Northern Road and Bridge"),
    ("东方幕墙装饰工程有限公司", "Orient Facade Works"),
    ("西部安装工程有限公司", "Western Installation"),
    ("天元消防科技有限公司", "Tianyuan Fire Technology"),
    ("恒信机电设备有限公司", "Hengxin Electromechanical"),
    ("宏达建筑劳务有限公司", "Hongda Building Services"),
    ("金桥国际建设有限公司", "Golden Bridge International"),
    ("瑞丰节能科技有限公司", "Ruifeng Energy Saving"),
    ("中南勘察设计院有限公司", "Zhongnan Survey and Design"),
    ("华东建筑安装有限公司", "East China Building Installation"),
    ("海川防水材料有限公司", "Haichuan Waterproofing"),
    ("新纪元工程管理有限公司", "New Era Project Management"),
    ("丝路国际工程有限公司", "Silk Road International"),
    ("鼎盛钢结构有限公司", "Dingsheng Steel Structures"),
    ("青山园林绿化有限公司", "Qingshan Landscaping"),
    ("远大抗震技术有限公司", "Yuanda Seismic Technology"),
    ("国泰安防系统有限公司", "Guotai Security Systems"),
    ("华信智能建筑有限公司", "Huaxin Smart Buildings"),
    ("万通市政工程有限公司", "Wantong Municipal Works"),
]
BIDDERS = [(f"{zh} {en}", f"91{110000 + 1000 * i}{i:04d}{i % 10}{chr(65 + i)}X", "CN")
           for i, (zh, en) in enumerate(COMPANIES)]
DISQUALIFIED = ["投标保证金未按时到账 / bid security not received in time",
                "投标文件未按要求密封 / bid not sealed as required",
                "资质证书已过期 / licence expired"]


@dataclass(frozen=True)
class Life:
    """One way a tender goes: the notices it gets and how far it gets."""

    name: str
    target: str  # open, closed, cancelled, failed, evaluating, publicity, awarded, contracted
    bidders: int = 0
    amended: bool = False
    disqualified: int = 0
    retendered: bool = False


def title(place: tuple, facility: tuple, work: tuple, serial: str) -> dict:
    return {"zh": f"{place[1]}{facility[0]}{work[0]}（{serial}）",
            "en": f"{place[2]} {facility[1]} {work[1]} ({serial})"}


def tender_data(place: tuple, names: dict, amount: Decimal) -> dict:
    country, _zh, city, zone, mission_zh, mission_en = place
    data = {
        "category": "domestic" if country == "CN" else "overseas", "title": names,
        "description": {"zh": f"{names['zh']}。本项目包括施工图范围内的全部土建、安装及相关配套工程。",
                        "en": f"{names['en']}. All civil, installation and related works within the drawings."},
        "procuring_entity": {"zh": "外交部行政司", "en": "Ministry of Foreign Affairs, Department of Administration"},
        "agency": {"zh": "中咨招标代理有限公司", "en": "Zhongzi Tendering Agency Co., Ltd."},
        "country": country, "city": city, "timezone": zone,
        "value": {"amount": str(amount), "currency": "CNY" if country == "CN" else "USD"},
    }
    if mission_zh:
        data.update(mission={"zh": mission_zh, "en": mission_en}, rule_profile="overseas")
    return data


def _bids(tender, life: Life, index: int) -> list[dict]:
    rows = []
    for i, (name, number, country) in enumerate(BIDDERS[:life.bidders]):
        price = (tender.value_amount * Decimal(85 + (i * 7 + index) % 17) / 100).quantize(Decimal("0.01"))
        out = i >= life.bidders - life.disqualified
        rows.append({"bidder": {"name": name, "registration_number": number, "country": country},
                     "price": {"amount": str(price), "currency": tender.value_currency},
                     "received_at": (tender.bid_deadline - timedelta(hours=30 - i * 3)).isoformat(),
                     "security": {"amount": str((tender.value_amount / 100).quantize(Decimal("0.01"))),
                                  "currency": tender.value_currency},
                     "status": "disqualified" if out else "valid",
                     "reason": DISQUALIFIED[(i + index) % len(DISQUALIFIED)] if out else None})
    return rows


def build(life: Life, place: tuple, index: int, people: dict, start: datetime):
    """The tender (and its re-tender) carried through `life` from `start`; returns the tenders."""
    manager, approver, evaluator = people["manager"], people["approver"], people["evaluator"]
    amount = Decimal(300_000 + (index * 7919) % 40_000_000).quantize(Decimal("1000"))
    names = title(place, FACILITIES[index % len(FACILITIES)], WORKS[index % len(WORKS)], f"P{index:03d}")
    with clock_at(start) as clock:
        tender = create_tender(tender_data(place, names, amount), manager)
        publish(tender, announcement_data(start, index, tender), manager, approver, clock)
        made = [tender]
        if life.amended:
            clock.advance(days=3)
            publish(tender, {"kind": "amendment", "changes": {
                "bid_deadline": (tender.bid_deadline + timedelta(days=7)).isoformat()},
                "rationale": {"zh": "补充技术规格，顺延投标截止时间。",
                              "en": "Technical specifications added; the bid deadline moves."}},
                manager, approver, clock)
        if life.target == "open":
            return made
        if life.target == "cancelled":
            clock.advance(days=5)
            publish(tender, {"kind": "termination", "reason": {
                "zh": "因馆舍规划调整，项目终止。", "en": "Terminated: the site plan has changed."}},
                manager, approver, clock)
            return made
        clock.at = tender.bid_deadline + timedelta(hours=1)
        if life.target == "closed":
            return made
        offers = _bids(tender, life, index)
        if life.target == "failed":
            publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "bids": offers, "reason": {
                "zh": f"投标截止时仅收到 {len(offers)} 份投标，不足 3 家，依法流标。",
                "en": f"Only {len(offers)} bids arrived by the deadline, fewer than 3: the tender failed."}},
                manager, approver, clock)
            if life.retendered:
                clock.advance(days=2)
                again = retender(tender, manager)
                announcement = draft_notice(again, announcement_data(clock.at, index, again), manager)
                submit_notice(announcement, manager)
                clock.advance(hours=2)
                approve_notice(announcement, approver)
                made.append(again)
            return made
        publish(tender, {"kind": "opening", "bids": offers}, manager, approver, clock)
        if life.target == "evaluating":
            return made
        _award(tender, life, index, offers, (manager, approver, evaluator), clock)
    return made


def _award(tender, life: Life, index: int, offers: list[dict], people: tuple, clock) -> None:
    manager, approver, evaluator = people
    clock.advance(days=1)
    valid = [b for b in offers if b["status"] == "valid"]
    scores = [{"bid": b["bidder"]["registration_number"], "criterion": c,
               "value": str(Decimal(weight) * Decimal(95 - 5 * ((i * 3 + c + index) % 7)) / 100)}
              for i, b in enumerate(valid) for c, (_name, weight) in enumerate(CRITERIA)]
    evaluation = record_evaluation(tender, {
        "method": "ratedCriteria", "committee": [{"name": n, "expertise": e} for n, e in COMMITTEE],
        "criteria": [{"name": n, "weight": w} for n, w in CRITERIA], "scores": scores}, evaluator)
    order = [r.bid.registration_number for r in ranking(evaluation, opening_bids(tender))][:3]
    clock.advance(hours=20)
    publish(tender, {"kind": "candidates", "candidates": order}, evaluator, approver, clock)
    if life.target == "publicity":
        return
    clock.advance(days=3, hours=2)
    publish(tender, {"kind": "result", "winner": order[0]}, manager, approver, clock)
    if life.target == "awarded":
        return
    clock.advance(days=12 + index % 20)
    price = next(b for b in offers if b["bidder"]["registration_number"] == order[0])["price"]
    publish(tender, {"kind": "contract", "signed_at": (clock.at - timedelta(hours=4)).isoformat(),
                     "value": price}, manager, approver, clock)
