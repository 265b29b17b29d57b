"""The pieces of OCDS 1.1 releases that the kinds share. Each kind's mapping (`Kind.ocds`) lives in
its own module; the envelope, the packages and the records are the ocds package's.

Everything here reads a notice's content (notices.content.notice_content) or the terms as
published, never a working copy. Amounts stay `Decimal`: the ocds package writes them as JSON
numbers, digit for digit. Bilingual text gives the Chinese in the field and each language in its
`<field>_<lang>` variant, as OCDS 1.1 allows.
"""

from datetime import UTC
from decimal import Decimal

from ..times import parse
from ..urls import public_url
from .models import KIND_NAMES, NoticeKind

BUYER_ID = "procuring-entity"  # 招标人: the buyer
AGENCY_ID = "tendering-agency"  # 招标代理机构: runs the procedure for it (OCDS procuringEntity)


def stamp(moment) -> str | None:
    """A moment in UTC, as OCDS dates are usually given."""
    parsed = parse(moment)
    return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z") if parsed else None


def value(money: dict | None) -> dict | None:
    """{"amount": "123.45", "currency": "CNY"} → an OCDS Value, the amount an exact Decimal."""
    return None if money is None else {"amount": Decimal(money["amount"]), "currency": money["currency"]}


def texts(name: str, bilingual: dict | None) -> dict:
    """`name` in Chinese (else English), and `name_zh`, `name_en` for each language given."""
    if not bilingual:
        return {}
    shown = {f"{name}_{lang}": bilingual[lang] for lang in ("zh", "en") if bilingual.get(lang)}
    return {name: bilingual.get("zh") or bilingual.get("en"), **shown} if shown else {}


def organization(party_id: str, name: dict, roles: list[str], **more) -> dict:
    return {"id": party_id, **texts("name", name), "roles": roles, **more}


def reference(party: dict) -> dict:
    """An OrganizationReference to a party."""
    return {"id": party["id"], "name": party["name"]}


def bidder_id(registration_number: str) -> str:
    return f"bidder-{registration_number}"


def bidder(bidder: dict, roles: list[str]) -> dict:
    """A tenderer as a bid names it: {name, registration_number, country}."""
    return {"id": bidder_id(bidder["registration_number"]), "name": bidder["name"],
            **({"name_en": bidder["name_en"]} if bidder.get("name_en") else {}),
            "identifier": {"id": bidder["registration_number"], "legalName": bidder["name"]},
            "address": {"countryName": bidder["country"]}, "roles": roles}


def award_id(registration_number: str) -> str:
    """One award per candidate: pending with the candidates notice, settled by the result."""
    return f"award-{registration_number}"


def bid_id(registration_number: str) -> str:
    return f"bid-{registration_number}"


def notice_document(content: dict, document_type: str, description: dict | None = None) -> dict:
    """The notice itself, at its permanent address."""
    kind = NoticeKind(content["kind"])
    zh, en = KIND_NAMES[kind]
    return {"id": f"notice-{content['number']}", "documentType": document_type,
            **texts("title", {"zh": zh, "en": en}), **texts("description", description),
            "url": public_url("notices.notice_detail", reference=content["reference"], number=content["number"]),
            "datePublished": stamp(content["published_at"]), "format": "text/html"}


def attached_documents(content: dict, document_type: str) -> list[dict]:
    """The documents published with the notice, each with its SHA-256."""
    return [{"id": f"document-{d['id']}", "documentType": document_type, "title": d["filename"],
             "url": public_url("documents.download", document_id=d["id"]),
             "datePublished": stamp(content["published_at"]), "format": d["content_type"],
             "hash": {"algorithm": "SHA-256", "value": d["sha256"]}}
            for d in content["documents"]]


def documents(content: dict, notice_type: str, attached_type: str, description: dict | None = None) -> list[dict]:
    return [notice_document(content, notice_type, description), *attached_documents(content, attached_type)]
