"""The manager's announcement path, as a browser walks it: sign in, create the tender, upload its
documents, draft the announcement with them (ticked already) and submit it, in seven pages and
four buttons."""

import io
import re

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.models import Tender

from .clients import PASSWORD, PDF, TENDER_FORM
from .factories import count
from .test_manage import announcement_form


class Walk:
    """A browser that counts the pages it shows and the buttons pressed to get there."""

    def __init__(self, client):
        self.client, self.pages, self.buttons = client, [], 0

    def open(self, path: str) -> str:
        answer = self.client.get(path)
        assert answer.status_code == 200, path
        self.pages.append(path)
        return answer.get_data(as_text=True)

    def press(self, path: str, **kwargs) -> str:
        self.buttons += 1
        answer = self.client.post(path, follow_redirects=True, **kwargs)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        self.pages.append(answer.request.path)
        return answer.get_data(as_text=True)


def link(html: str, label: str) -> str:
    found = re.search(r'<a href="([^"]+)">' + re.escape(label) + "</a>", html)
    assert found, label
    return found.group(1)


def test_the_announcement_path_takes_seven_pages_and_four_buttons(app, make, clock):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    walk = Walk(app.test_client())
    walk.open("/login?lang=en")
    home = walk.press("/login", data={"email": manager.email, "password": PASSWORD})
    walk.open(link(home, "Create a tender"))
    workspace = walk.press("/manage/tenders/new", data=TENDER_FORM)
    tender = db.session.scalar(db.select(Tender))
    assert 'href="#upload">Upload the tender documents' in workspace
    workspace = walk.press(f"/manage/tenders/{tender.reference}/documents", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PDF), "spec.pdf", "application/pdf")})
    draft_form = walk.open(link(workspace, "Draft the announcement"))
    assert '<button type="submit" name="and_submit" value="1"' in draft_form  # "Save and submit for approval"
    document = tender.documents[0]
    assert re.search(rf'value="{document.id}"[^>]*checked|checked[^>]*value="{document.id}"', draft_form)
    walk.press(f"/manage/tenders/{tender.reference}/notices/new/announcement",
               data={**announcement_form(clock, documents=[document.id]), "and_submit": "1"})
    notice = db.session.scalar(db.select(Notice))
    assert notice.status == NoticeStatus.IN_APPROVAL and notice.documents == [document]
    assert (len(walk.pages), walk.buttons) == (7, 4), walk.pages


def test_save_and_submit_refused_stores_nothing_and_shows_why(app, make, clock):
    tender = make.tender()
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": tender.manager.email, "password": PASSWORD})
    too_soon = announcement_form(clock, days=10)
    answer = client.post(f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en",
                         data={**too_soon, "and_submit": "1"})
    assert answer.status_code == 422 and "20 days" in answer.get_data(as_text=True)
    assert count(Notice) == 0
    saved = client.post(f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en",
                        data={**announcement_form(clock), "and_submit": "1"}, follow_redirects=True)
    assert "Saved and submitted for approval" in saved.get_data(as_text=True)
    assert db.session.scalar(db.select(Notice)).status == NoticeStatus.IN_APPROVAL


def test_every_managers_draft_form_offers_save_and_submit(app, make):
    tender = make.open_tender()
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": tender.manager.email, "password": PASSWORD})
    for kind in ("amendment", "termination"):
        page = client.get(f"/manage/tenders/{tender.reference}/notices/new/{kind}?lang=en").get_data(as_text=True)
        assert "Save and submit for approval</button>" in page, kind
