"""Synthetic published tenders for benchmarks: many rows, inserted in bulk, all lawful."""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, text

from .auth.models import Role
from .auth.operations import create_user, find_user
from .clock import now as clock_now
from .counters import next_value
from .extensions import db
from .notices.content import TENDER_TERMS
from .notices.models import Notice, NoticeKind, NoticeStatus
from .tenders.lifecycle import Status
from .tenders.models import Tender
from .tenders.ocid import ocid
from .validation import canonical_amount

PLACES = [("CN", "北京", "Beijing", "Asia/Shanghai"), ("CN", "上海", "Shanghai", "Asia/Shanghai"),
          ("CN", "成都", "Chengdu", "Asia/Shanghai"), ("CN", "广州", "Guangzhou", "Asia/Shanghai"),
          ("VN", "河内", "Hanoi", "Asia/Ho_Chi_Minh"), ("KE", "内罗毕", "Nairobi", "Africa/Nairobi"),
          ("DE", "柏林", "Berlin", "Europe/Berlin"), ("BR", "巴西利亚", "Brasília", "America/Sao_Paulo"),
          ("EG", "开罗", "Cairo", "Africa/Cairo"), ("TH", "曼谷", "Bangkok", "Asia/Bangkok")]
FACILITIES = [("办公楼", "office building"), ("官邸", "residence"), ("宿舍楼", "staff housing"),
              ("签证大厅", "visa hall"), ("档案库房", "archive store"), ("食堂", "canteen"),
              ("围墙及门卫室", "perimeter wall"), ("地下管网", "underground utilities")]
WORKS = [("维修工程", "repair"), ("改造工程", "refurbishment"), ("新建工程", "construction"),
         ("消防升级", "fire safety upgrade"), ("节能改造", "energy retrofit"),
         ("防水维修", "waterproofing repair"), ("抗震加固", "seismic strengthening")]
BATCH = 5000


def _people():
    manager = find_user("synthetic-manager@tenderboard.example") or create_user(
        "synthetic-manager@tenderboard.example", "Synthetic manager", Role.MANAGER, "x" * 24)
    approver = find_user("synthetic-approver@tenderboard.example") or create_user(
        "synthetic-approver@tenderboard.example", "Synthetic approver", Role.APPROVER, "x" * 24)
    return manager, approver


def _rows(n: int, first_id: int, serial: int, manager_id: int, approver_id: int, now, rng):
    country, city_zh, city_en, zone = rng.choice(PLACES)
    facility, work = rng.choice(FACILITIES), rng.choice(WORKS)
    category = "domestic" if country == "CN" else "overseas"
    published = now - timedelta(days=rng.uniform(0, 720))
    deadline = published + timedelta(days=20 + rng.randint(0, 30))
    reference = f"SYN-{published.year}-{'DM' if category == 'domestic' else 'OS'}-{serial:06d}"
    title = {"zh": f"{city_zh}{facility[0]}{work[0]}（{serial}）",
             "en": f"{city_en} {facility[1]} {work[1]} ({serial})"}
    tender = {
        "id": first_id + n, "reference": reference, "ocid": ocid(reference),
        "category": category, "title": title,
        "description": {"zh": f"{title['zh']}，含土建、安装及配套工程。",
                        "en": f"{title['en']}: civil works, installation and related works."},
        "country": country, "city": city_en, "mission": None, "timezone": zone,
        "procuring_entity": {"zh": "外交部行政司", "en": "Ministry of Foreign Affairs"},
        "agency": {"zh": "中咨招标代理有限公司", "en": "Zhongzi Tendering Agency"},
        "value_amount": Decimal(rng.randint(100, 50000)) * 1000, "value_currency": "CNY",
        "procurement_method": "open", "qualification": None, "rule_profile": "cn-works",
        "sandbox": False, "clock_rate": 1, "status": Status.OPEN.value, "bid_deadline": deadline,
        "documents_from": published, "documents_until": published + timedelta(days=7),
        "opening_place": {"zh": "北京开标室", "en": "Beijing opening room"},
        "contact": {"zh": "张工", "en": "Mr Zhang"}, "published_at": published,
        "retender_of_id": None, "manager_id": manager_id, "created_at": published,
        "updated_at": published, "version": 1,
    }
    notice = {
        "tender_id": tender["id"], "kind": NoticeKind.ANNOUNCEMENT.value,
        "status": NoticeStatus.PUBLISHED.value, "number": 1, "sequence": None,
        "author_id": manager_id, "approver_id": approver_id, "body": title, "created_at": published,
        "submitted_at": published, "published_at": published, "version": 1, "rejection_reason": None,
        "payload": {"bid_deadline": deadline.isoformat(), "documents_from": published.isoformat(),
                    "documents_until": (published + timedelta(days=7)).isoformat(),
                    "opening_place": tender["opening_place"], "contact": tender["contact"],
                    **frozen_terms(tender)},
    }
    return tender, notice


def frozen_terms(tender: dict) -> dict:
    """The tender's terms as its announcement freezes them (notices.content.TENDER_TERMS)."""
    terms = {name: tender[name] for name in TENDER_TERMS if name in tender}
    value = {"amount": canonical_amount(tender["value_amount"], "CNY"), "currency": "CNY"}
    return {**terms, "value": value, "retender_of": None}


def load_synthetic(count: int, echo: Callable[[str], None] = print) -> None:
    rng = random.Random(20261127)
    manager, approver = _people()
    now = clock_now()
    first_id = (db.session.scalar(select(func.max(Tender.id))) or 0) + 1
    start_serial = next_value("synthetic")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        pairs = [_rows(done + i, first_id, start_serial + done + i, manager.id, approver.id, now, rng)
                 for i in range(size)]
        db.session.execute(insert(Tender), [t for t, _ in pairs])
        db.session.execute(insert(Notice), [n for _, n in pairs])
        done += size
        echo(f"{done} / {count}")
    db.session.execute(text("UPDATE counters SET value = :v WHERE key = 'synthetic'"),
                       {"v": start_serial + count})
    if db.session.get_bind().dialect.name == "postgresql":
        for table in ("tenders", "notices"):
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))  # noqa: S608 (constant names)
    db.session.execute(text("ANALYZE"))  # the planner's statistics, for the data as it now is
    db.session.commit()
