"""/oversight: the dashboard, its data as JSON and CSV, the methods of the indicators, and the feed
of newly raised flags. Thin: the figures are oversight.dashboard's, the flags oversight.queries'."""

import csv
import io

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, jsonify, render_template, request

from ..clock import now as clock_now
from ..errors import invalid
from ..i18n import country_name, locale, pair, text
from ..public.page_cache import cached_page
from ..templating import CATEGORY_NAMES
from ..tenders.models import Category
from ..urls import public_url
from . import charts, dashboard
from .indicators import BY_CODE, INDICATORS
from .queries import board_notes, newly_raised

bp = Blueprint("oversight", __name__)

COLUMNS = ("tenders", "failed", "failed_share", "cancelled", "cancelled_share", "single_bid_share", "average_bids",
           "median_days_to_result", "median_days_to_contract", "median_awarded_to_estimate")
FEED_SIZE = 50


def flag_code(raw: str | None) -> str | None:
    """`flag=` of the dashboard: a known indicator code, or a clear 400."""
    raw = (raw or "").strip().upper()
    if not raw:
        return None
    if raw not in BY_CODE:
        raise invalid("flag", f"未知的指标代码 {raw!r}，可选：{', '.join(BY_CODE)}。",
                      f"Unknown indicator code {raw!r}; expected one of: {', '.join(BY_CODE)}.")
    return raw


def board_figures() -> dict[str, list[dict]]:
    return dashboard.figures(dashboard.cells(),
                             lambda code: {"zh": country_name(code, "zh"), "en": country_name(code, "en")},
                             lambda value: dict(zip(("zh", "en"), CATEGORY_NAMES[Category(value)], strict=True)))


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


# chart id → (title, description), each (zh, en)
CHART_TEXTS = {
    "year": (("各年度招标项目数", "Tenders by year"),
             ("每年发布的招标项目数量。", "How many tenders were announced each year.")),
    "country": (("各国家招标项目数", "Tenders by country"),
                ("每个国家的招标项目数量。", "How many tenders each country has.")),
    "entity": (("各招标人招标项目数", "Tenders by procuring entity"),
               ("招标项目最多的招标人。", "The procuring entities with the most tenders.")),
    "single-bid": (("各国家单一投标比例", "Single-bid share by country"),
                   ("收到投标的项目中只有一份投标的比例。",
                    "Of the tenders with bids, the share that had a single bid.")),
    "flags": (("各指标提示的项目数", "Tenders flagged by indicator"),
              ("每个指标被提示的招标项目数量。", "How many tenders each indicator is raised for.")),
}


def _chart(chart_id: str, rows: list) -> charts.Chart:
    title, desc = CHART_TEXTS[chart_id]
    return charts.bar_chart(f"chart-{chart_id}", pair(title), pair(desc), rows)


def _charts(figures: dict, counts: dict[str, int]) -> list[charts.Chart]:
    made = [_chart(d, [(text(r["label"]), r["tenders"], str(r["tenders"])) for r in figures[d]])
            for d in ("year", "country", "entity")]
    made.append(_chart("single-bid", [(text(r["label"]), r["single_bid_share"], _percent(r["single_bid_share"]))
                                      for r in figures["country"]]))
    made.append(_chart("flags", [(i.code, counts.get(i.code, 0), str(counts.get(i.code, 0))) for i in INDICATORS]))
    return made


@bp.get("/oversight")
@cached_page
def dashboard_page():
    code = flag_code(request.args.get("flag"))
    figures, counts = board_figures(), dashboard.flag_counts()
    return render_template("oversight/dashboard.html", figures=figures, charts=_charts(figures, counts),
                           columns=COLUMNS, flagged=dashboard.flagged(code), code=code, indicators=INDICATORS,
                           counts=counts, notes=board_notes())


@bp.get("/oversight/indicators")
@cached_page
def indicators():
    """Every indicator: what it measures, its method and threshold, the OCDS fields, its source."""
    return render_template("oversight/indicators.html", indicators=INDICATORS, notes=board_notes())


@bp.get("/oversight.json")
@cached_page
def dashboard_json():
    return jsonify({"figures": board_figures(), "flags": dashboard.flag_counts(),
                    "indicators": public_url("oversight.indicators")})


@bp.get("/oversight.csv")
@cached_page
def dashboard_csv():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["dimension", "key", "label_zh", "label_en", *COLUMNS])
    for dimension, rows in board_figures().items():
        for row in rows:
            writer.writerow([dimension, row["key"], row["label"].get("zh", ""), row["label"].get("en", ""),
                             *("" if row[c] is None else row[c] for c in COLUMNS)])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="oversight.csv"'
    return response


@bp.get("/oversight/flags.<any(rss, atom):fmt>")
@cached_page
def flags_feed(fmt: str):
    """The flags raised most recently: one item per tender and indicator."""
    lang = locale()
    generator = FeedGenerator()
    self_url = public_url("oversight.flags_feed", fmt=fmt)
    generator.id(self_url)
    generator.title(pair(("招标公告板 — 新提示的监督指标", "Tender Board — newly raised oversight flags"), lang))
    generator.description(pair(("每个招标项目新提示的红旗指标。", "Red-flag indicators newly raised on tenders."),
                               lang))
    generator.link(href=self_url, rel="self")
    generator.link(href=public_url("oversight.dashboard_page"), rel="alternate")
    generator.language("zh-CN" if lang == "zh" else "en")
    rows = newly_raised(FEED_SIZE)
    generator.updated(rows[0].raised_at if rows else clock_now())
    for row in reversed(rows):
        link = public_url("tenders.tender_detail", reference=row.tender.reference)
        indicator = BY_CODE[row.code]
        entry = generator.add_entry()
        entry.id(f"{link}#flag-{row.code}-{int(row.raised_at.timestamp())}")
        entry.link(href=link, rel="alternate")
        entry.title(f"{row.code} {text(indicator.name, lang)}: {row.tender.reference} {text(row.tender.title, lang)}")
        entry.published(row.raised_at)
        entry.updated(row.computed_at)
        entry.summary(text(row.explanation, lang))
    body = generator.rss_str() if fmt == "rss" else generator.atom_str()
    kind = "application/rss+xml" if fmt == "rss" else "application/atom+xml"
    return Response(body, mimetype=kind)
