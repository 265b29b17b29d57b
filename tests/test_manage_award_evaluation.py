"""The evaluator's pages: tenders under evaluation, the evaluation with its score grid, the
computed ranking, and the candidates notice (Flask client)."""

import pytest

from tender_board.auth.models import Role
from tender_board.bids.models import Evaluation
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.lifecycle import Status

from .clients import approve, evaluation_form, latest_notice, signed_in, snapshot
from .factories import committee, count, tender_bids


@pytest.fixture
def evaluating(make):
    tender = make.evaluating_tender(4)
    make.default(Role.EVALUATOR)
    db.session.commit()
    return tender


def url(tender, suffix: str = "") -> str:
    return f"/manage/evaluations/{tender.reference}{suffix}"


def test_evaluators_find_the_tenders_under_evaluation(app, make, evaluating):
    client = signed_in(app, make.default(Role.EVALUATOR))
    home = client.get("/tenders").get_data(as_text=True)
    assert 'href="/manage/evaluations"' in home
    listing = client.get("/manage/evaluations").get_data(as_text=True)
    assert url(evaluating) in listing and "not recorded yet" in listing


def test_the_evaluator_records_the_evaluation_and_sees_the_computed_ranking(app, make, evaluating):
    client = signed_in(app, make.default(Role.EVALUATOR))
    page = client.get(url(evaluating)).get_data(as_text=True)
    bids = tender_bids(evaluating)
    assert f'name="score_{bids[3].id}_3"' in page  # one input per bid and criterion column
    assert 'name="committee-6-name"' in page
    scores = {b.registration_number: (40 + i, 30) for i, b in enumerate(bids)}  # the last scores best
    answer = client.post(url(evaluating), data=evaluation_form(evaluating, scores))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.location.endswith("#ranking")
    page = client.get(url(evaluating)).get_data(as_text=True)
    ranking = page[page.index('id="ranking"'):]
    assert ranking.index(bids[3].bidder_name) < ranking.index(bids[2].bidder_name) < ranking.index(bids[0].bidder_name)
    assert "73.00" in ranking  # 43 + 30, computed
    assert url(evaluating, "/candidates") in page
    assert count(Evaluation) == 1


@pytest.mark.parametrize("change, message, field", [
    ({"committee-4-name": ""}, "The committee has 4 members", None),
    ({"criteria-1-weight": "30"}, "weights must sum to 100", None),
    ({"score_BID_0": "61"}, "between 0 and 60", "score_BID_0"),
    ({"score_BID_2": "5"}, "no criterion", "score_BID_2"),
    ({"committee-1-name": "评委甲一"}, "listed twice", "committee-1-name"),
])
def test_a_bad_evaluation_is_refused_beside_its_field_and_nothing_is_stored(
        app, make, evaluating, change, message, field):
    bid = tender_bids(evaluating)[1]
    members = committee()
    members[1]["name"] = members[0]["name"] if "committee-1-name" in change else members[1]["name"]
    change = {key.replace("BID", str(bid.id)): value for key, value in change.items()
              if key != "committee-1-name"}
    field = field.replace("BID", str(bid.id)) if field else None
    before = snapshot(), count(Evaluation)
    answer = signed_in(app, make.default(Role.EVALUATOR)).post(
        url(evaluating), data=evaluation_form(evaluating, members=members, **change))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and message in page
    if field:
        assert f'id="{field}-error"' in page
    assert (snapshot(), count(Evaluation)) == before


def test_the_evaluator_drafts_the_candidates_prefilled_and_the_approver_sees_the_ranking(app, make, evaluating):
    evaluator = make.default(Role.EVALUATOR)
    make.evaluation(evaluating)
    db.session.commit()
    client = signed_in(app, evaluator)
    form = client.get(url(evaluating, "/candidates")).get_data(as_text=True)
    ranked = [b.registration_number for b in tender_bids(evaluating)]
    for place in range(3):  # pre-filled with the top three of the computed ranking
        assert f'<option selected value="{ranked[place]}">' in form
    answer = client.post(url(evaluating, "/candidates"), data={"first": ranked[0], "second": ranked[1], "third": ""})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    assert notice.payload["candidates"] == ranked[:2]
    assert client.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "Candidate 2" in review and "5 members" in review  # ranking and committee size shown...
    assert not any(member["name"] in review for member in committee())  # ...the names kept private
    assert approve(app, make, notice.id).status == NoticeStatus.PUBLISHED
    assert evaluating.status == Status.PUBLICITY


def test_candidates_out_of_the_computed_order_are_refused(app, make, evaluating):
    make.evaluation(evaluating)
    db.session.commit()
    ranked = [b.registration_number for b in tender_bids(evaluating)]
    answer = signed_in(app, make.default(Role.EVALUATOR)).post(
        url(evaluating, "/candidates"), data={"first": ranked[1], "second": ranked[0]})
    assert answer.status_code == 422 and "Candidates follow the computed ranking" in answer.get_data(as_text=True)
    assert count(Notice) == 2  # the announcement and the opening record


def test_candidates_before_any_evaluation_are_refused(app, make, evaluating):
    ranked = [b.registration_number for b in tender_bids(evaluating)]
    page = signed_in(app, make.default(Role.EVALUATOR)).get(url(evaluating, "/candidates")).get_data(as_text=True)
    assert "No evaluation has been recorded yet" in page
    answer = signed_in(app, make.default(Role.EVALUATOR)).post(url(evaluating, "/candidates"), data={"first": ranked[0]})
    assert answer.status_code == 422
    assert count(Notice) == 2


def test_other_roles_are_refused_and_a_draft_tender_is_not_found(app, make, evaluating):
    draft = make.tender()
    admin = make.user(Role.ADMIN)
    db.session.commit()
    before = snapshot(), count(Evaluation)
    for role in (Role.MANAGER, Role.APPROVER, Role.ADMIN):
        client = signed_in(app, admin if role == Role.ADMIN else make.default(role))
        for path in ("/manage/evaluations", url(evaluating), url(evaluating, "/candidates")):
            assert client.get(path).status_code == 403
        assert client.post(url(evaluating), data=evaluation_form(evaluating)).status_code == 403
    evaluator = signed_in(app, make.default(Role.EVALUATOR))
    assert evaluator.get(url(draft)).status_code == 404
    assert evaluator.post(url(draft, "/candidates"), data={"first": "X"}).status_code == 404
    assert (snapshot(), count(Evaluation)) == before


def test_a_tender_not_under_evaluation_offers_no_form(app, make):
    tender = make.open_tender()
    make.default(Role.EVALUATOR)
    db.session.commit()
    client = signed_in(app, make.default(Role.EVALUATOR))
    page = client.get(url(tender)).get_data(as_text=True)
    assert "Only a tender under evaluation" in page and 'name="method"' not in page
    assert client.post(url(tender), data=evaluation_form(tender)).status_code == 409
    assert count(Evaluation) == 0


def test_the_evaluation_pages_in_chinese(app, make, evaluating):
    client = signed_in(app, make.default(Role.EVALUATOR), lang="zh")
    assert "评标委员会" in client.get(url(evaluating)).get_data(as_text=True)
    assert "评标" in client.get("/manage/evaluations").get_data(as_text=True)
