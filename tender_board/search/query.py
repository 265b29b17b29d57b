"""Reading a query and matching it: every word must occur in the tender's text as a substring.

Chinese has no spaces and two-character words (招标, 维修, 使馆) are common, so matching is by
substring for any length, with the same results on SQLite and PostgreSQL:

- SQLite: words of three characters or more go through the FTS5 trigram index; shorter words are
  looked for in the search text itself with instr() (an FTS5 trigram index cannot answer them,
  and SQLite 3.40's LIKE on the FTS5 table even misses CJK matches under three characters).
- PostgreSQL: LIKE on the search text, served by a pg_trgm GIN index.
"""

import re
import string

from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Integer, Text, column, exists, func, select, table, true

from ..extensions import db
from ..tenders.models import Tender
from ..validation import NOT_XML
from .models import tender_search

ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
TRIGRAM = 3
MAX_WORDS = 8
MAX_WORD_LENGTH = 100
FEW = 1000  # index matches up to this many are looked up by id (see _indexed)

fts = table("tender_search_fts", column("rowid", Integer), column("text", Text))


def terms(query: str | None) -> list[str]:
    """The words a reader typed, folded as the index is (ASCII letters in lower case).

    A character no text can hold (NUL, a control character, a lone surrogate) separates words:
    it is never part of a MATCH expression or a LIKE pattern."""
    if not query:
        return []
    words = (word[:MAX_WORD_LENGTH] for word in NOT_XML.sub(" ", query).translate(ASCII_FOLD).split())
    return list(dict.fromkeys(words))[:MAX_WORDS]


def matching(words: list[str]) -> ColumnElement[bool]:
    """A condition on `Tender`: its search text contains every one of `words`."""
    if not words:
        return true()
    if db.session.get_bind().dialect.name == "sqlite":
        return _sqlite(words)
    return _contains_all(words)


def _sqlite(words: list[str]) -> ColumnElement[bool]:
    long = [word for word in words if len(word) >= TRIGRAM]
    short = [word for word in words if len(word) < TRIGRAM]
    # instr(): the text is folded already, and it is quicker than LIKE on CJK text.
    scanned = [func.instr(tender_search.c.text, word) > 0 for word in short]
    if not long:
        return _correlated(scanned)
    # A quoted FTS5 phrase on a trigram index is a substring match.
    phrase = " AND ".join('"' + word.replace('"', '""') + '"' for word in long)
    indexed = _indexed(select(fts.c.rowid).where(fts.c.text.op("MATCH")(phrase)))
    return indexed & _correlated(scanned) if short else indexed


def _indexed(matches) -> ColumnElement[bool]:
    """`Tender.id` among the index's matches, in the plan that suits how many there are.

    The matches are read once, up to FEW + 1. Few: their ids themselves are the condition, so the
    page and its count look up those tenders alone and never ask the index again. Many: the
    tenders are walked in the page's order and the walk stops at the page; `id + 0` keeps
    SQLite from starting at the matches instead and sorting every one of them (measured at
    20,000 tenders: "repair", 5,700 matches, 24 ms that way, 2.5 ms this way)."""
    found = list(db.session.scalars(matches.limit(FEW + 1)))
    if len(found) <= FEW:
        return Tender.id.in_(found)
    return (Tender.id + 0).in_(matches)


def _contains_all(words: list[str]) -> ColumnElement[bool]:
    return _correlated([tender_search.c.text.contains(word, autoescape=True) for word in words])


def _correlated(conditions: list) -> ColumnElement[bool]:
    """Correlated, so that a first page stops at the first matches in the page's order."""
    return exists().where(tender_search.c.tender_id == Tender.id, *conditions)


def _pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in longest_first), re.IGNORECASE | re.ASCII)


def highlight(value: str | None, words: list[str]) -> Markup:
    """`value`, escaped, with every occurrence of the words marked."""
    value = value or ""
    pattern = _pattern(words)
    if pattern is None:
        return escape(value)
    parts, last = [], 0
    for found in pattern.finditer(value):
        parts += [escape(value[last:found.start()]), Markup("<mark>%s</mark>") % found.group()]
        last = found.end()
    parts.append(escape(value[last:]))
    return Markup("").join(parts)


def excerpt(value: str | None, words: list[str], width: int = 120) -> Markup | None:
    """The part of `value` around its first match, highlighted; None when nothing matches."""
    pattern = _pattern(words)
    found = pattern.search(value or "") if pattern else None
    if found is None:
        return None
    start = max(0, found.start() - width // 3)
    end = min(len(value), start + width)
    text = ("…" if start else "") + value[start:end] + ("…" if end < len(value) else "")
    return highlight(text, words)
