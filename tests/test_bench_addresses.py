"""The benchmark's distinct addresses, drawn from a realistic synthetic board, all answer: a
scenario that measured error pages would measure nothing."""

import random

from bench.addresses import addresses
from tender_board.synthetic import REALISTIC, load_synthetic

PUBLIC_URL = "https://tenders.example.gov"
SCENARIOS = {"tender pages", "notice pages", "searches", "list pages", "feeds", "API items", "API lists",
             "OCDS records", "OCDS releases", "ledger", "oversight"}


def test_every_scenario_has_addresses_that_answer_200(make_app):
    app = make_app(PUBLIC_URL=PUBLIC_URL)
    with app.app_context():
        load_synthetic(150, echo=lambda _line: None, mix=REALISTIC)
        found = addresses(random.Random(1))
    assert set(found) == SCENARIOS and all(found.values())
    flagged = [p for p in found["oversight"] if "flag=" in p]
    assert flagged  # the indicators raised flags on the board, and readers list them
    assert len({p.split("/notices/")[0] for p in found["notice pages"]}) > 50  # spread over tenders
    client = app.test_client()
    rng = random.Random(2)
    for name, paths in found.items():
        for path in rng.sample(paths, min(25, len(paths))):
            response = client.get(path, base_url=PUBLIC_URL)
            assert response.status_code == 200, (name, path, response.status_code)
