"""Complete notices (issue 13): the announcement's permalink shows every term a bidder needs, from
the notice's frozen payload; an amendment shows old → new with the changed words marked, in both
languages; the manager is warned when one language of a text changed alone; staff review pages
show times as typed with Beijing time beside; the evaluator uploads the report from a page they
may see; error summaries follow the page; and notices print cleanly."""

import io
import re
from datetime import timedelta

import pytest

from tender_board.auth.models import Role
from tender_board.bids.models import Evaluation
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.i18n import money
from tender_board.notices import diff
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender

from .clients import PDF, TENDER_FORM, client_for, evaluation_form, latest_notice, local, sign_in, signed_in
from .factories import committee, count, tender_bids
from .test_manage import announcement_form
from .test_manage_forms import links, summary

QUALIFICATION = {"zh": "具有建筑工程施工总承包一级资质", "en": "Class 1 general contractor licence for building works"}
SUBMISSION = {"zh": "密封投标文件于截止前送达北京开标室。", "en": "Sealed bids delivered by hand to the Beijing opening room."}


def publish_announcement(app, make, clock, **extra):
    """Through the staff pages: upload a PDF, draft the announcement, submit; an approver publishes."""
    tender = make.tender(qualification=QUALIFICATION)
    db.session.commit()
    manager = signed_in(app, tender.manager)
    manager.post(f"/manage/tenders/{tender.reference}/documents",
                 data={"file": (io.BytesIO(PDF), "tender-documents.pdf", "application/pdf")},
                 content_type="multipart/form-data")
    document = db.session.scalar(db.select(Document))
    data = {**announcement_form(clock, documents=[document.id]), "bid_security": "20000",
            "submission_zh": SUBMISSION["zh"], "submission_en": SUBMISSION["en"], **extra}
    drafted = manager.post(f"/manage/tenders/{tender.reference}/notices/new/announcement", data=data)
    assert drafted.status_code == 302, drafted.get_data(as_text=True)
    notice = latest_notice()
    assert manager.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    approver = make.default(Role.APPROVER)
    db.session.commit()
    assert client_for(app, approver).post(f"/manage/notices/{notice.id}/approve").status_code == 302
    db.session.refresh(tender)
    return tender, notice, document


def test_the_announcement_permalink_shows_every_term_a_bidder_needs(app, make, clock):
    tender, notice, document = publish_announcement(app, make, clock)
    page = client_for(app).get(f"/tenders/{tender.reference}/notices/1?lang=en").get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        value, security = money("1000000.00", "CNY", "en"), money("20000.00", "CNY", "en")
    for term in ("Scope of the works", "Facade and roof repair.", "Estimated value", value,
                 "Qualification requirements", QUALIFICATION["en"], "Bid security", security,
                 "Obtaining the tender documents", "Submitting bids", SUBMISSION["en"],
                 "Bid deadline", "Public opening", "北京开标室", "Contact", "Mr Zhang",
                 "tender-documents.pdf", document.sha256, f"{document.size} bytes"):
        assert term in page, term
    # The documents window in the project's zone and in Beijing time, both named.
    window = page[page.index("Obtaining the tender documents"):page.index("Submitting bids")]
    assert "UTC+07:00" in window and "UTC+08:00" in window and "Beijing" in window
    # The approval with its date and the approver's role; the ledger entry linked and explained.
    published = page[page.index("Approval and record"):]
    assert "Approved by an approver" in published and str(notice.published_at.year) in published
    entry = notice.ledger_entry.index
    assert f"/api/v1/ledger/entries?start={entry}&amp;end={entry + 1}" in published
    assert f"ledger entry {entry}" in published and "inclusion proof shows" in published

    zh = client_for(app).get(f"/tenders/{tender.reference}/notices/1?lang=zh").get_data(as_text=True)
    for term in (QUALIFICATION["zh"], SUBMISSION["zh"], "投标保证金", "获取招标文件", "北京时间", "账本第"):
        assert term in zh, term


def test_the_permalink_reads_the_frozen_notice_not_the_working_copy(app, make, clock):
    tender, _notice, _document = publish_announcement(app, make, clock)
    tender.qualification = {"en": "Changed behind the notice's back"}
    tender.description = {"en": "Another scope"}
    db.session.commit()
    page = client_for(app).get(f"/tenders/{tender.reference}/notices/1?lang=en").get_data(as_text=True)
    assert QUALIFICATION["en"] in page and "Facade and roof repair." in page
    assert "behind the notice" not in page and "Another scope" not in page


