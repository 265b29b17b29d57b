"""A small public catalogue of tenders for the public site's tests, built through the real commands.

    closed   DE  驻法兰克福总领事馆消防系统升级 / Frankfurt fire protection upgrade      published day 0, deadline passed
    hanoi    VN  驻越南大使馆办公楼维修工程 / Embassy in Hanoi: chancery repair          open, 1,000,000 CNY, amended
    beijing  CN  外交部东区办公楼节能改造工程 / Ministry east building energy retrofit   open, 46,800,000 CNY, domestic
    nairobi  KE  驻肯尼亚大使馆污水处理设施 / Embassy in Nairobi: wastewater plant      cancelled, 450,000 USD
    sandbox  VN  沙盒练习项目 / Sandbox practice works                               sandbox, open
"""

from sqlalchemy import event

from tender_board.extensions import db

TITLES = {
    "closed": {"zh": "驻法兰克福总领事馆消防系统升级", "en": "Consulate-General in Frankfurt: fire protection upgrade"},
    "hanoi": {"zh": "驻越南大使馆办公楼维修工程", "en": "Embassy in Hanoi: chancery repair"},
    "beijing": {"zh": "外交部东区办公楼节能改造工程", "en": "Ministry east building energy retrofit"},
    "nairobi": {"zh": "驻肯尼亚大使馆污水处理设施", "en": "Embassy in Nairobi: wastewater plant"},
    "sandbox": {"zh": "沙盒练习项目", "en": "Sandbox practice works"},
}


def catalogue(make, clock) -> dict:
    """Publish the catalogue above; returns {name: reference}. The clock ends 21 days on."""
    closed = make.open_tender(days=20, title=TITLES["closed"], country="DE", city="Frankfurt",
                              timezone="Europe/Berlin",
                              description={"zh": "消防喷淋及报警系统升级。", "en": "Sprinklers and alarms."})
    clock.advance(days=21)
    hanoi = make.open_tender(days=30, title=TITLES["hanoi"])
    make.publish(hanoi, {"kind": "amendment", "changes": {"description": {
        "zh": "外立面及屋面维修，另含无障碍坡道。", "en": "Facade and roof repair, with an accessible ramp."}},
        "rationale": {"zh": "业主补充需求。", "en": "The owner added a requirement."}})
    clock.advance(hours=1)
    beijing = make.open_tender(
        days=40, title=TITLES["beijing"], category="domestic", country="CN", city="Beijing",
        timezone="Asia/Shanghai", mission=None, value={"amount": "46800000.00", "currency": "CNY"},
        description={"zh": "外墙保温及照明节能改造。", "en": "Insulation and lighting energy retrofit."})
    clock.advance(hours=1)
    nairobi = make.open_tender(days=25, title=TITLES["nairobi"], country="KE", city="Nairobi",
                               timezone="Africa/Nairobi", value={"amount": "450000.00", "currency": "USD"},
                               description={"zh": "污水处理设施建设。", "en": "A wastewater treatment plant."})
    make.publish(nairobi, {"kind": "termination",
                           "reason": {"zh": "项目预算调整，终止招标。", "en": "Budget withdrawn; tender ended."}})
    sandbox = make.open_tender(days=25, title=TITLES["sandbox"], sandbox=True)
    db.session.commit()
    return {name: tender.reference for name, tender in
            (("closed", closed), ("hanoi", hanoi), ("beijing", beijing), ("nairobi", nairobi),
             ("sandbox", sandbox))}


class QueryCounter:
    """Counts the SQL statements sent while it is active (BEGIN and the like aside)."""

    def __init__(self):
        self.statements = []

    def _record(self, _conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


def more_tenders(make, clock, count: int) -> None:
    """`count` further open tenders, published an hour apart."""
    for i in range(count):
        clock.advance(hours=1)
        make.open_tender(title={"zh": f"附加维修项目{i}", "en": f"Further repair works {i}"})
    clock.advance(hours=1)
    db.session.commit()
