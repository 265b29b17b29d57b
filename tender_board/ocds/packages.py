"""Release and record packages (OCDS 1.1), and their JSON: amounts are written as JSON numbers
digit for digit from their `Decimal`, never through a float."""

import simplejson
from flask import current_app

from ..urls import public_url
from . import standard


def dumps(data) -> str:
    return simplejson.dumps(data, use_decimal=True, ensure_ascii=False, separators=(",", ":"))


def _metadata(uri: str, published_date: str) -> dict:
    config = current_app.config
    return {
        "uri": uri,
        "version": standard.VERSION,
        "extensions": standard.EXTENSIONS,
        "publishedDate": published_date,
        "publisher": {"name": config["OCDS_PUBLISHER_NAME"], "uri": public_url("tenders.index")},
        "license": config["OCDS_LICENSE"],
        "publicationPolicy": public_url("ocds.downloads", _anchor="policy"),
    }


def release_package(releases: list[bytes], uri: str, published_date: str, next_url: str | None) -> bytes:
    """The package, in UTF-8, of releases already written as JSON (ocds.stored): the bytes `dumps`
    would write for {metadata, "releases": [...], "links": {"next": ...}}, without decoding them."""
    metadata = dumps(_metadata(uri, published_date))[:-1].encode()  # without its closing brace
    links = f',"links":{dumps({"next": next_url})}'.encode() if next_url else b""
    return b"".join((metadata, b',"releases":[', b",".join(releases), b"]", links, b"}"))


def record_package(record: dict, uri: str, published_date: str) -> dict:
    return {**_metadata(uri, published_date), "records": [record]}
