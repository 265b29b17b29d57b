"""TB04 objections: one answered later than the rule allows, or the result published while an
objection was still unanswered."""

from ...tenders.rules import PROFILES
from ...times import parse
from .. import facts
from ..indicator import OWN, Flag, Indicator

CODE = "TB04"
ANSWER_DAYS = int(PROFILES["cn-works"]["objection_answer"].number)


def judge(release: dict) -> Flag | None:
    objections = release.get("tender", {}).get("objections", [])
    award = facts.winning_award(release)
    result_at = parse(award.get("date")) if award else None
    open_at_result = [o for o in objections if result_at and (not o.get("dateAnswered")
                                                               or parse(o["dateAnswered"]) > result_at)]
    if open_at_result:
        return Flag(CODE, f"中标结果发布时仍有 {len(open_at_result)} 项异议未答复。",
                    f"The result was published with {len(open_at_result)} objection(s) unanswered.")
    late = [o for o in objections if o.get("dateAnswered") and parse(o["dateAnswered"]) > parse(o["answerDue"])]
    if not late:
        return None
    hours = max((parse(o["dateAnswered"]) - parse(o["answerDue"])).total_seconds() / 3600 for o in late)
    return Flag(CODE, f"{len(late)} 项异议超过 {ANSWER_DAYS} 日答复期限才答复（最多晚 {hours:.0f} 小时）。",
                f"{len(late)} objection(s) answered after the {ANSWER_DAYS} days allowed "
                f"(up to {hours:.0f} hours late).")


INDICATOR = Indicator(
    CODE, {"zh": "异议答复逾期", "en": "Objection answered late"},
    {"zh": "对中标候选人的异议是否在期限内答复，以及结果发布时是否仍有未答复的异议。",
     "en": "Whether objections to the candidates were answered in time, and whether any was still open when "
           "the result was published."},
    {"zh": f"异议在收到后 {ANSWER_DAYS} 日内未答复，或中标结果发布时仍有异议未答复时提示。",
     "en": f"Raised when an objection was answered more than {ANSWER_DAYS} days after it was received, or the "
           "result was published while one was unanswered."},
    {"answer_days": ANSWER_DAYS}, ("tender.objections.dateSubmitted", "tender.objections.answerDue",
                                   "tender.objections.dateAnswered", "awards[status=active].date"),
    f"{OWN}; 实施条例第五十四条 / Regulations art. 54", judge)
