"""Moments as the portal keeps and exchanges them: stored in UTC, kept in payloads as ISO 8601
text, and given in Beijing time (北京时间), the portal's reference zone (PRODUCT.md §6). Each
tender also has its own zone; i18n formats moments for readers."""

from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING_ZONE = "Asia/Shanghai"
BEIJING = ZoneInfo(BEIJING_ZONE)


def parse(value: str | datetime | None) -> datetime | None:
    """A moment kept as ISO 8601 text (payloads are JSON); None stays None."""
    if not value:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def in_beijing(value: str | datetime | None) -> str | None:
    """ISO 8601 in Beijing time, with its offset: how the API gives every moment."""
    moment = parse(value)
    return moment.astimezone(BEIJING).isoformat() if moment else None


def beijing_minute(moment: datetime) -> str:
    """"2027-03-01 10:00": a moment in Beijing time, for a sentence such as a refusal."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def minute_in_zones(moment: datetime, zone: str) -> dict[str, str]:
    """The same for a refusal that people who typed local times read: Beijing time, named, and
    the project's zone beside it when it is another."""
    beijing = beijing_minute(moment)
    if zone == BEIJING_ZONE:
        return {"zh": f"北京时间 {beijing}", "en": f"{beijing} Beijing time"}
    there = moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    return {"zh": f"北京时间 {beijing}（{zone} 当地时间 {there}）",
            "en": f"{beijing} Beijing time ({there} local time, {zone})"}
