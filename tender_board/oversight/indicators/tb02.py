"""TB02 award above the estimate."""

from .. import facts
from ..indicator import PROZORRO, Flag, Indicator

CODE = "TB02"


def judge(release: dict) -> Flag | None:
    award, estimate = facts.winning_award(release), facts.estimate(release)
    won = facts.amount(award.get("value")) if award else None
    if won is None or not estimate or won <= estimate:
        return None
    return Flag(CODE, f"中标价比估算价高 {facts.percent((won - estimate) / estimate)}。",
                f"The winning price is {facts.percent((won - estimate) / estimate)} above the estimate.")


INDICATOR = Indicator(
    CODE, {"zh": "中标价高于估算价", "en": "Award above the estimate"},
    {"zh": "中标价是否超过招标估算价。", "en": "Whether the winning price exceeds the estimated value."},
    {"zh": "中标价高于估算价时提示。", "en": "Raised when the winning price is above the estimate."},
    {}, ("tender.value", "awards[status=active].value"), PROZORRO, judge)