def test_a_bid_security_above_2_percent_is_refused_naming_the_rule_and_nothing_is_stored(app, make, clock):
    tender = make.tender()
    db.session.commit()
    answer = signed_in(app, tender.manager).post(
        f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en",
        data={**announcement_form(clock), "bid_security": "20000.01"})
    assert answer.status_code == 422
    block = summary(answer.get_data(as_text=True))
    assert "bid_security" in links(block) and "Regulations art. 26" in block and "20000.00 CNY" in block
    assert count(Notice) == 0
    not_a_number = signed_in(app, tender.manager).post(
        f"/manage/tenders/{tender.reference}/notices/new/announcement?lang=en",
        data={**announcement_form(clock), "bid_security": "lots"})
    assert not_a_number.status_code == 422 and "is not a number" in not_a_number.get_data(as_text=True)
    assert count(Notice) == 0


# --- amendments, old → new -------------------------------------------------------------------------

def test_words_are_compared_in_english_and_characters_in_chinese():
    old, new = diff.marked("Facade and roof repair.", "Facade, roof and window repair.")
    assert "<ins>" in new and "window" in re.findall(r"<ins>(.*?)</ins>", new)[-1]
    assert "Facade" not in "".join(re.findall(r"<(?:del|ins)>(.*?)</(?:del|ins)>", old + new))
    old, new = diff.marked("外立面及屋面维修。", "外立面、屋面及门窗维修。")
    assert re.findall(r"<ins>(.*?)</ins>", new) == ["、", "及门窗"]
    assert "<del>及</del>" in old
    old, new = diff.marked("<b>x</b>", "<b>y</b>")
    assert "<b>" not in old + new and "&lt;b&gt;" in new


def test_one_language_only_is_a_change_in_one_language_with_the_other_left_as_it_was():
    assert diff.one_language_only({"zh": "甲", "en": "A"}, {"zh": "乙", "en": "A"}) == ("zh", "en")
    assert diff.one_language_only({"zh": "甲", "en": "A"}, {"zh": "甲", "en": "B"}) == ("en", "zh")
    assert diff.one_language_only({"zh": "甲", "en": "A"}, {"zh": "乙", "en": "B"}) is None
    assert diff.one_language_only({"zh": "甲"}, {"zh": "乙"}) is None  # no English to keep up


def amendment_data(tender, **changes) -> dict:
    return {"zone": "Asia/Ho_Chi_Minh", "bid_deadline": local(tender.bid_deadline),
            "documents_until": local(tender.documents_until), "rationale_zh": "补充门窗维修。",
            "rationale_en": "Window repairs added.", "opening_place_zh": "北京开标室",
            "contact_en": "Mr Zhang, +86 10 6500 0000", "description_zh": "外立面及屋面维修。",
            "description_en": "Facade and roof repair.", **changes}


def draft_amendment(app, tender, lang="en", **changes):
    client = signed_in(app, tender.manager, lang)
    answer = client.post(f"/manage/tenders/{tender.reference}/notices/new/amendment",
                         data=amendment_data(tender, **changes))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    return client, notice, client.get(f"/manage/notices/{notice.id}?lang={lang}").get_data(as_text=True)


def test_the_public_amendment_marks_the_changed_words_in_both_languages(app, make, clock):
    tender = make.open_tender(days=40)
    db.session.commit()
    client, notice, review = draft_amendment(app, tender, description_zh="外立面、屋面及门窗维修。",
                                             description_en="Facade, roof and window repair.")
    assert "<ins>及门窗</ins>" in review and "window" in review
    assert client.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    approver = make.default(Role.APPROVER)
    db.session.commit()
    assert client_for(app, approver).post(f"/manage/notices/{notice.id}/approve").status_code == 302
    for lang in ("en", "zh"):
        page = client_for(app).get(f"/tenders/{tender.reference}/notices/2?lang={lang}").get_data(as_text=True)
        rows = page[page.index('<table class="changes'):page.index("</table>")]
        assert "<ins>及门窗</ins>" in rows and "<del>及</del>" in rows  # the Chinese, character-wise
        assert re.search(r"<ins>[^<]*window[^<]*</ins>", rows)  # the English, word-wise
        assert 'lang="zh-CN"' in rows and 'lang="en"' in rows


def test_a_text_changed_in_one_language_only_warns_the_manager_in_their_language(app, make, clock):
    tender = make.open_tender(days=40)
    db.session.commit()
    _client, notice, review = draft_amendment(app, tender, description_zh="外立面、屋面及门窗维修。")
    assert "The Chinese text of Description changed but the English did not." in review
    assert notice.status.value == "draft"  # a warning, not a refusal: the draft is saved
    zh = signed_in(app, tender.manager, "zh").get(f"/manage/notices/{notice.id}?lang=zh").get_data(as_text=True)
    assert "项目概况的中文已变更，但英文未变更。" in zh


