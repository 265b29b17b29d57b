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


def release_package(releases: list[dict], uri: str, published_date: str, next_url: str | None) -> dict:
    package = {**_metadata(uri, published_date), "releases": releases}
    if next_url:
        package["links"] = {"next": next_url}
    return package


def release_package_text(releases: list[str], uri: str, published_date: str, next_url: str | None) -> str:
    """`dumps(release_package(...))` of releases already written as JSON text, byte for byte."""
    metadata = dumps(_metadata(uri, published_date))[:-1]  # without its closing brace
    links = f',"links":{dumps({"next": next_url})}' if next_url else ""
    return f'{metadata},"releases":[{",".join(releases)}]{links}}}'


def record_package(record: dict, uri: str, published_date: str) -> dict:
    return {**_metadata(uri, published_date), "records": [record]}
