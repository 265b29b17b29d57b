"""The whole second half through the API, on sandbox tenders whose days pass in seconds.

Sandbox acceleration in tests is 86400: a statutory day lasts one second of the test clock.
"""

import io
from datetime import datetime, timedelta

from tender_board.extensions import db

from .factories import BIDDERS, committee, tender_data

API = "/api/v1"


class Desk:
    """The people of a tender, each with a token, posting JSON."""

    def __init__(self, client, make, clock):
        self.client, self.clock = client, clock
        self.manager = make.token(make.default("manager"))
        self.approver = make.token(make.default("approver"))
        self.evaluator = make.token(make.default("evaluator"))
        db.session.commit()

    def post(self, url: str, body: dict | None, who: dict, status: int = 200):
        answer = self.client.post(API + url, json=body, headers=who)
        assert answer.status_code == status, answer.get_json()
        return answer.get_json()

    def publish(self, reference: str, body: dict, author: dict) -> dict:
        """Draft, submit and approve one notice: four eyes, every rule checked again."""
        notice = self.post(f"/tenders/{reference}/notices", body, author, 201)
        self.post(f"/notices/{notice['id']}/submit", None, author)
        return self.post(f"/notices/{notice['id']}/approve", None, self.approver)

    def tender(self, reference: str) -> dict:
        return self.client.get(f"{API}/tenders/{reference}").get_json()

    def announce(self) -> str:
        reference = self.post("/tenders", {**tender_data(), "sandbox": True}, self.manager, 201)[
            "reference"]
        self.announce_again(reference)
        return reference

    def announce_again(self, reference: str) -> None:
        now = self.clock()
        self.publish(reference, {
            "kind": "announcement", "bid_deadline": (now + timedelta(seconds=21)).isoformat(),
            "documents_from": now.isoformat(),
            "documents_until": (now + timedelta(seconds=10)).isoformat(),
            "opening_place": {"zh": "北京开标室"}, "contact": {"en": "Mr Zhang"}}, self.manager)


def bids(deadline: str, count: int) -> list[dict]:
    received = (datetime.fromisoformat(deadline) - timedelta(seconds=2)).isoformat()
    return [{"bidder": {"name": name, "registration_number": number, "country": country},
             "price": {"amount": f"{900000 + 10000 * i}.00", "currency": "CNY"},
             "received_at": received, "security": {"amount": "20000.00", "currency": "CNY"},
             "status": "valid"} for i, (name, number, country) in enumerate(BIDDERS[:count])]