def test_no_warning_when_both_languages_change(app, make, clock):
    tender = make.open_tender(days=40)
    db.session.commit()
    _client, _notice, review = draft_amendment(app, tender, description_zh="外立面、屋面及门窗维修。",
                                               description_en="Facade, roof and window repair.")
    assert "changed but the" not in review


# --- staff review pages: times as typed, Beijing beside ---------------------------------------------

def test_the_review_pages_show_times_as_typed_with_beijing_time_beside(app, make, clock):
    tender = make.tender()
    db.session.commit()
    manager = signed_in(app, tender.manager)
    data = announcement_form(clock)
    assert manager.post(f"/manage/tenders/{tender.reference}/notices/new/announcement", data=data).status_code == 302
    review = manager.get(f"/manage/notices/{latest_notice().id}?lang=en").get_data(as_text=True)
    typed = data["bid_deadline"].replace("T", " ")[-5:]  # HH:MM as typed in Hanoi
    beijing = f"{(int(typed[:2]) + 1) % 24:02d}{typed[2:]}"
    deadline = review[review.index("<dt>Bid deadline</dt>"):]
    deadline = deadline[:deadline.index("</dd>")]
    assert f"{typed} (UTC+07:00)" in deadline and f"{beijing} (UTC+08:00)" in deadline
    assert "Beijing" in deadline

    open_tender = make.open_tender(days=40)
    db.session.commit()
    moved = local(open_tender.bid_deadline + timedelta(days=2))
    _client, _notice, amendment = draft_amendment(app, open_tender, bid_deadline=moved)
    row = amendment[amendment.index('<table class="changes'):]
    assert f"{moved[-5:]} (UTC+07:00)" in row and "UTC+08:00" in row


# --- the evaluator's report ---------------------------------------------------------------------------

def test_the_evaluator_uploads_the_report_from_the_evaluation_page_and_stays_there(app, make):
    tender = make.evaluating_tender(3)
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    client = signed_in(app, evaluator)
    page = client.get(f"/manage/evaluations/{tender.reference}").get_data(as_text=True)
    assert f'action="/manage/evaluation-reports/{tender.reference}"' in page
    answer = client.post(f"/manage/evaluation-reports/{tender.reference}",
                         data={"file": (io.BytesIO(PDF), "report.pdf", "application/pdf")},
                         content_type="multipart/form-data")
    assert answer.status_code == 302
    landing = answer.headers["Location"]
    assert landing.startswith(f"/manage/evaluations/{tender.reference}?report=")
    report = db.session.scalar(db.select(Document).where(Document.filename == "report.pdf"))
    shown = client.get(landing)
    assert shown.status_code == 200
    assert f'<option selected value="{report.id}">' in shown.get_data(as_text=True)
    recorded = client.post(f"/manage/evaluations/{tender.reference}",
                           data=evaluation_form(tender, report_document=str(report.id)))
    assert recorded.status_code == 302


def test_an_evaluator_cannot_upload_to_a_tender_not_under_evaluation(app, make):
    tender = make.open_tender()
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    answer = signed_in(app, evaluator).post(f"/manage/evaluation-reports/{tender.reference}?lang=en",
                                            data={"file": (io.BytesIO(PDF), "report.pdf", "application/pdf")},
                                            content_type="multipart/form-data")
    assert answer.status_code == 403
    assert "an evaluator may upload the evaluation report" in answer.get_data(as_text=True)
    assert count(Document) == 0


def test_the_evaluator_lands_on_their_work_page_after_sign_in(app, make):
    evaluator = make.user(Role.EVALUATOR)
    db.session.commit()
    answer = sign_in(app.test_client(), evaluator)
    assert answer.status_code == 302 and answer.headers["Location"] == "/manage/evaluations"


# --- error summaries in the page's order ---------------------------------------------------------------

def field_ids_in_page(page: str, wanted: list[str]) -> list[str]:
    form = page[page.index('class="staff"'):]
    found = [(form.find(f'id="{name}"'), name) for name in wanted]
    assert all(at >= 0 for at, _ in found), found
    return [name for _, name in sorted(found)]


