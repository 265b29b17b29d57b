"""R036 (adapted) the lowest valid bid not chosen: under price-only evaluation any other winner; under
rated criteria a winning price far above the lowest valid one."""

from decimal import Decimal

from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R036"
RATED_ABOVE = Decimal("0.20")  # under rated criteria: the winning price 20% or more above the lowest


def judge(release: dict) -> Flag | None:
    winner = facts.winning_bid(release)
    valid = [facts.amount(b["value"]) for b in facts.valid_bids(release)]
    if winner is None or not valid:
        return None
    won, lowest = facts.amount(winner["value"]), min(valid)
    if won <= lowest:
        return None
    above = (won - lowest) / lowest
    currency = winner["value"].get("currency", "")
    if release.get("tender", {}).get("awardCriteria") == "priceOnly":
        return Flag(CODE, f"按最低评标价法评标，但中标价 {facts.money(won, currency)} 高于最低有效报价 "
                          f"{facts.money(lowest, currency)}。",
                    f"Price-only evaluation, yet the winning price {facts.money(won, currency)} is above the lowest "
                    f"valid bid {facts.money(lowest, currency)}.")
    if above < RATED_ABOVE:
        return None
    return Flag(CODE, f"中标价比最低有效报价高 {facts.percent(above)}（界限 {facts.percent(RATED_ABOVE)}）。",
                f"The winning price is {facts.percent(above)} above the lowest valid bid "
                f"(threshold {facts.percent(RATED_ABOVE)}).")


INDICATOR = Indicator(
    CODE, {"zh": "最低有效报价未中标", "en": "Lowest valid bid not chosen"},
    {"zh": "中标价与最低有效报价的比较。", "en": "The winning price against the lowest valid bid."},
    {"zh": f"最低评标价法下，中标价高于最低有效报价即提示；综合评估法下，高出 {RATED_ABOVE * 100}% 或更多时提示。",
     "en": f"Under price-only evaluation, raised whenever the winning price is above the lowest valid bid; under "
           f"rated criteria, when it is {RATED_ABOVE * 100}% or more above it."},
    {"rated_above_share": RATED_ABOVE}, ("tender.awardCriteria", "bids.details.value", "bids.details.status",
                                         "awards[status=active].relatedBid"),
    f"{CARDINAL}, R036; 改编：最低报价被否决 / adapted: the lowest bid disqualified", judge)
