"""What the indicators read in a compiled OCDS release (with the bids extension), in one place:
the bids, the valid ones, the winner's, the estimate, the tender period, the amendments.

Only the compiled release is read, so anyone holding the bulk file computes the same answers.
"""

from datetime import datetime
from decimal import Decimal

from ..times import parse


def amount(value: dict | None) -> Decimal | None:
    return None if not value or value.get("amount") is None else Decimal(str(value["amount"]))


def bids(release: dict) -> list[dict]:
    return release.get("bids", {}).get("details", [])


def bid_count(release: dict) -> int | None:
    """How many bids arrived, or None before any were published."""
    statistics = {s["measure"]: s["value"] for s in release.get("bids", {}).get("statistics", [])}
    if "bids" in statistics:
        return int(statistics["bids"])
    return len(bids(release)) if bids(release) else None


def valid_bids(release: dict) -> list[dict]:
    """Bids still valid: opened valid and not set aside by the committee."""
    return [b for b in bids(release) if b.get("status") == "valid" and amount(b.get("value")) is not None]


def bidder(bid: dict) -> str:
    tenderers = bid.get("tenderers") or [{}]
    return tenderers[0].get("id", bid["id"])


def bidder_name(bid: dict) -> str:
    tenderers = bid.get("tenderers") or [{}]
    return tenderers[0].get("name", bid["id"])


def winning_award(release: dict) -> dict | None:
    return next((a for a in release.get("awards", []) if a.get("status") == "active"), None)


def winning_bid(release: dict) -> dict | None:
    award = winning_award(release)
    if award is None:
        return None
    return next((b for b in bids(release) if b["id"] == award.get("relatedBid")), None)


def rival_prices(release: dict, winner: dict) -> list[Decimal]:
    """The prices of the valid bids other than the winner's, lowest first."""
    return sorted(amount(b["value"]) for b in valid_bids(release) if b["id"] != winner["id"])


def estimate(release: dict) -> Decimal | None:
    return amount(release.get("tender", {}).get("value"))


def deadline(release: dict) -> datetime | None:
    return parse(release.get("tender", {}).get("tenderPeriod", {}).get("endDate"))


def period_start(release: dict) -> datetime | None:
    return parse(release.get("tender", {}).get("tenderPeriod", {}).get("startDate"))


def amendments(release: dict) -> list[dict]:
    return release.get("tender", {}).get("amendments", [])


def buyer(release: dict) -> str:
    return release.get("buyer", {}).get("name", "")


def english_names(releases: list[dict]) -> dict[str, str]:
    """A party's name → its English name, where a release gives one (name_en): a sentence in
    English names the buyer or bidder in English, not in the script of its registered name."""
    return {party["name"]: party["name_en"] for release in releases for party in release.get("parties", [])
            if party.get("name") and party.get("name_en")}


def agency(release: dict) -> str:
    return release.get("tender", {}).get("procuringEntity", {}).get("name", "")


def money(value: Decimal, currency: str = "") -> str:
    return f"{value:,.2f} {currency}".strip()


def percent(share: Decimal) -> str:
    return f"{share * 100:.1f}%"
