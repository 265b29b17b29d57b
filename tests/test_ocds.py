"""OCDS 1.1 with the bids extension: every package valid against the standard's schemas (offline),
one immutable release per published notice, records compiled by ocdsmerge, sandbox never shown."""

import io
import json
from pathlib import Path

import pytest
import simplejson
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from sqlalchemy import delete, select, text
from werkzeug.datastructures import FileStorage

from tender_board.documents.storage import store_upload
from tender_board.extensions import db
from tender_board.ocds import packages, standard
from tender_board.ocds.models import StoredRelease

SHARED = Path(__file__).resolve().parents[2] / "shared" / "ocds-1.1.5"
BASE = "https://standard.open-contracting.org/schema/1__1__5/"


@pytest.fixture(scope="module")
def validators() -> dict:
    """Release and record package validators: the release schema with the bids extension merged
    in, every schema resolved from the copies kept in the repository, no network."""
    schemas = {name: standard.load(name) for name in (
        "release-package-schema.json", "record-package-schema.json", "versioned-release-validation-schema.json")}
    schemas["release-schema.json"] = standard.release_schema()
    registry = Registry().with_resources(
        (BASE + name, Resource.from_contents(schema, default_specification=DRAFT4)) for name, schema in schemas.items())
    return {kind: Draft4Validator(schemas[f"{kind}-package-schema.json"], registry=registry,
                                  format_checker=Draft4Validator.FORMAT_CHECKER) for kind in ("release", "record")}


def valid(validators: dict, kind: str, package: dict) -> dict:
    errors = sorted(validators[kind].iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return package


@pytest.fixture
def world(app, make):
    catalogue = make.catalogue()
    return {**make.every_kind(), "catalogue": catalogue}


def all_releases(client, limit: int = 3) -> list[dict]:
    """Every page of /ocds/releases.json, following links.next."""
    releases, url = [], f"/ocds/releases.json?limit={limit}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        package = response.get_json()
        releases += package["releases"]
        url = package.get("links", {}).get("next")
    return releases


def compiled(client, tender) -> dict:
    response = client.get(f"/ocds/records/{tender.ocid}.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["records"][0]["compiledRelease"]


def test_the_schemas_kept_in_the_repository_are_the_standards(app):
    if not SHARED.exists():
        pytest.skip("the shared copy of the standard is not on this machine")
    for name in ("release-schema.json", "release-package-schema.json", "record-package-schema.json",
                 "versioned-release-validation-schema.json", "extensions/bids/release-schema.json"):
        assert standard.load(name) == json.loads((SHARED / name).read_text(encoding="utf-8")), name


def test_every_release_and_record_package_is_valid(client, world, validators):
    url = "/ocds/releases.json?limit=4"
    while url:
        package = valid(validators, "release", client.get(url).get_json())
        assert package["version"] == "1.1" and package["extensions"] == standard.EXTENSIONS
        assert package["publisher"]["name"] and package["license"] and package["publicationPolicy"]
        url = package.get("links", {}).get("next")
    for tender in (world["awarded"], world["amended"], world["cancelled"], world["failed"]):
        valid(validators, "record", client.get(f"/ocds/records/{tender.ocid}.json").get_json())


def test_one_release_per_published_notice_newest_first_never_a_sandbox_one(client, world):
    releases = all_releases(client)
    ids = [r["id"] for r in releases]
    assert len(ids) == len(set(ids))
    published = db.session.execute(text(
        "SELECT count(*) FROM notices JOIN tenders ON tenders.id = notices.tender_id "
        "WHERE notices.status = 'published' AND NOT tenders.sandbox")).scalar()
    assert len(releases) == published
    assert [r["date"] for r in releases] == sorted((r["date"] for r in releases), reverse=True)
    assert not any(r["ocid"].endswith(world["catalogue"]["sandbox"]) for r in releases)
    assert {t for r in releases for t in r["tag"]} == {
        "tender", "tenderAmendment", "tenderUpdate", "award", "awardUpdate", "contract", "tenderCancellation"}


def test_a_finished_tender_compiles_to_its_winner_contract_and_bid_statistics(client, world):
    tender = world["awarded"]
    release = compiled(client, tender)
    assert release["ocid"] == tender.ocid and release["tag"] == ["compiled"]
    assert release["tender"]["status"] == "complete" and release["tender"]["mainProcurementCategory"] == "works"
    assert release["tender"]["value"] == {"amount": 1000000, "currency": "CNY"}
    assert release["tender"]["numberOfTenderers"] == 3 and release["tender"]["procurementMethod"] == "open"
    assert release["buyer"]["id"] == "procuring-entity"
    active = [a for a in release["awards"] if a["status"] == "active"]
    assert len(active) == 1 and active[0]["suppliers"][0]["name"] == "建设公司1"
    assert {a["status"] for a in release["awards"] if a is not active[0]} == {"unsuccessful"}
    assert release["contracts"][0]["awardID"] == active[0]["id"]
    assert release["contracts"][0]["value"] == {"amount": 950000, "currency": "CNY"}
    statistics = {s["measure"]: s["value"] for s in release["bids"]["statistics"]}
    assert statistics == {"bids": 3, "validBids": 3, "lowestValidBidValue": 900000}
    assert len(release["bids"]["details"]) == 3
    roles = {p["id"]: p["roles"] for p in release["parties"]}
    assert roles[active[0]["suppliers"][0]["id"]] == ["tenderer", "supplier"]


def test_a_failed_tender_is_unsuccessful_and_a_cancelled_one_cancelled(client, world):
    assert compiled(client, world["failed"])["tender"]["status"] == "unsuccessful"
    assert compiled(client, world["cancelled"])["tender"]["status"] == "cancelled"


def test_an_amendment_is_a_tender_amendment_and_moves_the_tender_period(client, world):
    tender = world["amended"]
    package = client.get(f"/ocds/records/{tender.ocid}.json").get_json()
    releases = package["records"][0]["releases"]
    assert [r["tag"] for r in releases] == [["tender"], ["tenderAmendment"]]
    release = package["records"][0]["compiledRelease"]
    assert release["tender"]["amendments"][0]["rationale_en"] == "Extended at bidders' request."
    assert release["tender"]["tenderPeriod"]["endDate"] == releases[1]["tender"]["tenderPeriod"]["endDate"]
    assert release["tender"]["tenderPeriod"]["endDate"] > releases[0]["tender"]["tenderPeriod"]["endDate"]


def test_documents_carry_their_sha256(app, make, client):
    tender = make.tender()
    pdf = store_upload(tender, FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "terms.pdf", content_type="application/pdf"),
                       tender.manager)
    make.publish(tender, {**make.announcement(), "documents": [pdf.id]})
    db.session.commit()
    documents = compiled(client, tender)["tender"]["documents"]
    attached = [d for d in documents if d["id"] == f"document-{pdf.id}"][0]
    assert attached["hash"] == {"algorithm": "SHA-256", "value": pdf.sha256}
    assert attached["documentType"] == "biddingDocuments" and attached["url"].endswith(f"/documents/{pdf.id}")


def test_releases_never_change_and_never_read_the_working_copy(client, world, clock):
    tender = world["amended"]
    before = client.get(f"/ocds/records/{tender.ocid}.json").get_json()["records"][0]["releases"]
    db.session.execute(text("UPDATE tenders SET title = :t, value_amount = 1 WHERE id = :id"),
                       {"t": '{"zh": "篡改", "en": "Tampered"}', "id": tender.id})
    db.session.commit()
    after = client.get(f"/ocds/records/{tender.ocid}.json").get_json()["records"][0]
    assert after["releases"] == before
    assert after["compiledRelease"]["tender"]["title_en"] == "Embassy in Nairobi: perimeter wall"


def test_conditional_get_answers_304_until_something_is_published(client, world, make):
    for url in ("/ocds/releases.json", f"/ocds/records/{world['awarded'].ocid}.json"):
        first = client.get(url)
        assert first.headers["ETag"] and first.headers["Last-Modified"]
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    etag = client.get("/ocds/releases.json").headers["ETag"]
    make.clock.advance(hours=1)
    make.open_tender()
    db.session.commit()
    assert client.get("/ocds/releases.json", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "limit=100000", "cursor=-1", "cursor=1e3",
                                   "cursor=99999999999999999999", "cursor=2147483648", "limit=%EF%BC%91",
                                   "limit=-1", "cursor=9223372036854775808", "cursor=abc", "cursor="])
