"""R018 single bid, or fewer than the minimum number of bids (the tender fails)."""

from ...tenders.rules import PROFILES
from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R018"
MIN_BIDS = int(PROFILES["cn-works"]["min_bids"].number)


def judge(release: dict) -> Flag | None:
    count = facts.bid_count(release)
    if count is None or count >= MIN_BIDS:
        return None
    if count == 1:
        return Flag(CODE, f"仅收到 1 份投标；法律要求至少 {MIN_BIDS} 份。", f"1 bid; the law requires {MIN_BIDS}.")
    return Flag(CODE, f"收到 {count} 份投标；法律要求至少 {MIN_BIDS} 份。",
        f"{count} bids; the law requires {MIN_BIDS}.")


INDICATOR = Indicator(
    CODE, {"zh": "单一投标或投标不足", "en": "Single bid or too few bids"},
    {"zh": "收到的投标数量。", "en": "How many bids arrived."},
    {"zh": f"投标少于 {MIN_BIDS} 份时提示（少于 3 份不得开标，项目流标）。",
     "en": f"Raised with fewer than {MIN_BIDS} bids (with fewer than 3 there is no opening: the tender fails)."},
    {"min_bids": MIN_BIDS}, ("bids.statistics[measure=bids]", "bids.details"),
    f"{CARDINAL}, R018; 招标投标法第二十八条 / Law art. 28", judge)
