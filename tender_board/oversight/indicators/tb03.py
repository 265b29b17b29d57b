"""TB03 late amendments: an amendment in the last 15 days before the deadline, or the deadline moved
again and again."""

from datetime import timedelta

from ...tenders.rules import PROFILES
from ...times import parse
from .. import facts
from ..indicator import OWN, Flag, Indicator

CODE = "TB03"
LATE_DAYS = int(PROFILES["cn-works"]["amendment_notice"].number)
EXTENSIONS = 2  # the deadline moved this many times or more
DEADLINE = "tenderPeriod.endDate"


def _moved_from(amendment: dict):
    """The deadline this amendment moved, if it moved it."""
    return next((parse(c.get("former_value")) for c in amendment.get("changes", [])
                 if c.get("property") == DEADLINE), None)


def in_force(release: dict) -> list[tuple[dict, object]]:
    """Each amendment, oldest first, with the deadline in force when it was published."""
    ordered = sorted((a for a in facts.amendments(release) if parse(a.get("date"))), key=lambda a: parse(a["date"]))
    later, paired = facts.deadline(release), []
    for amendment in reversed(ordered):
        later = _moved_from(amendment) or later
        paired.append((amendment, later))
    return list(reversed(paired))


def judge(release: dict) -> Flag | None:
    if facts.deadline(release) is None:
        return None
    paired = in_force(release)
    moved = [a for a, _ in paired if _moved_from(a)]
    if len(moved) >= EXTENSIONS:
        return Flag(CODE, f"投标截止时间被变更 {len(moved)} 次。", f"The bid deadline was moved {len(moved)} times.")
    late = [(a, end) for a, end in paired if end - parse(a["date"]) < timedelta(days=LATE_DAYS)]
    if not late:
        return None
    amendment, end = late[-1]
    days = (end - parse(amendment["date"])).total_seconds() / 86400
    return Flag(CODE, f"变更公告发布时距当时的投标截止仅 {days:.1f} 天（少于 {LATE_DAYS} 天）。",
                f"An amendment was published {days:.1f} days before the deadline then in force "
                f"(fewer than {LATE_DAYS}).")


INDICATOR = Indicator(
    CODE, {"zh": "临近截止的变更", "en": "Late amendments"},
    {"zh": "变更公告与投标截止时间的距离，以及截止时间被推迟的次数。",
     "en": "How close to the deadline amendments came, and how often the deadline moved."},
    {"zh": f"变更公告发布时距当时有效的投标截止不足 {LATE_DAYS} 天（法律要求此时顺延截止时间），或截止时间变更 "
           f"{EXTENSIONS} 次及以上时提示。",
     "en": f"Raised when an amendment was published fewer than {LATE_DAYS} days before the deadline then in force "
           f"(the law then requires the deadline to move), or the deadline moved {EXTENSIONS} times or more."},
    {"late_days": LATE_DAYS, "extensions": EXTENSIONS},
    ("tender.amendments.date", "tender.amendments.changes", "tender.tenderPeriod.endDate"),
    f"{OWN}; 招标投标法第二十三条 / Law art. 23", judge)
