"""R028 identical bid prices from different bidders."""

from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R028"


def judge(release: dict) -> Flag | None:
    by_price: dict = {}
    for bid in facts.bids(release):
        price = facts.amount(bid.get("value"))
        if price is not None:
            by_price.setdefault((price, bid["value"].get("currency", "")), set()).add(facts.bidder(bid))
    same = [(price, len(bidders)) for price, bidders in by_price.items() if len(bidders) > 1]
    if not same:
        return None
    (price, currency), count = max(same, key=lambda pair: pair[1])
    shown = facts.money(price, currency)
    return Flag(CODE, f"{count} 个不同投标人报出相同价格 {shown}。",
        f"{count} different bidders offered the same price, {shown}.")


INDICATOR = Indicator(
    CODE, {"zh": "不同投标人报价相同", "en": "Identical bid prices"},
    {"zh": "不同投标人之间完全相同的报价。", "en": "Bids of exactly the same price from different bidders."},
    {"zh": "两个或以上不同投标人的报价（含币种）完全相同时提示。",
        "en": "Raised when two or more different bidders offer exactly the "
     "same price in the same currency."},
    {"min_bidders": 2}, ("bids.details.value", "bids.details.tenderers"), f"{CARDINAL}, R028", judge)
