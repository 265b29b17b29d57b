"""R058 heavily discounted bid: the winning price far below the next-lowest valid bid."""

from decimal import Decimal

from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R058"
DISCOUNT = Decimal("0.25")  # the winning price at least 25% below the next valid bid


def judge(release: dict) -> Flag | None:
    winner = facts.winning_bid(release)
    if winner is None:
        return None
    won = facts.amount(winner["value"])
    others = facts.rival_prices(release, winner)
    others = [price for price in others if price > won]
    if not others:
        return None
    discount = (others[0] - won) / others[0]
    if discount < DISCOUNT:
        return None
    return Flag(CODE, f"中标价比次低有效报价低 {facts.percent(discount)}（界限 {facts.percent(DISCOUNT)}）。",
                f"The winning price is {facts.percent(discount)} below the next valid bid "
                f"(threshold {facts.percent(DISCOUNT)}).")


INDICATOR = Indicator(
    CODE, {"zh": "中标报价大幅低于其他报价", "en": "Heavily discounted winning bid"},
    {"zh": "中标价低于次低有效报价的幅度。", "en": "How far the winning price is below the next-lowest valid bid."},
    {"zh": f"中标价比次低有效报价低 {DISCOUNT * 100}% 或更多时提示（异常低价可能无法履约）。Cardinal 以全库上四分位数"
           "加 1.5 倍四分位距为界；本站用固定界限。",
     "en": f"Raised when the winning price is {DISCOUNT * 100}% or more below the next-lowest valid bid (an abnormally "
           "low price may not be delivered). Cardinal uses a fence of Q3 + 1.5 IQR over the dataset; here the "
           "threshold is fixed."},
    {"discount_share": DISCOUNT}, ("awards[status=active].relatedBid", "bids.details.value", "bids.details.status"),
    f"{CARDINAL}, R058", judge)
