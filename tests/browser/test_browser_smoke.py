from tender_board.extensions import db


def test_tender_list_renders_in_chromium_without_console_errors(live_server, page, make):
    with live_server.app_context():
        tender = make.open_tender()
        reference = tender.reference
        db.session.commit()
    page.goto(live_server.live_url + "/tenders")
    assert page.locator(f"text={reference}").count() == 1
    assert page.errors == []