def test_bad_parameters_get_400_json(client, world, query):
    response = client.get(f"/ocds/releases.json?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_parameter"


@pytest.mark.parametrize("query", ["cursor=%00", "limit=%00", "cursor=1%002"])
def test_a_nul_in_a_parameter_gets_400_json(client, world, query):
    response = client.get(f"/ocds/releases.json?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_character"


def test_an_unknown_or_sandbox_ocid_is_404_json(client, world, app):
    assert client.get("/ocds/records/ocds-tb0000-NOPE.json").status_code == 404
    sandbox = world["catalogue"]["sandbox"]
    response = client.get(f"/ocds/records/{app.config['OCID_PREFIX']}-{sandbox}.json")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_amounts_are_exact_json_numbers(app, make, client):
    tender = make.open_tender(value={"amount": "987654321.05", "currency": "CNY"})
    db.session.commit()
    body = client.get(f"/ocds/records/{tender.ocid}.json").get_data(as_text=True)
    assert '"amount":987654321.05' in body


def test_the_downloads_page_explains_the_policy_in_both_languages(client, world):
    english = client.get("/downloads?lang=en").get_data(as_text=True)
    chinese = client.get("/downloads?lang=zh").get_data(as_text=True)
    assert 'id="policy"' in english and "/ocds/releases.json" in english and "Publication policy" in english
    assert "发布政策" in chinese


def test_releases_of_a_day_later_page_continue_without_gaps(client, world, make):
    seen = [r["id"] for r in all_releases(client, limit=2)]
    make.clock.advance(days=1)
    make.open_tender(days=25)
    db.session.commit()
    again = [r["id"] for r in all_releases(client, limit=2)]
    assert again[1:] == seen and len(again) == len(seen) + 1


def test_the_demo_data_is_valid_ocds_and_its_finished_tenders_compile(make_app, validators):
    from tender_board.clock import system_now
    from tender_board.models import Tender
    from tender_board.tenders.lifecycle import Status

    app = make_app(CLOCK=system_now)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    client = app.test_client()
    url = "/ocds/releases.json?limit=50"
    while url:
        package = valid(validators, "release", client.get(url).get_json())
        url = package.get("links", {}).get("next")
    with app.app_context():
        tenders = db.session.scalars(db.select(Tender).where(Tender.published_at.is_not(None))).all()
        by_status = {}
        for tender in tenders:
            package = valid(validators, "record", client.get(f"/ocds/records/{tender.ocid}.json").get_json())
            by_status.setdefault(tender.status_at(system_now()), []).append(package["records"][0])
        contracted = by_status[Status.CONTRACTED][0]["compiledRelease"]
        winner = next(a for a in contracted["awards"] if a["status"] == "active")
        assert winner["suppliers"] and contracted["contracts"][0]["awardID"] == winner["id"]
        assert {s["measure"] for s in contracted["bids"]["statistics"]} >= {"bids", "validBids", "lowestValidBidValue"}
        assert contracted["tender"]["status"] == "complete"
        assert all(r["compiledRelease"]["tender"]["status"] == "unsuccessful" for r in by_status[Status.FAILED])
        retender = next(t for t in tenders if t.retender_of is not None)
        compiled = client.get(f"/ocds/records/{retender.ocid}.json").get_json()["records"][0]["compiledRelease"]
        assert compiled["relatedProcesses"][0]["identifier"] == retender.retender_of.ocid


def test_no_release_package_is_empty(client, make):
    """A release package holds at least one release: none yet, or past the last one, is a 404."""
    response = client.get("/ocds/releases.json")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    make.open_tender()
    db.session.commit()
    assert client.get("/ocds/releases.json").get_json()["releases"] and "links" not in client.get(
        "/ocds/releases.json").get_json()
    assert client.get("/ocds/releases.json?cursor=1").status_code == 404


PAGES = ["/ocds/releases.json", "/ocds/releases.json?limit=2", "/ocds/releases.json?limit=3&cursor=6",
         "/ocds/releases.json?cursor=4&limit=500", "/ocds/releases.json?cursor=2"]


def answers(client, base_url: str = "http://tenders.test") -> list[tuple]:
    return [(r.status_code, r.get_data(), r.headers["ETag"], r.headers["Last-Modified"])
            for r in (client.get(page, base_url=base_url) for page in PAGES)]


def test_the_pages_read_from_the_kept_releases_are_the_pages_compiled_from_the_notices(client, world):
    kept = answers(client)
    assert all(status == 200 for status, *_ in kept) and b"tenders.test/tenders/" in kept[0][1]
    for _status, body, *_ in kept:  # exactly what encoding the package whole writes
        assert packages.dumps(simplejson.loads(body, use_decimal=True)).encode() == body
    db.session.execute(delete(StoredRelease).where(StoredRelease.sequence == 3))
    db.session.commit()
    assert answers(client) == kept  # one compiled among the kept ones
    db.session.execute(delete(StoredRelease))
    db.session.commit()
    assert answers(client) == kept  # all compiled, as before releases were kept


def test_without_a_public_address_the_kept_releases_link_to_the_readers_host(make_app, make):
    app = make_app(PUBLIC_URL=None, SERVER_NAME=None)
    with app.app_context():
        make.open_tender()
        db.session.commit()
        client = app.test_client()
        kept = answers(client, "https://board.example:8443/sub")
        assert b'"url":"https://board.example:8443/sub/tenders/' in kept[0][1]
        assert b"ocds-links.invalid" not in kept[0][1]
        db.session.execute(delete(StoredRelease))
        db.session.commit()
        assert answers(client, "https://board.example:8443/sub") == kept


def test_a_notice_that_names_the_placeholder_host_is_compiled_not_kept(client, make):
    odd = {"zh": "见 http://ocds-links.invalid/x", "en": "See http://ocds-links.invalid/x"}
    make.open_tender(title=odd)
    db.session.commit()
    assert db.session.scalar(select(StoredRelease.sequence)) is None
    release = client.get("/ocds/releases.json").get_json()["releases"][0]
    assert release["tender"]["title_en"] == "See http://ocds-links.invalid/x"
    assert release["tender"]["documents"][0]["url"].startswith("http://tenders.test/tenders/")


def test_the_releases_command_keeps_every_public_release_again(app, client, world):
    before = db.session.execute(select(StoredRelease.sequence, StoredRelease.body)
                                .order_by(StoredRelease.sequence)).all()
    assert len(before) == len(all_releases(client))
    db.session.execute(delete(StoredRelease))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["ocds", "releases"])
    assert result.exit_code == 0 and f"{len(before)} releases kept" in result.output
    db.session.expire_all()
    assert db.session.execute(select(StoredRelease.sequence, StoredRelease.body)
                              .order_by(StoredRelease.sequence)).all() == before
