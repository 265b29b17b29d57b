"""The ledger's one serialisation: canonical JSON, so that the same facts always hash the same.

Keys sorted, no whitespace, UTF-8 (no \\u escapes but those JSON requires), no floats (money and
scores are decimal strings), times in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
"""

import json
from datetime import UTC, datetime


def utc_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _checked(value, where: str = "entry"):
    if isinstance(value, float):
        raise TypeError(f"{where} is a float; the ledger holds decimals as strings")
    if isinstance(value, datetime):
        return utc_time(value)
    if isinstance(value, dict):
        return {str(key): _checked(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_checked(item, f"{where}[{i}]") for i, item in enumerate(value)]
    return value


def canonical_json(value) -> str:
    """`value` as canonical JSON text; a float anywhere in it is refused (TypeError)."""
    return json.dumps(_checked(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
