"""TB01 award close to the estimate: the winning price within 1% of the estimated value."""

from decimal import Decimal

from .. import facts
from ..indicator import PROZORRO, Flag, Indicator

CODE = "TB01"
WITHIN = Decimal("0.01")


def judge(release: dict) -> Flag | None:
    award, estimate = facts.winning_award(release), facts.estimate(release)
    won = facts.amount(award.get("value")) if award else None
    if won is None or not estimate or won > estimate:
        return None
    gap = (estimate - won) / estimate
    if gap >= WITHIN:
        return None
    return Flag(CODE, f"中标价为估算价的 {facts.percent(won / estimate)}，相差不到 {facts.percent(WITHIN)}。",
                f"The winning price is {facts.percent(won / estimate)} of the estimate, "
                f"within {facts.percent(WITHIN)}.")


INDICATOR = Indicator(
    CODE, {"zh": "中标价贴近估算价", "en": "Award close to the estimate"},
    {"zh": "中标价与招标估算价之比。", "en": "The winning price as a share of the estimated value."},
    {"zh": f"中标价不高于估算价且相差不到 {WITHIN * 100}% 时提示（可能知悉估算价）。",
     "en": f"Raised when the winning price is at most the estimate and within {WITHIN * 100}% of it (the estimate may "
           "have been known)."},
    {"within_share": WITHIN}, ("tender.value", "awards[status=active].value"), PROZORRO, judge)
