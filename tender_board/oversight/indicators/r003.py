"""R003 short submission period: fewer days to bid than the rule profile allows, or close to it."""

from decimal import Decimal

from ...tenders.rules import PROFILES
from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R003"
CLOSE_DAYS = 2  # within this many days of the minimum: the softer flag
DEFAULT_PROFILE = "cn-works"


def judge(release: dict) -> Flag | None:
    start, end = facts.period_start(release), facts.deadline(release)
    if start is None or end is None:
        return None
    profile = PROFILES.get(release["tender"].get("ruleProfile") or DEFAULT_PROFILE, PROFILES[DEFAULT_PROFILE])
    minimum = int(profile["bid_period"].number)
    days = Decimal((end - start).total_seconds()) / 86400
    shown = f"{days:.1f}"
    if days < minimum:
        return Flag(CODE, f"投标期 {shown} 天，少于规则要求的 {minimum} 天。",
                    f"{shown} days to bid; the rule requires {minimum}.")
    if days < minimum + CLOSE_DAYS:
        return Flag(CODE, f"投标期 {shown} 天，仅比法定最短 {minimum} 天多不到 {CLOSE_DAYS} 天。",
                    f"{shown} days to bid, less than {CLOSE_DAYS} days above the legal minimum of {minimum}.")
    return None


INDICATOR = Indicator(
    CODE, {"zh": "投标期过短", "en": "Short submission period"},
    {"zh": "从招标公告发布到投标截止的天数。", "en": "The days from the announcement to the bid deadline."},
    {"zh": f"少于规则配置的最短投标期（cn-works：20 天）时提示；不足最短期限加 {CLOSE_DAYS} 天时作较轻提示。",
     "en": f"Raised below the rule profile's minimum bid period (cn-works: 20 days), and as a softer flag "
           f"within {CLOSE_DAYS} days above it."},
    {"close_days": CLOSE_DAYS}, ("tender.tenderPeriod.startDate", "tender.tenderPeriod.endDate", "tender.ruleProfile"),
    f"{CARDINAL}, R003; 招标投标法第二十四条 / Law art. 24", judge)
