"""The transition table of PRODUCT.md §2, pair by pair, and the engine driving real tenders."""

from datetime import timedelta

import pytest

from tender_board.errors import DomainError
from tender_board.extensions import db
from tender_board.models import Notice, Role, Tender, TenderEvent
from tender_board.notices.operations import approve_notice, draft_notice, reject_notice, submit_notice
from tender_board.tenders.lifecycle import Action, Status, target_status
from tender_board.tenders.operations import retender

S, A = Status, Action
# Written out again from PRODUCT.md §2, independently of the application's table.
EXPECTED = {
    (S.DRAFT, A.SUBMIT): S.IN_APPROVAL,
    (S.IN_APPROVAL, A.REJECT): S.DRAFT,
    (S.IN_APPROVAL, A.PUBLISH_ANNOUNCEMENT): S.OPEN,
    (S.OPEN, A.PUBLISH_AMENDMENT): S.OPEN,
    (S.CLOSED, A.PUBLISH_OPENING): S.EVALUATING,
    (S.CLOSED, A.PUBLISH_FAILURE): S.FAILED,
    (S.EVALUATING, A.PUBLISH_FAILURE): S.FAILED,
    (S.EVALUATING, A.PUBLISH_CANDIDATES): S.PUBLICITY,
    (S.PUBLICITY, A.PUBLISH_RESULT): S.AWARDED,
    (S.AWARDED, A.PUBLISH_CONTRACT): S.CONTRACTED,
    **{(state, A.PUBLISH_TERMINATION): S.CANCELLED
       for state in (S.OPEN, S.CLOSED, S.EVALUATING, S.PUBLICITY)},
    (S.FAILED, A.RETENDER): S.FAILED,
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("state", list(Status))
def test_every_state_and_action(state, action):
    if (state, action) in EXPECTED:
        assert target_status(state, action) == EXPECTED[(state, action)]
    else:
        with pytest.raises(DomainError) as refused:
            target_status(state, action)
        assert refused.value.status == 409
        assert refused.value.code == "transition_refused"
        assert refused.value.message["zh"] and refused.value.message["en"]


def test_announcement_goes_through_approval_before_the_tender_opens(app, make):
    manager, approver = make.default(Role.MANAGER), make.default(Role.APPROVER)
    tender = make.tender()
    assert tender.status == Status.DRAFT
    notice = draft_notice(tender, make.announcement(), manager)
    submit_notice(notice, manager)
    assert tender.status == Status.IN_APPROVAL
    reject_notice(notice, approver, "联系人电话有误 / wrong phone number")
    assert tender.status == Status.DRAFT and notice.rejection_reason.startswith("联系人")
    submit_notice(notice, manager)
    approve_notice(notice, approver)
    assert tender.status == Status.OPEN
    assert (notice.number, notice.sequence) == (1, 1)
    assert [e.to_status for e in tender.events] == [S.IN_APPROVAL, S.DRAFT, S.IN_APPROVAL, S.OPEN]


def test_a_notice_awaiting_approval_leaves_the_tender_where_it_is(app, make):
    tender = make.open_tender()
    termination = draft_notice(tender, {"kind": "termination", "reason": {"zh": "规划调整"}},
                               tender.manager)
    submit_notice(termination, tender.manager)
    assert tender.status == Status.OPEN
    approve_notice(termination, make.default(Role.APPROVER))
    assert tender.status == Status.CANCELLED


def test_a_cancelled_tender_takes_no_more_notices(app, make):
    tender = make.open_tender()
    make.publish(tender, {"kind": "termination", "reason": {"en": "Site plan changed"}})
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, {"kind": "amendment", "changes": {"contact": {"zh": "李工"}},
                              "rationale": {"zh": "更换联系人"}}, tender.manager)
    assert refused.value.status == 409
    assert "cancelled" in refused.value.message["en"]


def test_the_clock_alone_closes_a_tender_and_amendments_stop(app, make, clock):
    tender = make.open_tender(days=25)
    clock.at = tender.bid_deadline - timedelta(seconds=1)
    assert tender.status_at(clock()) == Status.OPEN
    clock.at = tender.bid_deadline
    assert tender.status_at(clock()) == Status.CLOSED
    assert tender.status == Status.OPEN  # nothing was written: the status is derived
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, {"kind": "amendment", "changes": {"contact": {"zh": "李工"}},
                              "rationale": {"zh": "更换联系人"}}, tender.manager)
    assert "closed" in refused.value.message["en"]


def test_a_failed_tender_is_retendered_once_linked_both_ways(app, make, clock):
    tender = make.open_tender()
    clock.at = tender.bid_deadline + timedelta(hours=1)
    make.publish(tender, {"kind": "failure", "reason_code": "fewer_bids",
                          "reason": {"zh": "仅收到 2 份投标"}})
    assert tender.status == Status.FAILED
    again = retender(tender, tender.manager)
    db.session.flush()
    assert again.status == Status.DRAFT and again.reference != tender.reference
    assert again.retender_of is tender and tender.retendered_as is again
    assert again.title == tender.title and again.value_amount == tender.value_amount
    with pytest.raises(DomainError):
        retender(tender, tender.manager)
    assert db.session.query(Tender).count() == 2


def test_history_is_appended_for_every_transition(app, make, clock):
    tender = make.open_tender()
    make.publish(tender, {"kind": "termination", "reason": {"zh": "终止"}})
    events = db.session.query(TenderEvent).filter_by(tender_id=tender.id).order_by(TenderEvent.id).all()
    assert [(e.from_status, e.action, e.to_status) for e in events] == [
        (S.DRAFT, A.SUBMIT, S.IN_APPROVAL),
        (S.IN_APPROVAL, A.PUBLISH_ANNOUNCEMENT, S.OPEN),
        (S.OPEN, A.PUBLISH_TERMINATION, S.CANCELLED),
    ]
    assert all(isinstance(e.notice, Notice) for e in events)