@pytest.mark.parametrize("kind", ["announcement", "amendment"])
def test_the_notice_error_summary_lists_errors_in_the_order_of_the_fields(app, make, clock, kind):
    tender = make.tender() if kind == "announcement" else make.open_tender(days=40)
    db.session.commit()
    bad = {"zone": "Asia/Ho_Chi_Minh", "documents_from": "soon", "documents_until": "later",
           "bid_deadline": "never", "bid_security": "x" * 31, "body_zh": "长" * 50001, "rationale_en": "y" * 5001,
           "contact_en": "z" * 1001}
    answer = signed_in(app, tender.manager).post(
        f"/manage/tenders/{tender.reference}/notices/new/{kind}?lang=en", data=bad)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    listed = links(summary(page))
    assert len(listed) >= 3 and "body_zh" in listed
    assert listed == field_ids_in_page(page, listed)


def test_the_tender_form_summary_follows_the_page(app, make):
    bad = {**TENDER_FORM, "title_zh": "", "title_en": "", "qualification_en": "q" * 20001, "city": "",
           "value_amount": "12x"}
    answer = signed_in(app, make.user(Role.MANAGER)).post("/manage/tenders/new", data=bad)
    page = answer.get_data(as_text=True)
    listed = links(summary(page))
    assert "qualification_en" in listed and "city" in listed
    assert listed == field_ids_in_page(page, listed)


# --- printing -----------------------------------------------------------------------------------------

def test_every_page_links_the_print_stylesheet(app, make):
    page = client_for(app).get("/").get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/print.css[^"]*" media="print">', page)
    css = client_for(app).get("/static/print.css").get_data(as_text=True)
    assert "header.site" in css and "display: none" in css  # no navigation
    assert 'a[href]::after { content: " <" attr(href) ">"' in css  # link addresses written out
    assert "break-inside: avoid" in css and "color: #000" in css


def test_editing_a_draft_tender_in_one_language_only_warns_and_saves(app, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    client = signed_in(app, manager)
    assert client.post("/manage/tenders/new", data={**TENDER_FORM, "qualification_zh": "一级资质"}).status_code == 302
    tender = db.session.scalar(db.select(Tender))
    edit = {**TENDER_FORM, "qualification_zh": "一级资质", "title_zh": "驻越南大使馆办公楼维修工程",
            "version": str(tender.version)}
    saved = client.post(f"/manage/tenders/{tender.reference}/edit?lang=en", data=edit, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "Draft saved." in page
    assert "The Chinese text of Title changed but the English did not." in page
    assert "of Qualification requirements changed" not in page  # unchanged in both languages
    db.session.refresh(tender)
    assert tender.title["zh"] == "驻越南大使馆办公楼维修工程"  # a warning: the edit is stored


def test_the_evaluation_summary_follows_the_page_score_grid_included(app, make):
    tender = make.evaluating_tender(3)
    evaluator = make.default(Role.EVALUATOR)
    db.session.commit()
    first_bid = min(b.id for b in tender_bids(tender))
    data = evaluation_form(tender, members=committee(4, 4), **{"criteria-1-weight": "30",
                                                                f"score_{first_bid}_0": "9" * 11,
                                                                "rejected-0-reason": "r" * 2001})
    answer = signed_in(app, evaluator).post(f"/manage/evaluations/{tender.reference}", data=data)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    listed = links(summary(page))
    assert {"committee", "criteria", f"score_{first_bid}_0", "rejected-0-reason"} <= set(listed), listed
    assert listed == field_ids_in_page(page, listed)
    assert count(Evaluation) == 0


def test_the_open_data_says_how_to_submit_bids(app, make):
    tender = make.tender()
    make.publish(tender, {**make.announcement(), "submission": SUBMISSION, "bid_security": "10000"})
    db.session.commit()
    record = client_for(app).get(f"/ocds/records/{tender.ocid}.json").get_json()
    compiled = record["records"][0]["compiledRelease"]["tender"]
    assert compiled["submissionMethodDetails"] == SUBMISSION["zh"]
    assert compiled["submissionMethodDetails_en"] == SUBMISSION["en"]


@pytest.mark.parametrize("bad", [{"zone": "Mars/Olympus"}, {"bid_security": {"amount": "1"}},
                                 {"submission": {"fr": "Par la poste"}}])
def test_the_api_refuses_a_bad_zone_security_or_submission_naming_the_field(app, make, bad):
    tender = make.tender()
    db.session.commit()
    answer = client_for(app).post(f"/api/v1/tenders/{tender.reference}/notices",
                                  json={**make.announcement(), **bad}, headers=make.token(tender.manager))
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"].split(".")[0] == next(iter(bad))
    assert count(Notice) == 0
