from tender_board.tenders.lifecycle import Status


def test_open_tender_is_listed_and_closes_by_the_clock(client, make, clock):
    tender = make.open_tender(days=25)
    from tender_board.extensions import db
    db.session.commit()
    assert tender.reference in client.get("/tenders").get_data(as_text=True)
    clock.advance(days=25)
    assert tender.status_at(clock()) == Status.CLOSED
    item = client.get("/api/v1/tenders").get_json()["items"][0]
    assert item["status"] == "closed"
