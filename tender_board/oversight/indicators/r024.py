"""R024 price close to the winning bid: the second-lowest valid bid barely above the winner's."""

from decimal import Decimal

from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R024"
CLOSE = Decimal("0.01")  # the second-lowest valid bid within 1% of the winning price


def judge(release: dict) -> Flag | None:
    winner = facts.winning_bid(release)
    if winner is None:
        return None
    won = facts.amount(winner["value"])
    others = facts.rival_prices(release, winner)
    others = [price for price in others if price >= won]
    if not others or won <= 0:
        return None
    gap = (others[0] - won) / won
    if gap >= CLOSE:
        return None
    return Flag(CODE, f"次低有效报价仅比中标价高 {facts.percent(gap)}（低于 {facts.percent(CLOSE)}）。",
                f"The next valid bid is only {facts.percent(gap)} above the winning price "
                f"(below {facts.percent(CLOSE)}).")


INDICATOR = Indicator(
    CODE, {"zh": "报价与中标价过于接近", "en": "Price close to the winning bid"},
    {"zh": "中标价与次低有效报价之间的差距。",
        "en": "The gap between the winning price and the next-lowest valid bid."},
    {"zh": f"次低有效报价高出中标价不到 {CLOSE * 100}% 时提示。Cardinal 以全库下四分位数减 1.5 倍四分位距为界；"
           "本站用固定界限，使每个项目的结论不随其他项目变化。",
     "en": f"Raised when the next-lowest valid bid is less than {CLOSE * 100}% above the winning price. Cardinal "
           "uses a fence of Q1 − 1.5 IQR over the whole dataset; a fixed threshold keeps each tender's answer "
           "independent of the others."},
    {"close_share": CLOSE}, ("awards[status=active].relatedBid", "bids.details.value", "bids.details.status"),
    f"{CARDINAL}, R024", judge)
