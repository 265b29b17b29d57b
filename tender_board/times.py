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
