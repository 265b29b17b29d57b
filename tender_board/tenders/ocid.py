"""The Open Contracting ID of a tender: the configured prefix and its reference."""

from flask import current_app


def ocid(reference: str) -> str:
    """The tender's Open Contracting ID: `<OCID_PREFIX>-<reference>` (PRODUCT.md §1)."""
    return f"{current_app.config['OCID_PREFIX']}-{reference}"
