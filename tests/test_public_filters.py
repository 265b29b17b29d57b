"""Every filter of /tenders alone and combined, the order, pages, and bad parameters."""

import html

import pytest

PUBLIC = {"closed", "hanoi", "beijing", "nairobi"}


@pytest.fixture
def refs(app, make, clock):
    return make.catalogue()


def listed(client, **params) -> list[str]:
    response = client.get("/api/v1/tenders", query_string={"limit": 200, **params})
    assert response.status_code == 200, response.get_json()
    return [item["reference"] for item in response.get_json()["items"]]


def names(refs, references) -> set[str]:
    back = {reference: name for name, reference in refs.items()}
    return {back[reference] for reference in references}


FILTERS = [
    ({}, PUBLIC),
    ({"category": "domestic"}, {"beijing"}),
    ({"category": "overseas"}, {"closed", "hanoi", "nairobi"}),
    ({"country": "KE"}, {"nairobi"}),
    ({"country": "ke"}, {"nairobi"}),
    ({"status": "open"}, {"hanoi", "beijing"}),
    ({"status": "closed"}, {"closed"}),  # by the clock alone
    ({"status": "cancelled"}, {"nairobi"}),
    ({"status": "awarded"}, set()),
    ({"kind": "amendment"}, {"hanoi"}),
    ({"kind": "termination"}, {"nairobi"}),
    ({"kind": "announcement"}, PUBLIC),
    ({"published_to": "2027-03-01"}, {"closed"}),
    ({"published_from": "2027-03-22"}, {"hanoi", "beijing", "nairobi"}),
    ({"published_from": "2027-03-02", "published_to": "2027-03-21"}, set()),
    ({"deadline_to": "2027-04-20"}, {"closed", "nairobi"}),
    ({"deadline_from": "2027-04-21"}, {"hanoi", "beijing"}),
    ({"deadline_from": "2027-04-21", "deadline_to": "2027-04-21"}, {"hanoi"}),
    ({"value_min": "1000000"}, {"closed", "hanoi", "beijing"}),
    ({"value_max": "500000"}, {"nairobi"}),
    ({"value_min": "1000000", "value_max": "1000000.00"}, {"closed", "hanoi"}),
    ({"value_min": "999,999.999"}, {"closed", "hanoi", "beijing"}),
    ({"q": "使馆"}, {"closed", "hanoi", "nairobi"}),
    # combined
    ({"category": "overseas", "status": "open"}, {"hanoi"}),
    ({"q": "使馆", "status": "cancelled"}, {"nairobi"}),
    ({"country": "VN", "kind": "amendment", "value_max": "2000000", "deadline_from": "2027-04-01"},
     {"hanoi"}),
    ({"category": "domestic", "q": "使馆"}, set()),
    ({"q": "embassy", "published_from": "2027-03-22", "deadline_to": "2027-04-30",
      "value_min": "400000", "sort": "value"}, {"hanoi", "nairobi"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_each_filter_alone_and_combined(client, refs, params, expected):
    assert names(refs, listed(client, **params)) == expected
    page = client.get("/tenders", query_string=params).get_data(as_text=True)
    for name in PUBLIC:
        assert (refs[name] in page) == (name in expected), name


@pytest.mark.parametrize(("sort", "order"), [
    ("published", ["nairobi", "beijing", "hanoi", "closed"]),
    ("deadline", ["closed", "nairobi", "hanoi", "beijing"]),
    ("value", ["beijing", "hanoi", "closed", "nairobi"]),
])
def test_sort_orders(client, refs, sort, order):
    assert listed(client, sort=sort) == [refs[name] for name in order]
    page = client.get("/tenders", query_string={"sort": sort}).get_data(as_text=True)
    positions = [page.index(refs[name]) for name in order]
    assert positions == sorted(positions)


def test_pages_link_next_and_previous_and_show_the_count(app, client, refs):
    app.config["PAGE_SIZE"] = 3
    first = client.get("/tenders?lang=en").get_data(as_text=True)
    assert "4 tenders match." in first
    assert 'rel="next" href="?lang=en&amp;page=2&amp;after=' in first and 'rel="prev"' not in first
    for second in (client.get(next_link(first)).get_data(as_text=True),
                   client.get("/tenders?lang=en&page=2").get_data(as_text=True)):  # an older link
        assert refs["closed"] in second and refs["nairobi"] not in second
        assert 'rel="prev" href="?lang=en"' in second and 'rel="next"' not in second
        assert "4 tenders match." in second and "Page 2" in second


def next_link(page: str) -> str:
    return "/tenders" + html.unescape(page.split('rel="next" href="')[1].split('"')[0])


@pytest.mark.parametrize(("lang", "said"), [("en", "More than 2 tenders match."),
                                            ("zh", "符合条件的招标项目超过 2 个。")])
def test_a_large_count_is_given_as_more_than_the_limit(app, client, refs, monkeypatch, lang, said):
    from tender_board.public import queries

    monkeypatch.setattr(queries, "COUNT_LIMIT", 2)
    app.config["PAGE_SIZE"] = 1
    page = client.get(f"/tenders?lang={lang}").get_data(as_text=True)
    assert said in page and 'rel="next"' in page
    deeper = client.get(next_link(page)).get_data(as_text=True)
    assert said in deeper  # every page says the same, by its cursor as by OFFSET


BAD = [
    ("category", "ships"), ("country", "XX"), ("status", "draft"), ("status", "bogus"),
    ("kind", "bogus"), ("published_from", "2027-13-01"), ("published_to", "yesterday"),
    ("deadline_from", "2027-02-30"), ("deadline_to", "2027/04/01"), ("value_min", "abc"),
    ("value_min", "-5"), ("value_max", "1e400"), ("value_max", "NaN"), ("sort", "random"), ("page", "0"), ("page", "abc"),
    ("page", "99999999"),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_parameters_are_reported_on_the_page_and_ignored(client, refs, name, value):
    for lang, word in (("en", "Ignored"), ("zh", "Ignored")):
        response = client.get("/tenders", query_string={name: value, "lang": lang})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert f"{word} “{name}”" in page or f"“{name}”" in page
        assert refs["hanoi"] in page  # the filter was ignored, the list still shown


@pytest.mark.parametrize(("name", "value"), [pair for pair in BAD if pair[0] != "page"])
def test_bad_parameters_are_refused_by_the_api_with_the_field_named(client, refs, name, value):
    response = client.get("/api/v1/tenders", query_string={name: value, "lang": "zh"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == name and error["message"]


def test_a_reversed_range_is_reported(client, refs):
    page = client.get("/tenders?lang=en&value_min=10&value_max=5").get_data(as_text=True)
    assert "The lower end of the range is above the upper end." in page
    page = client.get("/tenders?lang=zh&published_from=2027-04-01&published_to=2027-03-01").get_data(as_text=True)
    assert "范围的下限大于上限。" in page


def test_the_search_form_keeps_what_was_asked(client, refs):
    page = client.get("/tenders", query_string={
        "q": "使馆", "category": "overseas", "country": "KE", "status": "cancelled",
        "kind": "termination", "published_from": "2027-03-22", "value_max": "500000",
        "sort": "value"}).get_data(as_text=True)
    for fragment in ('value="使馆"', '<option value="overseas" selected>', '<option value="KE" selected>',
                     '<option value="cancelled" selected>', '<option value="termination" selected>',
                     'value="2027-03-22"', 'value="500000"', '<option value="value" selected>'):
        assert fragment in page
    assert refs["nairobi"] in page
