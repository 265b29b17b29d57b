"""The tender lifecycle: its states, the actions that move it, and the one table that joins them.

The table is PRODUCT.md §2; `tenders.operations.apply` is the only function that changes a
tender's status, and every notice publication goes through it. The bid deadline closes a tender
by the clock alone: the stored status stays `open` and `effective_status` reads `closed` once the
deadline has passed. Nothing here touches the database.
"""

import enum
from datetime import datetime

from ..errors import DomainError


class Status(enum.StrEnum):
    DRAFT = "draft"  # 草稿
    IN_APPROVAL = "in_approval"  # 审批中
    OPEN = "open"  # 招标中
    CLOSED = "closed"  # 投标截止
    EVALUATING = "evaluating"  # 评标中
    PUBLICITY = "publicity"  # 中标候选人公示
    AWARDED = "awarded"  # 已定标
    CONTRACTED = "contracted"  # 已签约
    CANCELLED = "cancelled"  # 已终止
    FAILED = "failed"  # 流标


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the announcement goes to an approver
    REJECT = "reject"  # the approver sends it back
    PUBLISH_ANNOUNCEMENT = "publish_announcement"
    PUBLISH_AMENDMENT = "publish_amendment"
    PUBLISH_OPENING = "publish_opening"
    PUBLISH_FAILURE = "publish_failure"
    PUBLISH_CANDIDATES = "publish_candidates"
    PUBLISH_RESULT = "publish_result"
    PUBLISH_CONTRACT = "publish_contract"
    PUBLISH_TERMINATION = "publish_termination"
    RETENDER = "retender"  # the failed tender stays failed; a new draft links to it


S, A = Status, Action
TRANSITIONS: dict[tuple[Status, Action], Status] = {
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
    (S.OPEN, A.PUBLISH_TERMINATION): S.CANCELLED,
    (S.CLOSED, A.PUBLISH_TERMINATION): S.CANCELLED,
    (S.EVALUATING, A.PUBLISH_TERMINATION): S.CANCELLED,
    (S.PUBLICITY, A.PUBLISH_TERMINATION): S.CANCELLED,
    (S.FAILED, A.RETENDER): S.FAILED,
}
del S, A

STATUS_NAMES = {
    Status.DRAFT: ("草稿", "Draft"),
    Status.IN_APPROVAL: ("审批中", "In approval"),
    Status.OPEN: ("招标中", "Open for bids"),
    Status.CLOSED: ("投标截止", "Closed"),
    Status.EVALUATING: ("评标中", "Evaluating"),
    Status.PUBLICITY: ("候选人公示", "Candidates published"),
    Status.AWARDED: ("已定标", "Awarded"),
    Status.CONTRACTED: ("已签约", "Contracted"),
    Status.CANCELLED: ("已终止", "Cancelled"),
    Status.FAILED: ("流标", "Failed"),
}

ACTION_NAMES = {
    Action.SUBMIT: ("提交审批", "submit for approval"),
    Action.REJECT: ("退回", "reject"),
    Action.PUBLISH_ANNOUNCEMENT: ("发布招标公告", "publish the announcement"),
    Action.PUBLISH_AMENDMENT: ("发布变更公告", "publish an amendment"),
    Action.PUBLISH_OPENING: ("发布开标记录", "publish the opening record"),
    Action.PUBLISH_FAILURE: ("发布流标公告", "publish a failure notice"),
    Action.PUBLISH_CANDIDATES: ("发布中标候选人公示", "publish the candidates"),
    Action.PUBLISH_RESULT: ("发布中标结果公告", "publish the result"),
    Action.PUBLISH_CONTRACT: ("发布合同签订公告", "publish the contract"),
    Action.PUBLISH_TERMINATION: ("发布终止公告", "publish a termination"),
    Action.RETENDER: ("重新招标", "re-tender"),
}


def effective_status(stored: Status, bid_deadline: datetime | None, now: datetime) -> Status:
    """What the status reads now: an open tender past its deadline is closed, by the clock alone."""
    if stored == Status.OPEN and bid_deadline is not None and now >= bid_deadline:
        return Status.CLOSED
    return stored


def refusal(current: Status, action: Action) -> DomainError | None:
    """None if the table allows `action` from `current`; else the refusal naming both."""
    if (current, action) in TRANSITIONS:
        return None
    zh_state, en_state = STATUS_NAMES[current]
    zh_action, en_action = ACTION_NAMES[action]
    return DomainError({"zh": f"招标项目处于“{zh_state}”状态，不能{zh_action}。",
                        "en": f"A tender that is {en_state.lower()} cannot {en_action}."},
                       code="transition_refused", status=409)


def target_status(current: Status, action: Action) -> Status:
    """The status `action` leads to from `current`, or the refusal raised."""
    refused = refusal(current, action)
    if refused is not None:
        raise refused
    return TRANSITIONS[(current, action)]
