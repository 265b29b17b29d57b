"""Every staff form after a failed save: a summary at the top of the page with every error at
once, each linking to its field, the focus on its heading (autofocus: no inline script), and
nothing stored (Flask client)."""

import io
import re

import pytest

from tender_board.auth.models import Role
from tender_board.bids.models import Evaluation, Objection
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender

from .clients import TENDER_FORM, evaluation_form, signed_in, snapshot
from .factories import committee, count
from .test_manage import announcement_form


def summary(page: str) -> str:
    """The error summary, which must come before any staff form and hold the focus."""
    start = page.index('<div class="error-summary"')
    assert page.count('class="error-summary"') == 1 and start < page.find("<section") % len(page)
    forms = [m.start() for m in re.finditer(r'<form method="post"[^>]*class="staff"', page)]
    assert all(start < at for at in forms), "the summary comes before the form"
    block = page[start:page.index("</div>", start)]
    assert 'autofocus' in block and 'tabindex="-1"' in block
    return block


def links(block: str) -> list[str]:
    return re.findall(r'<a href="#([\w-]+)">', block)


def test_the_tender_form_shows_every_error_at_once_and_stores_nothing(app, make):
    client = signed_in(app, make.user(Role.MANAGER))
    bad = {**TENDER_FORM, "title_zh": "", "title_en": "", "value_amount": "12x", "city": "",
           "procuring_entity_zh": "x" * 301}
    answer = client.post("/manage/tenders/new", data=bad)
    assert answer.status_code == 422
    block = summary(answer.get_data(as_text=True))
    assert {"title_zh", "value_amount", "city", "procuring_entity_zh"} <= set(links(block)), block
    assert "4 errors" in block
    assert count(Tender) == 0
    zh = summary(signed_in(app, make.user(Role.MANAGER), "zh").post("/manage/tenders/new?lang=zh", data=bad)
                 .get_data(as_text=True))
    assert "金额不是数字" in zh and "There is a problem" not in zh


def test_editing_a_draft_shows_every_error_at_once_and_keeps_the_draft(app, make):
    tender = make.tender()
    db.session.commit()
    before = snapshot()
    answer = signed_in(app, tender.manager).post(f"/manage/tenders/{tender.reference}/edit", data={
        **TENDER_FORM, "version": str(tender.version), "city": "", "value_amount": "-3"})
    assert answer.status_code == 422
    assert {"city", "value_amount"} <= set(links(summary(answer.get_data(as_text=True))))
    assert snapshot() == before


