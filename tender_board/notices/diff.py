"""What an amendment changed, word by word (变更对照): the old text with the removed words marked
<del>, the new text with the added words marked <ins>. Latin-script text is compared by words,
Chinese (and other CJK) text character by character, since it has no spaces between words."""

import re
from difflib import SequenceMatcher

from markupsafe import Markup, escape

# One CJK character (ideographs, kana, hangul, CJK punctuation and full-width forms), a word, a run
# of spaces, or any other single character.
TOKEN = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
                   r"|\w+|\s+|.", re.DOTALL)


def tokens(value: str) -> list[str]:
    return TOKEN.findall(value)


def _marked(parts: list[str], tag: str | None) -> str:
    joined = escape("".join(parts))
    return f"<{tag}>{joined}</{tag}>" if tag and joined.strip() else str(joined)


def marked(old: str | None, new: str | None) -> tuple[Markup, Markup]:
    """(old with its removed words in <del>, new with its added words in <ins>), escaped."""
    before, after = tokens(old or ""), tokens(new or "")
    shown_old, shown_new = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            shown_old.append(_marked(before[i1:i2], None))
            shown_new.append(_marked(after[j1:j2], None))
            continue
        shown_old.append(_marked(before[i1:i2], "del"))
        shown_new.append(_marked(after[j1:j2], "ins"))
    return Markup("".join(shown_old)), Markup("".join(shown_new))  # noqa: S704 (every part escaped)


def one_language_only(old: dict | None, new: dict | None) -> tuple[str, str] | None:
    """(changed language, unchanged language) when a bilingual text changed in one language and the
    other, present before and after, stayed word for word the same; else None."""
    old, new = old or {}, new or {}
    changed = [lang for lang in ("zh", "en") if (old.get(lang) or "").strip() != (new.get(lang) or "").strip()]
    if len(changed) != 1:
        return None
    other = "en" if changed[0] == "zh" else "zh"
    return (changed[0], other) if (old.get(other) or "").strip() else None
