"""Country lists hold countries only, named and ordered in the reader's language."""

import re

from tender_board.extensions import db
from tender_board.validation import countries

NOT_COUNTRIES = ("Eurozone", "European Union", "United Nations", "Unknown Region", "Pseudo-Accents",
                 "Pseudo-Bidi", "Outlying Oceania", "Canary Islands", "Ceuta & Melilla")


def test_the_search_form_offers_real_countries_by_name(client):
    page = client.get("/tenders?lang=en").get_data(as_text=True)
    form = page[page.index('<select id="country"'):]
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', form[:form.index("</select>")])
    assert len(names) == len(countries()) == 250  # ISO 3166-1's 249, and Kosovo
    assert not set(NOT_COUNTRIES) & set(names)
    assert names == sorted(names) and "Germany" in names and "Egypt" in names


def test_a_country_that_is_not_one_is_refused(client):
    answer = client.get("/api/v1/tenders?country=EU&lang=en")
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "country"


def test_the_feed_catalogue_lists_countries_by_name_not_by_code(client, make):
    make.open_tender(country="DE", city="Berlin", timezone="Europe/Berlin")
    make.open_tender(country="EG", city="Cairo", timezone="Africa/Cairo")
    db.session.commit()
    page = client.get("/feeds?lang=en").get_data(as_text=True)
    assert page.index("Egypt") < page.index("Germany")