def test_the_announcement_form_shows_its_own_and_the_rules_errors_together(app, make, clock):
    tender = make.tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    data = {**announcement_form(clock, days=5), "documents_until": "not a time"}
    answer = client.post(f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en", data=data)
    assert answer.status_code == 422
    block = summary(answer.get_data(as_text=True))
    assert {"documents_until"} <= set(links(block))
    assert count(Notice) == 0
    data = announcement_form(clock, days=15)
    block = summary(client.post(f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en",
                                data=data).get_data(as_text=True))
    assert "bid_deadline" in links(block)
    assert "Beijing time" in block and "local time, Asia/Ho_Chi_Minh" in block
    assert "documents_issued" not in block and "招标投标法" not in block and "Law art. 24" in block
    assert count(Notice) == 0


@pytest.mark.parametrize("kind", ["termination", "amendment"])
def test_a_notice_draft_with_nothing_filled_in_shows_the_summary(app, make, kind):
    tender = make.open_tender()
    db.session.commit()
    answer = signed_in(app, tender.manager).post(f"/manage/tenders/{tender.reference}/notices/new/{kind}",
                                                 data={})
    assert answer.status_code == 422
    assert links(summary(answer.get_data(as_text=True)))
    assert count(Notice) == 1


def test_the_evaluation_shows_the_committee_and_the_weights_at_once(app, make):
    tender = make.evaluating_tender(4)
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    data = evaluation_form(tender, members=committee(4, 4), **{"criteria-1-weight": "30"})
    answer = signed_in(app, evaluator).post(f"/manage/evaluations/{tender.reference}", data=data)
    assert answer.status_code == 422
    block = summary(answer.get_data(as_text=True))
    assert "The committee has 4 members" in block and "weights must sum to 100" in block
    assert {"committee", "criteria"} <= set(links(block))
    assert count(Evaluation) == 0


def test_an_objection_and_an_answer_show_the_summary(app, make):
    tender, _evaluation = make.publicity_tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    url = f"/manage/tenders/{tender.reference}/objections"
    answer = client.post(url, data={"objector": "", "text": "", "submitted_at": "2001-01-01T00:00"})
    assert answer.status_code == 422
    assert {"objector", "text"} <= set(links(summary(answer.get_data(as_text=True))))
    assert count(Objection) == 0


def test_an_upload_refused_shows_the_summary_at_the_top(app, make):
    tender = make.tender()
    db.session.commit()
    answer = signed_in(app, tender.manager).post(
        f"/manage/tenders/{tender.reference}/documents",
        data={"file": (io.BytesIO(b"MZ not a document"), "virus.exe")}, content_type="multipart/form-data")
    assert answer.status_code in (415, 422)
    assert links(summary(answer.get_data(as_text=True))) == ["file"]
    assert count(Document) == 0


def test_the_time_zones_follow_the_country_and_the_profile_the_category(app, make):
    client = signed_in(app, make.user(Role.MANAGER))
    page = client.get("/manage/tenders/new").get_data(as_text=True)
    chosen = page[page.index('<select', page.index('id="rule_profile"') - 200):]
    assert '<option selected value="overseas">' in chosen or 'value="overseas" selected' in chosen
    assert 'data-zones="Africa/Nairobi"' in page  # Kenya's option names its zone for the script
    again = client.post("/manage/tenders/new", data={**TENDER_FORM, "country": "KE", "city": ""})
    zones = again.get_data(as_text=True)
    zones = zones[zones.index('id="timezone"'):]
    assert zones.index('<optgroup label="Time zones of Kenya">') < zones.index("Africa/Nairobi") \
        < zones.index('<optgroup label="Every time zone">') < zones.index("Africa/Abidjan")


def test_the_evaluator_signs_in_to_the_workspace_and_adds_rows(app, make):
    from .clients import client_for, sign_in
    tender = make.evaluating_tender(4)
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    assert sign_in(client_for(app), evaluator).location.endswith("/manage/evaluations")
    client = signed_in(app, evaluator)
    url = f"/manage/evaluations/{tender.reference}"
    page = client.get(url).get_data(as_text=True)
    assert "?rows=" not in page and 'name="more_rows"' in page
    more = client.post(url, data={**evaluation_form(tender), "more_rows": "1"})
    grown = more.get_data(as_text=True)
    assert more.status_code == 200 and 'name="committee-8-name"' in grown and 'name="criteria-5-weight"' in grown
    assert count(Evaluation) == 0 and "error-summary" not in grown
    assert client.post(url, data=evaluation_form(tender)).status_code == 302
    again = client.get(url).get_data(as_text=True)
    grid = again[again.index('class="rows grid"'):]
    heads = grid[:grid.index("</thead>")]
    first = db.session.scalar(db.select(Evaluation)).criteria[0]
    assert (first.name.get("en") or first.name.get("zh")) in heads and "Criterion 1<" not in heads


def test_the_workspace_asks_for_the_documents_and_the_announcement_ticks_them(app, make):
    from .clients import PDF
    tender = make.tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    assert 'href="#upload"' in client.get(f"/manage/tenders/{tender.reference}").get_data(as_text=True)
    client.post(f"/manage/tenders/{tender.reference}/documents",
                data={"file": (io.BytesIO(PDF), "spec.pdf")}, content_type="multipart/form-data")
    assert 'href="#upload"' not in client.get(f"/manage/tenders/{tender.reference}").get_data(as_text=True)
    form = client.get(f"/manage/tenders/{tender.reference}/notices/new/announcement").get_data(as_text=True)
    box = form[form.index('name="documents"') - 200:form.index('name="documents"') + 200]
    assert "checked" in box


@pytest.mark.parametrize("kind", ["opening", "failure"])
def test_a_closed_tenders_drafts_show_the_summary_and_store_nothing(app, make, kind):
    tender = make.open_tender()
    make.after_deadline(tender)
    db.session.commit()
    data = {"bids-0-name": "建设公司1", "bids-0-price_amount": "abc", "bids-0-received_at": "yesterday"}
    answer = signed_in(app, tender.manager).post(
        f"/manage/tenders/{tender.reference}/notices/new/{kind}", data=data)
    assert answer.status_code == 422
    assert links(summary(answer.get_data(as_text=True)))
    assert count(Notice) == 1


def test_a_return_without_a_reason_shows_the_summary_linking_the_reason(app, make, clock):
    tender = make.tender()
    notice = make.submitted(tender, make.announcement())
    approver = make.default(Role.APPROVER)
    db.session.commit()
    answer = signed_in(app, approver).post(f"/manage/notices/{notice.id}/reject", data={"reason": ""})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    block = page[page.index('<div class="error-summary"'):]
    assert 'autofocus' in block[:300] and 'href="#reason"' in block[:600]


def test_an_answer_without_text_shows_the_summary_and_stores_nothing(app, make):
    tender, _evaluation = make.publicity_tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    url = f"/manage/tenders/{tender.reference}/objections"
    client.post(url, data={"objector": "建设公司2", "text": "评分有误。", "submitted_at": ""})
    objection = db.session.scalar(db.select(Objection))
    answer = client.post(f"{url}/answer", data={"objection": str(objection.id), f"objection-{objection.id}-answer": ""})
    assert answer.status_code == 422
    assert links(summary(answer.get_data(as_text=True))) == [f"objection-{objection.id}-answer"]
    db.session.refresh(objection)
    assert objection.answer is None


def test_the_candidates_and_the_result_show_the_summary_and_store_nothing(app, make, clock):
    tender = make.evaluating_tender(4)
    make.evaluation(tender)
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    before = count(Notice)
    answer = signed_in(app, evaluator).post(f"/manage/evaluations/{tender.reference}/candidates",
                                            data={"first": "", "second": "nobody"})
    assert answer.status_code == 422 and {"first", "second"} <= set(links(summary(answer.get_data(as_text=True))))
    publicity, _evaluation = make.publicity_tender()
    db.session.commit()
    clock.advance(days=4)
    answer = signed_in(app, publicity.manager).post(
        f"/manage/tenders/{publicity.reference}/notices/new/result", data={"winner": "nobody"})
    assert answer.status_code == 422 and "winner" in links(summary(answer.get_data(as_text=True)))
    assert count(Notice) == before + 3  # the publicity tender's own three, nothing drafted here
