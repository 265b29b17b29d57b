"""Rule profiles: the statutory numbers as data (PRODUCT.md §3), and the refusal they produce.

A profile is chosen per tender. Overseas works may follow local law with other numbers: add a
profile here, never a code branch. Durations of a sandbox tender are divided by its clock rate.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from ..errors import RuleViolation


@dataclass(frozen=True)
class Rule:
    code: str
    number: int | Decimal | Fraction
    unit: str  # "days", "bids", "members", "candidates", "share"
    source: str
    zh: str  # the rule in a sentence
    en: str


@dataclass(frozen=True)
class RuleProfile:
    code: str
    name: dict[str, str]
    rules: dict[str, Rule]

    def __getitem__(self, code: str) -> Rule:
        return self.rules[code]

    def days(self, code: str, clock_rate: int = 1) -> timedelta:
        return timedelta(days=int(self.rules[code].number)) / clock_rate


CN_WORKS_RULES = (
    Rule("bid_period", 20, "days", "招标投标法第二十四条 / Law art. 24",
         "自招标文件开始发出之日起至投标截止之日止，不得少于 20 日",
         "the bid deadline is at least 20 days after the tender documents are first issued"),
    Rule("documents_period", 5, "days", "实施条例第十六条 / Regulations art. 16",
         "招标文件的发售期不得少于 5 日",
         "the tender documents are available for at least 5 days"),
    Rule("amendment_notice", 15, "days", "招标投标法第二十三条、实施条例第二十一条 / Law art. 23, Reg. art. 21",
         "澄清或者修改应当在投标截止时间至少 15 日前发出，不足 15 日的应顺延投标截止时间",
         "an amendment is published at least 15 days before the bid deadline, "
         "or the deadline moves so that 15 days remain"),
    Rule("min_bids", 3, "bids", "招标投标法第二十八条、实施条例第四十四条 / Law art. 28, Reg. art. 44",
         "投标人少于 3 个的，不得开标，招标人应当重新招标",
         "with fewer than 3 bids there is no opening; the tender fails and may be re-tendered"),
    Rule("committee_min", 5, "members", "招标投标法第三十七条 / Law art. 37",
         "评标委员会成员人数为 5 人以上单数",
         "the evaluation committee has an odd number of members, at least 5"),
    Rule("committee_experts", Fraction(2, 3), "share", "招标投标法第三十七条 / Law art. 37",
         "技术、经济等方面的专家不得少于成员总数的三分之二",
         "technical and economic experts are at least two thirds of the committee"),
    Rule("max_candidates", 3, "candidates", "实施条例第五十三条 / Regulations art. 53",
         "中标候选人应当不超过 3 个，并标明排序",
         "at most 3 candidates, ranked"),
    Rule("candidates_within", 3, "days", "实施条例第五十四条 / Regulations art. 54",
         "招标人应当自收到评标报告之日起 3 日内公示中标候选人",
         "the candidates are published within 3 days of the evaluation report"),
    Rule("objection_window", 3, "days", "实施条例第五十四条 / Regulations art. 54",
         "公示期不得少于 3 日，异议应在公示期间提出",
         "the candidates stay published for at least 3 days; objections are made in that window"),
    Rule("objection_answer", 3, "days", "实施条例第五十四条 / Regulations art. 54",
         "招标人应当自收到异议之日起 3 日内作出答复",
         "an objection is answered within 3 days"),
    Rule("bid_security_max", Decimal("0.02"), "share", "实施条例第二十六条 / Regulations art. 26",
         "投标保证金不得超过招标项目估算价的 2%",
         "the bid security is at most 2% of the estimated value"),
    Rule("contract_within", 30, "days", "招标投标法第四十六条 / Law art. 46",
         "自中标通知书发出之日起 30 日内订立书面合同",
         "the contract is signed within 30 days of the result"),
)

PROFILES: dict[str, RuleProfile] = {
    "cn-works": RuleProfile(
        "cn-works", {"zh": "中国工程建设项目（招标投标法）", "en": "PRC works (Tendering and Bidding Law)"},
        {rule.code: rule for rule in CN_WORKS_RULES}),
    # Overseas works start with the PRC numbers; a mission's local law changes the data here.
    "overseas": RuleProfile(
        "overseas", {"zh": "境外工程（暂按国内规则）", "en": "Overseas works (PRC numbers for now)"},
        {rule.code: rule for rule in CN_WORKS_RULES}),
}


def profile(code: str) -> RuleProfile:
    return PROFILES[code]


def violation(rule: Rule, zh: str, en: str, field_name: str | None = None,
              **dates: datetime) -> RuleViolation:
    """A refusal naming the rule, its number and its source (in the reader's language), with the
    dates involved kept for the API (`rule.dates`): the sentence itself names the moments that
    matter, in words, so no internal name reaches a reader."""
    number = str(rule.number)
    source_zh, _, source_en = rule.source.partition(" / ")
    return RuleViolation(
        message={"zh": f"{zh}（规则：{rule.zh}；{source_zh}）",
                 "en": f"{en} (rule: {rule.en}; {source_en or source_zh})"},
        code="rule_violation", field=field_name, status=422,
        rule={"code": rule.code, "number": number, "unit": rule.unit, "source": rule.source,
              "dates": {name: value.isoformat() for name, value in dates.items()}},
        dates=dates,
    )
