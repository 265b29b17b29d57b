"""R038 excessive disqualified bids: the share of bids disqualified is a high outlier for one
procuring entity (R038) or for one bidder (R038B), against all the others on the board."""

from decimal import Decimal

from .. import facts
from ..fences import MIN_GROUPS, upper_fence
from ..indicator import CARDINAL, BoardJudgement, Flag, Indicator

MIN_BIDS = 3  # a procuring entity or bidder with fewer bids is not judged


def _shares(releases: list[dict], key) -> dict[str, tuple[int, int]]:
    """group → (disqualified bids, bids), over every compiled release."""
    counted: dict[str, list[int]] = {}
    for release in releases:
        for bid in facts.bids(release):
            group = key(release, bid)
            row = counted.setdefault(group, [0, 0])
            row[0] += bid.get("status") == "disqualified"
            row[1] += 1
    return {group: (bad, total) for group, (bad, total) in counted.items() if total >= MIN_BIDS}


def _too_few(groups: int, what: dict) -> dict:
    return {"zh": f"仅 {groups} 个{what['zh']}有至少 {MIN_BIDS} 份投标，少于判断所需的 {MIN_GROUPS} 个。",
            "en": f"Only {groups} {what['en']} with at least {MIN_BIDS} bids; {MIN_GROUPS} are needed to judge."}


def _judge(code: str, releases: list[dict], key, what: dict, sentence) -> BoardJudgement:
    shares = _shares(releases, key)
    fence = upper_fence([Decimal(bad) / total for bad, total in shares.values()])
    if fence is None:
        return BoardJudgement(note=_too_few(len(shares), what))
    high = {g: (bad, total) for g, (bad, total) in shares.items() if bad and Decimal(bad) / total > fence}
    judged, english = BoardJudgement(), facts.english_names(releases)
    for release in releases:
        for bid in facts.bids(release):
            group = key(release, bid)
            if group in high and bid.get("status") == "disqualified" and release["ocid"] not in judged.flags:
                zh, en = sentence(group, english.get(group, group), *high[group], fence)
                judged.flags[release["ocid"]] = Flag(code, zh, en)
    return judged


def _entity_sentence(group: str, group_en: str, bad: int, total: int, fence: Decimal) -> tuple[str, str]:
    share = facts.percent(Decimal(bad) / total)
    return (f"招标人“{group}”的投标中 {bad}/{total}（{share}）被否决，高于全站界限 {facts.percent(fence)}。",
            f"{bad} of {total} bids ({share}) to {group_en} were disqualified, above the board's fence of "
            f"{facts.percent(fence)}.")


def _bidder_sentence(group: str, group_en: str, bad: int, total: int, fence: Decimal) -> tuple[str, str]:
    share = facts.percent(Decimal(bad) / total)
    return (f"投标人 {group} 的投标中 {bad}/{total}（{share}）被否决，高于全站界限 {facts.percent(fence)}。",
            f"{bad} of {total} bids ({share}) by {group_en} were disqualified, above the board's fence of "
            f"{facts.percent(fence)}.")


def judge_entities(releases: list[dict]) -> BoardJudgement:
    return _judge("R038", releases, lambda release, _bid: facts.buyer(release),
                  {"zh": "招标人", "en": "procuring entities"}, _entity_sentence)


def judge_bidders(releases: list[dict]) -> BoardJudgement:
    return _judge("R038B", releases, lambda _release, bid: facts.bidder_name(bid),
                  {"zh": "投标人", "en": "bidders"}, _bidder_sentence)


METHOD = {
    "zh": f"按{{group}}统计被否决投标占全部投标的比例（至少 {MIN_BIDS} 份投标），高于全站第三四分位数加 1.5 倍四分位距"
          f"时，提示其有投标被否决的项目；不足 {MIN_GROUPS} 个{{group}}时不作判断。",
    "en": f"The share of bids disqualified, per {{group}} with at least {MIN_BIDS} bids; above Q3 + 1.5 IQR of all of "
          f"them, each tender where that {{one}} had a bid disqualified is flagged. With fewer than {MIN_GROUPS} "
          f"{{group}} there is no judgement.",
}
FIELDS = ("buyer.name", "bids.details.status", "bids.details.tenderers")
THRESHOLD = {"iqr_factor": Decimal("1.5"), "min_groups": MIN_GROUPS, "min_bids": MIN_BIDS}

ENTITY = Indicator(
    "R038", {"zh": "招标人否决比例异常高", "en": "Many disqualified bids (procuring entity)"},
    {"zh": "一个招标人的项目中被否决投标的比例。",
        "en": "The share of bids disqualified in one procuring entity's tenders."},
    {lang: text.format(group={"zh": "招标人", "en": "procuring entities"}[lang], one="procuring entity")
     for lang, text in METHOD.items()},
    THRESHOLD, FIELDS, f"{CARDINAL}, R038", judge_entities, board=True)

BIDDER = Indicator(
    "R038B", {"zh": "投标人被否决比例异常高", "en": "Many disqualified bids (bidder)"},
    {"zh": "一个投标人的投标中被否决的比例。", "en": "The share of one bidder's bids that were disqualified."},
    {lang: text.format(group={"zh": "投标人", "en": "bidders"}[lang], one="bidder") for lang, text in METHOD.items()},
    THRESHOLD, FIELDS, f"{CARDINAL}, R038", judge_bidders, board=True)
