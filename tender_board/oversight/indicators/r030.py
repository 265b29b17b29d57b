"""R030 late bid won: the winning bid received after the bid deadline."""

from ...times import parse
from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R030"


def judge(release: dict) -> Flag | None:
    winner, end = facts.winning_bid(release), facts.deadline(release)
    received = parse(winner.get("date")) if winner else None
    if received is None or end is None or received <= end:
        return None
    minutes = int((received - end).total_seconds() // 60)
    return Flag(CODE, f"中标投标在投标截止后 {minutes} 分钟才收到。",
                f"The winning bid was received {minutes} minutes after the bid deadline.")


INDICATOR = Indicator(
    CODE, {"zh": "中标投标逾期送达", "en": "Winning bid received late"},
    {"zh": "中标投标的送达时间与投标截止时间的比较。", "en": "When the winning bid arrived, against the bid deadline."},
    {"zh": "中标投标的送达时间晚于投标截止时间时提示。",
        "en": "Raised when the winning bid was received after the bid deadline."},
    {}, ("tender.tenderPeriod.endDate", "bids.details.date", "awards[status=active].relatedBid"),
    f"{CARDINAL}, R030; 招标投标法第二十八条 / Law art. 28", judge)
