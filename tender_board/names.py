"""Names of places and organisations in the reader's language (地名与单位名称).

A city is stored as the manager typed it, in either language; the cities the board knows are
shown in the reader's language. A name with no form in the reader's language (a company
registered only in Chinese, a person's name) is shown as it is, its Chinese or Latin runs marked
with `lang`, so that screen readers and fonts treat them as what they are.
"""

import re

from markupsafe import Markup, escape

from .i18n import locale

# (Chinese, English): the domestic cities and the missions' cities the board uses most.
CITIES = [
    ("北京", "Beijing"), ("上海", "Shanghai"), ("天津", "Tianjin"), ("重庆", "Chongqing"),
    ("广州", "Guangzhou"), ("深圳", "Shenzhen"), ("成都", "Chengdu"), ("武汉", "Wuhan"),
    ("西安", "Xi'an"), ("南京", "Nanjing"), ("杭州", "Hangzhou"), ("昆明", "Kunming"),
    ("哈尔滨", "Harbin"), ("沈阳", "Shenyang"), ("长沙", "Changsha"), ("郑州", "Zhengzhou"),
    ("厦门", "Xiamen"), ("青岛", "Qingdao"), ("大连", "Dalian"), ("乌鲁木齐", "Ürümqi"),
    ("拉萨", "Lhasa"), ("香港", "Hong Kong"), ("澳门", "Macao"),
    ("河内", "Hanoi"), ("胡志明市", "Ho Chi Minh City"), ("内罗毕", "Nairobi"),
    ("巴西利亚", "Brasília"), ("圣保罗", "São Paulo"), ("法兰克福", "Frankfurt"), ("柏林", "Berlin"),
    ("开罗", "Cairo"), ("奥克兰", "Auckland"), ("惠灵顿", "Wellington"), ("阿斯塔纳", "Astana"),
    ("阿拉木图", "Almaty"), ("布宜诺斯艾利斯", "Buenos Aires"), ("曼谷", "Bangkok"),
    ("东京", "Tokyo"), ("首尔", "Seoul"), ("新加坡", "Singapore"), ("雅加达", "Jakarta"),
    ("新德里", "New Delhi"), ("伊斯兰堡", "Islamabad"), ("莫斯科", "Moscow"), ("伦敦", "London"),
    ("巴黎", "Paris"), ("罗马", "Rome"), ("马德里", "Madrid"), ("华盛顿", "Washington"),
    ("纽约", "New York"), ("渥太华", "Ottawa"), ("墨西哥城", "Mexico City"), ("利马", "Lima"),
    ("圣地亚哥", "Santiago"), ("亚的斯亚贝巴", "Addis Ababa"), ("拉各斯", "Lagos"),
    ("阿布贾", "Abuja"), ("约翰内斯堡", "Johannesburg"), ("比勒陀利亚", "Pretoria"),
    ("堪培拉", "Canberra"), ("悉尼", "Sydney"), ("迪拜", "Dubai"), ("利雅得", "Riyadh"),
    ("德黑兰", "Tehran"), ("安卡拉", "Ankara"), ("伊斯坦布尔", "Istanbul"),
]
_BY_NAME = {key: pair for pair in CITIES for key in (pair[0], pair[1].casefold())}

CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
                     r"(?:[\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*"
                     r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])?")
LATIN = "A-Za-z\u00c0-\u024f"
LATIN_RUN = re.compile(rf"[{LATIN}](?:[{LATIN}0-9\s'’.,&()\-]*[{LATIN}.)])?")
SPAN = {"en": Markup('<span lang="en">'), "zh": Markup('<span lang="zh">')}


def marked(value: str | None, lang: str | None = None) -> Markup:
    """`value` escaped, each run in the other script inside <span lang>: Chinese on an English
    page, Latin words on a Chinese one."""
    if not value:
        return Markup("")
    reader = lang or locale()
    run, other = (LATIN_RUN, "en") if reader == "zh" else (CJK_RUN, "zh")
    out, last = [], 0
    for found in run.finditer(value):
        out += [escape(value[last:found.start()]), SPAN[other],
                escape(found.group()), Markup("</span>")]
        last = found.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


def name_marked(name: str | None, lang: str | None = None) -> Markup:
    """A name escaped, and as a whole inside <span lang> when it is written in the other language
    (a Chinese company name on an English page, a Latin one on a Chinese page)."""
    if not name:
        return Markup("")
    reader = lang or locale()
    chinese = CJK_RUN.search(name) is not None
    if reader == "en" and chinese:
        return SPAN["zh"] + escape(name) + Markup("</span>")
    if reader == "zh" and not chinese and LATIN_RUN.search(name):
        return SPAN["en"] + escape(name) + Markup("</span>")
    return escape(name)


def plain_city_name(city: str | None, lang: str | None = None) -> str:
    """A known city in the reader's language, as text (feeds, e-mail); another as typed."""
    typed = (city or "").strip()
    known = _BY_NAME.get(typed) or _BY_NAME.get(typed.casefold())
    if known:
        return known[0] if (lang or locale()) == "zh" else known[1]
    return typed


def city_name(city: str | None, lang: str | None = None) -> Markup:
    """A known city in the reader's language; another as typed, marked."""
    return name_marked(plain_city_name(city, lang), lang)


def org_name(name: str | None, name_en: str | None = None, lang: str | None = None) -> Markup:
    """An organisation (a bidder) by its English name for English readers when it has one, else
    by its registered name, marked."""
    if (lang or locale()) == "en" and name_en:
        return escape(name_en)
    return name_marked(name, lang)


def plain_org_name(name: str, name_en: str | None, lang: str) -> str:
    """The same choice as text, for feeds and e-mail."""
    return name_en if lang == "en" and name_en else name


def reader_text(value: dict | str | None, lang: str | None = None) -> Markup:
    """Prose given in both languages ({"zh", "en"}) in the reader's; text given once, or only in
    the other language, as it is, marked."""
    reader = lang or locale()
    if isinstance(value, dict):
        if value.get(reader):
            return escape(value[reader])
        value = value.get("en" if reader == "zh" else "zh")
    return marked(value, reader)


def cited(source: str, lang: str | None = None) -> Markup:
    """A source as the board cites it: parts joined by "; ", a part in both languages written
    "中文 / English" and shown in the reader's; a work's title as it is, marked."""
    reader = lang or locale()
    shown = []
    for part in source.split("; "):
        zh, both, en = part.partition(" / ")
        shown.append(escape(zh if reader == "zh" else en) if both else marked(part, reader))
    return Markup("; ").join(shown)
