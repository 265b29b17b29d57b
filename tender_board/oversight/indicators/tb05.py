"""TB05 a bidder winning unusually often for one procuring entity."""

from decimal import Decimal

from .. import facts
from ..indicator import CARDINAL, BoardJudgement, Flag, Indicator

CODE = "TB05"
MIN_AWARDS = 4  # a procuring entity with fewer awards is not judged
SHARE = Decimal("0.5")  # one bidder winning more than half of them


def judge(releases: list[dict]) -> BoardJudgement:
    wins: dict[str, dict[str, list[str]]] = {}  # entity → winner → ocids
    for release in releases:
        winner = facts.winning_bid(release)
        if winner is not None:
            wins.setdefault(facts.buyer(release), {}).setdefault(facts.bidder_name(winner), []).append(release["ocid"])
    judged, english = BoardJudgement(), facts.english_names(releases)
    judged_entities = 0
    for entity, by_winner in wins.items():
        total = sum(len(ocids) for ocids in by_winner.values())
        if total < MIN_AWARDS:
            continue
        judged_entities += 1
        for winner, ocids in by_winner.items():
            if Decimal(len(ocids)) / total > SHARE:
                share = facts.percent(Decimal(len(ocids)) / total)
                for ocid in ocids:
                    judged.flags[ocid] = Flag(
                        CODE, f"{winner} 赢得招标人“{entity}”{total} 个项目中的 {len(ocids)} 个（{share}）。",
                        f"{english.get(winner, winner)} won {len(ocids)} of {english.get(entity, entity)}'s {total} "
                        f"awarded tenders ({share}).")
    if not judged_entities:
        judged.note = {"zh": f"尚无招标人有至少 {MIN_AWARDS} 个已定标项目，不作判断。",
                       "en": f"No procuring entity has {MIN_AWARDS} awarded tenders yet: no judgement."}
    return judged


INDICATOR = Indicator(
    CODE, {"zh": "同一投标人频繁中标", "en": "One bidder winning often"},
    {"zh": "一个招标人的已定标项目中，同一投标人中标的比例。",
     "en": "The share of one procuring entity's awarded tenders won by the same bidder."},
    {"zh": f"招标人至少有 {MIN_AWARDS} 个已定标项目，且同一投标人赢得其中超过 {SHARE * 100}% 时，提示这些项目。",
     "en": f"Raised on each of a procuring entity's tenders won by a bidder who won more than {SHARE * 100}% of its "
           f"awarded tenders, once it has at least {MIN_AWARDS}."},
    {"min_awards": MIN_AWARDS, "share": SHARE}, ("buyer.name", "awards[status=active].relatedBid",
        "bids.details.tenderers"),
    f"{CARDINAL}, R048; 仿其集中度指标改编 / adapted from its concentration indicator", judge, board=True)
