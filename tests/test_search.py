"""Full-text search: substring semantics in Chinese and English, the same on SQLite and PostgreSQL.

The expected answers are fixed, so the same tests, run once on each database (CI runs the suite
twice), prove both give identical results.
"""

import sqlite3

import pytest
from sqlalchemy import text

from tender_board.extensions import db
from tender_board.search import excerpt, highlight, terms
from tender_board.synthetic import load_synthetic


@pytest.fixture
def refs(app, make, clock):
    return make.catalogue()


def found(client, query: str, **params) -> set[str]:
    response = client.get("/api/v1/tenders", query_string={"q": query, "limit": 200, **params})
    assert response.status_code == 200, response.get_json()
    return {item["reference"] for item in response.get_json()["items"]}


SEARCHES = [
    # one Chinese character, two, many
    ("维", {"hanoi"}),
    ("维修", {"hanoi"}),
    ("使馆", {"closed", "hanoi", "nairobi"}),
    ("北京", {"closed", "hanoi", "beijing", "nairobi"}),  # every announcement's opening place
    ("大使馆办公楼维修", {"hanoi"}),
    ("污水处理设施", {"nairobi"}),
    # English words, any case, and substrings of words
    ("embassy", {"closed", "hanoi", "nairobi"}),
    ("EMBASSY", {"closed", "hanoi", "nairobi"}),
    ("retrofit", {"beijing"}),
    ("waste", {"nairobi"}),
    ("fire protection", {"closed"}),
    # mixed Chinese and English: every word must occur
    ("使馆 repair", {"hanoi"}),
    ("wastewater 污水", {"nairobi"}),
    ("维修 nairobi", set()),
    # nothing, and characters that mean something to LIKE or FTS5
    ("无此项目", set()),
    ("xq", set()),
    ("%", set()),
    ("_", set()),
    ('"', set()),
    ("50%_\\", set()),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_substrings_in_both_languages(client, refs, query, expected):
    assert found(client, query) == {refs[name] for name in expected}


def test_published_notice_texts_are_searched_as_soon_as_they_are_published(client, refs):
    assert found(client, "无障碍坡道") == {refs["hanoi"]}  # the amendment's new description
    assert found(client, "ramp") == {refs["hanoi"]}
    assert found(client, "预算调整") == {refs["nairobi"]}  # the termination's reason
    assert found(client, "owner added") == {refs["hanoi"]}  # the amendment's rationale


def test_drafts_are_not_searchable_until_published(client, refs, make):
    from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
    from tender_board.tenders.models import Tender

    tender = db.session.scalar(db.select(Tender).where(Tender.reference == refs["beijing"]))
    notice = draft_notice(tender, {"kind": "amendment", "changes": {"contact": {"zh": "秘书处赵工"}},
                                   "rationale": {"zh": "联系人更换。"}}, tender.manager)
    submit_notice(notice, tender.manager)
    db.session.commit()
    assert found(client, "秘书处") == set()
    approve_notice(notice, make.default("approver"))
    db.session.commit()
    assert found(client, "秘书处") == {refs["beijing"]}


def test_reference_is_searchable(client, refs):
    assert found(client, refs["hanoi"].lower()) == {refs["hanoi"]}


def test_sandbox_tenders_are_searched_only_in_the_sandbox(client, refs):
    assert refs["sandbox"] not in found(client, "沙盒")
    assert found(client, "沙盒", sandbox=1) == {refs["sandbox"]}


def test_synthetic_bulk_rows_are_indexed(app, client):
    load_synthetic(6, echo=lambda _line: None)
    assert len(found(client, "syn-")) == 6
    assert found(client, "土建") == found(client, "syn-")  # in every synthetic description


def test_sqlite_like_on_an_fts5_trigram_table_misses_short_cjk_matches():
    """Why words under three characters do not go through the FTS5 index on SQLite."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
    for row, value in enumerate(["驻越南大使馆办公楼维修工程", "embassy repair", "北京开标室 维修"], 1):
        connection.execute("INSERT INTO t (rowid, text) VALUES (?, ?)", (row, value))
    like = connection.execute("SELECT rowid FROM t WHERE text LIKE '%维修%'").fetchall()
    matched = connection.execute("""SELECT rowid FROM t WHERE text MATCH '"维修工"'""").fetchall()
    assert matched == [(1,)]  # three characters and more: the trigram index answers
    if sqlite3.sqlite_version_info[:2] != (3, 40):
        pytest.skip(f"LIKE behaviour checked on SQLite 3.40; this is {sqlite3.sqlite_version}")
    assert like == []  # two CJK characters: LIKE through the index finds nothing


def test_short_chinese_words_are_found_on_this_database_all_the_same(client, refs):
    if db.engine.dialect.name == "sqlite":
        row_count = db.session.scalar(text(
            "SELECT count(*) FROM tender_search_fts WHERE text MATCH '\"维修\"'"))
        assert row_count == 0  # the index alone cannot answer a two-character word...
    assert found(client, "维修") == {refs["hanoi"]}  # ...the search still does


def test_results_page_highlights_matches_and_escapes_everything_else(client, make):
    make.open_tender(title={"zh": "<b>维修</b> & 改造", "en": "<script>alert(1)</script> repair"})
    db.session.commit()
    page = client.get("/tenders", query_string={"q": "维修", "lang": "zh"}).get_data(as_text=True)
    assert "&lt;b&gt;<mark>维修</mark>&lt;/b&gt; &amp; 改造" in page
    page = client.get("/tenders", query_string={"q": "REPAIR", "lang": "en"}).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>repair</mark>" in page
    assert "<script>alert" not in page


def test_highlight_and_excerpt_helpers():
    assert str(highlight("A <Repair> repair", ["repair"])) == "A &lt;<mark>Repair</mark>&gt; <mark>repair</mark>"
    assert str(highlight("维修", [])) == "维修"
    long = "甲" * 200 + "维修" + "乙" * 200
    assert "<mark>维修</mark>" in str(excerpt(long, ["维修"]))
    assert len(str(excerpt(long, ["维修"]))) < 200
    assert excerpt("nothing here", ["维修"]) is None


def test_terms_fold_ascii_case_drop_repeats_and_stay_bounded():
    assert terms("  Embassy  使馆 embassy ") == ["embassy", "使馆"]
    assert terms("") == [] and terms(None) == []
    assert len(terms(" ".join(f"w{i}" for i in range(50)))) == 8


@pytest.mark.parametrize("few", [0, 1, 1000])
def test_many_index_matches_find_the_same_tenders_in_the_same_order_as_few(client, refs, make, monkeypatch, few):
    """Up to FEW matches are looked up by id, more are walked in the page's order: same answers."""
    from tender_board.search import query as search_query

    make.more_tenders(3)  # "Further repair works": more matches of "repair" than one
    monkeypatch.setattr(search_query, "FEW", few)
    for sort in ("published", "deadline", "value"):
        response = client.get("/api/v1/tenders", query_string={"q": "repair", "sort": sort, "limit": 200})
        assert [item["title"]["en"] for item in response.get_json()["items"]] == EXPECTED_REPAIRS[sort]
    page = client.get("/tenders?q=repair 维修&lang=en").get_data(as_text=True)
    assert "4 tenders match." in page


EXPECTED_REPAIRS = {
    "published": ["Further repair works 2", "Further repair works 1", "Further repair works 0",
                  "Embassy in Hanoi: chancery repair"],
    "deadline": ["Further repair works 0", "Further repair works 1", "Further repair works 2",
                 "Embassy in Hanoi: chancery repair"],  # 25 days each, Hanoi's 30
    "value": ["Further repair works 2", "Further repair works 1", "Further repair works 0",
              "Embassy in Hanoi: chancery repair"],  # the same value: the newest first
}
