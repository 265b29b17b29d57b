"""The OCDS 1.1.5 schemas kept in `schema/`, the bids extension applied (RFC 7386 JSON Merge Patch):
ocdsmerge reads its merge rules from the result, so compiling a record needs no network."""

import json
from functools import cache
from pathlib import Path

import ocdsmerge
from ocdsmerge.rules import get_merge_rules

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
VERSION = "1.1"
EXTENSIONS = ["https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"]


def load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7386: objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


@cache
def release_schema() -> dict:
    """The release schema with the bids extension (read only: callers must not change it)."""
    return merge_patch(load("release-schema.json"), load("extensions/bids/release-schema.json"))


@cache
def merger() -> ocdsmerge.Merger:
    # A deep copy: jsonref replaces the references in the schema it is given.
    return ocdsmerge.Merger(merge_rules=get_merge_rules(json.loads(json.dumps(release_schema()))))
