"""R035 all bids but the winner's disqualified."""

from .. import facts
from ..indicator import CARDINAL, Flag, Indicator

CODE = "R035"


def judge(release: dict) -> Flag | None:
    winner = facts.winning_bid(release)
    others = [b for b in facts.bids(release) if winner and b["id"] != winner["id"]]
    if not others or any(b.get("status") != "disqualified" for b in others):
        return None
    return Flag(CODE, f"除中标人外的 {len(others)} 份投标全部被否决。",
                f"All {len(others)} bids other than the winner's were disqualified.")


INDICATOR = Indicator(
    CODE, {"zh": "除中标人外全部被否决", "en": "All other bids disqualified"},
    {"zh": "中标人以外的投标是否全部被否决。", "en": "Whether every bid but the winner's was disqualified."},
    {"zh": "至少有一份其他投标，且全部被否决时提示。",
        "en": "Raised when there is at least one other bid and all of them were "
     "disqualified."},
    {}, ("bids.details.status", "awards[status=active].relatedBid"), f"{CARDINAL}, R035", judge)
