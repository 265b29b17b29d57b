"""The changes feed for machines: /api/v1/notices?since=<sequence> lists published notices of real
tenders in ledger order, so a mirror following it never misses nor repeats one."""

import pytest

from tender_board.extensions import db


def follow(client, since: int = 0, limit: int = 2) -> tuple[list[dict], int]:
    """What a mirror does: pages from `since`, keeping the last sequence it received."""
    items, url = [], f"/api/v1/notices?since={since}&limit={limit}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_json()
        items += page["items"]
        url = page["next"]
    return items, (items[-1]["sequence"] if items else since)


def test_a_mirror_gets_every_notice_once_in_ledger_order(app, make, client):
    refs = make.catalogue()
    items, last = follow(client)
    sequences = [i["sequence"] for i in items]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    assert refs["sandbox"] not in {i["reference"] for i in items}
    assert {i["reference"] for i in items} == {v for k, v in refs.items() if k != "sandbox"}
    first = items[0]
    assert first["kind"] == "announcement" and first["number"] == 1 and first["payload"]["title"]
    assert first["url"].endswith(f"/tenders/{first['reference']}/notices/1") and first["ocid"]

    make.clock.advance(hours=1)
    make.open_tender()
    db.session.commit()
    newer, _ = follow(client, since=last)
    assert len(newer) == 1 and newer[0]["sequence"] > last


@pytest.mark.parametrize("since", ["-1", "abc", "1.5", "2147483648", "１"])
def test_a_bad_cursor_is_refused_with_a_json_error(client, since):
    response = client.get("/api/v1/notices", query_string={"since": since})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "since"


def test_an_empty_board_has_an_empty_feed(client):
    assert client.get("/api/v1/notices").get_json() == {"items": [], "next": None}