def test_announcement_to_contract(client, make, clock):
    desk = Desk(client, make, clock)
    reference = desk.announce()
    deadline = desk.tender(reference)["bid_deadline"]
    assert desk.tender(reference)["status"] == "open"

    opening = {"kind": "opening", "bids": bids(deadline, 3)}
    assert desk.client.post(f"{API}/tenders/{reference}/notices", json=opening,
                            headers=desk.manager).status_code == 409  # before the deadline
    clock.advance(seconds=21)
    assert desk.tender(reference)["status"] == "closed"
    desk.publish(reference, opening, desk.manager)
    assert desk.tender(reference)["status"] == "evaluating"

    report = desk.client.post(f"{API}/tenders/{reference}/documents", headers=desk.manager,
                              data={"file": (io.BytesIO(b"%PDF-1.4\n% evaluation report\n"),
                                             "report.pdf", "application/pdf")})
    assert report.status_code == 201
    numbers = [b["bidder"]["registration_number"] for b in opening["bids"]]
    evaluation = desk.post(f"/tenders/{reference}/evaluation", {
        "method": "ratedCriteria", "committee": committee(),
        "criteria": [{"name": {"en": "Technical"}, "weight": "70"}, {"name": {"en": "Price"}, "weight": "30"}],
        "scores": [{"bid": n, "criterion": c, "value": str(v)}
                   for n, values in zip(numbers, [(60, 25), (65, 28), (50, 30)], strict=True)
                   for c, v in enumerate(values)],
        "report_document": report.get_json()["id"]}, desk.evaluator, 201)
    order = [r["bid"] for r in evaluation["ranking"]]
    assert order == [numbers[1], numbers[0], numbers[2]]  # 93, 85, 80: computed, not typed in

    desk.publish(reference, {"kind": "candidates", "candidates": order}, desk.evaluator)
    public = desk.tender(reference)
    assert public["status"] == "publicity" and public["committee"] is None
    assert [r["total"] for r in public["evaluation"]["ranking"]] == ["93.00", "85.00", "80.00"]
    assert public["evaluation"]["report"]["sha256"] == report.get_json()["sha256"]

    objection = desk.post(f"/tenders/{reference}/objections",
                          {"objector": numbers[2], "text": "Scores are wrong."}, desk.manager, 201)
    clock.advance(seconds=3)
    result = {"kind": "result", "winner": order[0]}
    assert desk.client.post(f"{API}/tenders/{reference}/notices", json=result,
                            headers=desk.manager).status_code == 422  # unanswered objection
    desk.post(f"/objections/{objection['id']}/answer", {"answer": "Checked: correct."}, desk.manager)
    desk.publish(reference, result, desk.manager)
    public = desk.tender(reference)
    assert public["status"] == "awarded"
    assert [m["name"] for m in public["committee"]] == [m["name"] for m in committee()]
    assert public["award"]["winner"] == order[0]

    clock.advance(seconds=1)
    desk.publish(reference, {"kind": "contract", "signed_at": clock().isoformat(),
                             "value": {"amount": "910000.00", "currency": "CNY"}}, desk.manager)
    public = desk.tender(reference)
    assert public["status"] == "contracted" and public["contract"]["overdue"] is False
    assert [n["kind"] for n in public["notices"]] == [
        "announcement", "opening", "candidates", "result", "contract"]
    assert "report.pdf" in [d["filename"] for d in public["notices"][3]["documents"]]


def test_announcement_to_failure_and_retender(client, make, clock):
    desk = Desk(client, make, clock)
    reference = desk.announce()
    deadline = desk.tender(reference)["bid_deadline"]
    clock.advance(seconds=21)

    two = bids(deadline, 2)
    refused = desk.client.post(f"{API}/tenders/{reference}/notices", json={"kind": "opening", "bids": two},
                               headers=desk.manager)
    assert refused.status_code == 422 and refused.get_json()["error"]["rule"]["code"] == "min_bids"
    desk.publish(reference, {"kind": "failure", "reason_code": "fewer_bids", "bids": two,
                             "reason": {"en": "Only 2 bids arrived."}}, desk.manager)
    assert desk.tender(reference)["status"] == "failed"
    assert len(desk.tender(reference)["bids"]) == 2

    assert desk.client.post(f"{API}/tenders/{reference}/retender",
                            headers=desk.evaluator).status_code == 403
    again = desk.post(f"/tenders/{reference}/retender", None, desk.manager, 201)
    assert again["status"] == "draft" and again["reference"] != reference
    second = desk.client.post(f"{API}/tenders/{reference}/retender", headers=desk.manager)
    assert second.status_code == 409 and second.get_json()["error"]["code"] == "already_retendered"

    desk.announce_again(again["reference"])
    new = desk.tender(again["reference"])
    assert new["status"] == "open" and new["retender_of"] == reference
    assert new["title"] == desk.tender(reference)["title"]
    assert desk.tender(reference)["retendered_as"] == again["reference"]
    assert new["bid_deadline"] != deadline


def test_retender_refuses_bad_requests(client, make, clock):
    desk = Desk(client, make, clock)
    reference = desk.announce()
    url = f"{API}/tenders/{reference}/retender"
    assert desk.client.post(url).status_code == 401
    assert desk.client.post(f"{API}/tenders/NOPE/retender", headers=desk.manager).status_code == 404
    open_one = desk.client.post(url + "?lang=zh", headers=desk.manager)
    assert open_one.status_code == 409 and open_one.get_json()["error"]["code"] == "transition_refused"
    assert "重新招标" in open_one.get_json()["error"]["message"]


def test_the_openapi_description_lists_these_endpoints(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for path in ("/tenders/{reference}/evaluation", "/tenders/{reference}/objections",
                 "/objections/{id}/answer", "/tenders/{reference}/retender"):
        assert paths[path]["post"]["security"] == [{"bearer": []}]
