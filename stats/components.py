"""The second of the two chart layers: infographic components drawn server-side from plain values,
with no database (stats.chart_data, the first layer, turns stats rows into these values). Every
component fills one frame template, stats/components/_frame.html: a <figure> whose figcaption is its
one title, the drawing, a sentence for screen readers, an optional data table and one line with the
source and the data link.

A chart is set like the text around it: labels and values are HTML text in the page's type scale;
the SVG only draws marks, in CSS pixels (no viewBox), placed in percent of the text column (bars,
tracks, rank positions), so the drawing spans the column at any width and nothing is drawn past its
track. A value printed as text is printed once; charts of several values also offer a table.

Each builder (``big_number``, ``then_now``, ``bars``, ``sample``, ``rank``) takes plain frozen
dataclasses (``Source``, ``Value``, ``Point``) and returns a frozen ``Chart`` subclass holding
everything its template needs, already computed: strings formatted for the page language by
``stats.formatting`` and geometry as dot-decimal strings from ``svg_number``. Templates only place
strings; they do no arithmetic and never localise a coordinate.

    html = render(bars(title=..., description=..., points=[...], source=..., language="it"))

or, inside a template whose active language is the chart's:

    {% include chart.template_name with chart=chart %}

Fixed words (table headings, "Change: ...") use gettext with English msgids and the context
"infographic" (a literal in each call, so makemessages extracts it), so that short msgids such as
"Change" never pick up Django's or Wagtail's unrelated translations ("Cambia"). They are evaluated
in the chart's language: builders and ``render`` activate it. User text (titles, labels,
captions) is never marked safe; the templates autoescape it, in the HTML and inside the SVG alike.

Lower bounds: a value "more than 80" is drawn as a bar ending in an arrow, labelled "> 80%" in a
bar's value column, and written "oltre l'80%" everywhere else (big number, table, description). A change between two
waves is shown only when both values are exact, since "more than 80" minus 30 is not a number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import npgettext, pgettext

from stats.formatting import (
    Qualifier,
    Unit,
    format_delta,
    format_number,
    format_short,
    format_value,
    normalize_language,
    svg_number,
    validate_value,
)

__all__ = [
    "Bar",
    "BarsChart",
    "BigNumberChart",
    "Chart",
    "Point",
    "RankChart",
    "RankPosition",
    "SampleChart",
    "SampleColumn",
    "Source",
    "Table",
    "TableRow",
    "ThenNowChart",
    "Value",
    "bars",
    "big_number",
    "rank",
    "render",
    "sample",
    "then_now",
]

# Geometry. Charts have no viewBox: their SVG units are CSS pixels, so nothing drawn scales with the
# column. Labels and values are HTML text in the page's type scale (the stylesheet sets their size);
# the SVG only draws marks, positioned in percent of the column's width (bars, rank positions), so
# the drawing spans the text column edge to edge at any width and nothing is drawn past its track.
MAX_POSITIONS = 8  # a rank row draws every position up to this many
MARKER = 10  # width, in px, of the arrow that marks a bound ("more than 80%")

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    publisher: str  # "IBM"
    title: str = ""  # the study's title in the page language
    sample: str = ""  # already localised: "oltre 1.600 CIO, 70 paesi, 20 settori" (for text, not the line)
    year: str = ""  # the study's year when known ("" for a wave without one)
    url: str = ""  # optional; linked only if http(s)
    data_url: str = ""  # optional: the site's own download of the figures (a relative URL)

    @property
    def href(self) -> str:
        """The URL if it is safe to link (absolute http or https), else ""."""
        url = self.url.strip()
        parts = urlsplit(url)
        return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@dataclass(frozen=True)
class Value:
    amount: Decimal
    unit: str  # a Unit value
    qualifier: str = Qualifier.EXACT.value

    def __post_init__(self) -> None:
        # Validate at the edge (defence in depth) and normalise to Decimal and plain strings.
        amount = validate_value(self.amount, unit=self.unit, qualifier=self.qualifier)
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", Unit(self.unit).value)
        object.__setattr__(self, "qualifier", Qualifier(self.qualifier).value)

    @property
    def is_exact(self) -> bool:
        return self.qualifier == Qualifier.EXACT

    def words(self, language: str) -> str:
        """The worded form: "oltre l'80%"."""
        return format_value(self.amount, unit=self.unit, qualifier=self.qualifier, language=language)

    def short(self, language: str) -> str:
        """The compact form for big labels, the bound kept as a symbol: "> 80%"."""
        return format_short(self.amount, unit=self.unit, qualifier=self.qualifier, language=language)


@dataclass(frozen=True)
class Point:
    """One figure at one wave."""

    label: str  # full label in the page language
    short_label: str  # short label drawn in the SVG; falls back to ``label`` when blank
    wave_label: str  # "2009", "oggi", "today"
    value: Value

    @property
    def svg_label(self) -> str:
        return self.short_label.strip() or self.label


# --- Outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    header: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # the first heads the row-header column
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label (HTML), its bar (SVG, in percent of the track) and value."""

    label: str  # the row's label: a wave ("2009", "oggi") or a figure's short label
    value_text: str  # at the row's end, bounds included ("> 80%")
    style: str  # "now" (solid) or "then" (hatched)
    percent: str  # the bar's length in percent of its track, dot-decimal
    marker: str = ""  # "more" or "less" when the value is a bound, else ""
    track: bool = False  # the 0-100% track behind percent bars


@dataclass(frozen=True)
class SampleColumn:
    number: str  # "1.600+"
    noun: str  # "CIO", "paesi"


@dataclass(frozen=True)
class RankPosition:
    x: str  # where its circle starts, in percent of the drawing's width
    number: str
    current: bool


@dataclass(frozen=True, kw_only=True)
class Chart:
    kind: ClassVar[str]
    id: str
    language: str
    title: str  # shown once, in the figcaption
    description: str  # the editor's accessible description
    summary: str  # the values in words, generated, for assistive technology
    caption: str
    source: Source
    table: Table | None  # None when every value is already printed as text

    @property
    def template_name(self) -> str:
        return f"stats/components/{self.kind}.html"

    @property
    def css_modifier(self) -> str:
        return "infographic--" + self.kind.replace("_", "-")

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def marker_width(self) -> str:
        return svg_number(MARKER)


@dataclass(frozen=True, kw_only=True)
class BigNumberChart(Chart):
    kind: ClassVar[str] = "big_number"
    label: str
    wave_label: str
    value_words: str  # "oltre l'80%": the one value printed
    value_short: str  # "> 80%" (for compact uses: cards, share images)
    bar: Bar | None  # the 0-100 bar, for percents only
    axis_max: str  # "100%"
    axis_zero: str  # "0"


@dataclass(frozen=True, kw_only=True)
class ThenNowChart(Chart):
    kind: ClassVar[str] = "then_now"
    label: str
    bars: tuple[Bar, ...]
    delta: str  # "+34 punti percentuali", "" when a value is a bound

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"


@dataclass(frozen=True, kw_only=True)
class BarsChart(Chart):
    kind: ClassVar[str] = "bars"
    wave_label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, kw_only=True)
class SampleChart(Chart):
    kind: ClassVar[str] = "sample"
    columns: tuple[SampleColumn, ...]


@dataclass(frozen=True, kw_only=True)
class RankChart(Chart):
    kind: ClassVar[str] = "rank"
    label: str
    wave_label: str
    value_words: str  # "6º posto", or "6º posto su 10"
    value_short: str  # "6º"
    positions: tuple[RankPosition, ...]
    open_ended: bool  # the total is unknown: the row of positions trails off after this one


# --- Builders -----------------------------------------------------------------------------------


def big_number(
    *,
    title: str,
    description: str,
    point: Point,
    source: Source,
    caption: str = "",
    language: str,
    id_prefix: str | None = None,
) -> BigNumberChart:
    """One figure at one wave: its value printed big, once, over a 0-100 bar for percents."""
    language = normalize_language(language)
    value = point.value
    with translation.override(language):
        words = value.words(language)
        bar = None
        if value.unit == Unit.PERCENT:
            bar = _bar(label="", value=value, style="now", scale_max=Decimal(100), language=language, track=True)
        return BigNumberChart(
            **_single_point_fields(
                kind="big_number",
                point=point,
                words=words,
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
            ),
            bar=bar,
            axis_max=format_short(100, unit=Unit.PERCENT, qualifier=Qualifier.EXACT, language=language),
            axis_zero=format_number(0, language=language),
        )


def then_now(
    *,
    title: str,
    description: str,
    before: Point,
    after: Point,
    source: Source,
    caption: str = "",
    language: str,
    id_prefix: str | None = None,
) -> ThenNowChart:
    """One figure at two waves, e.g. cloud computing 30% in 2009 and 64% today, with the change."""
    language = normalize_language(language)
    unit = _common_unit([before, after])
    with translation.override(language):
        scale_max = _scale_max([before, after], unit)
        rows = tuple(
            _bar(
                label=point.wave_label,
                value=point.value,
                style=style,
                scale_max=scale_max,
                language=language,
                track=unit == Unit.PERCENT,
            )
            for point, style in ((before, "then"), (after, "now"))
        )
        delta = ""
        if before.value.is_exact and after.value.is_exact:
            delta = format_delta(before.value.amount, after.value.amount, unit=unit, language=language)
        before_words, after_words = before.value.words(language), after.value.words(language)
        summary = pgettext("infographic", "%(label)s: %(before)s (%(before_wave)s), %(after)s (%(after_wave)s).") % {
            "label": after.label,
            "before": before_words,
            "before_wave": before.wave_label,
            "after": after_words,
            "after_wave": after.wave_label,
        }
        # The table names the waves, not the figure again (the title does that).
        table_rows = [TableRow(before.wave_label, (before_words,)), TableRow(after.wave_label, (after_words,))]
        if delta:
            summary += " " + pgettext("infographic", "Change: %(change)s.") % {"change": delta}
            table_rows.append(TableRow(pgettext("infographic", "Change"), (delta,)))
        return ThenNowChart(
            **_chart_fields(
                kind="then_now",
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
                summary=summary,
                table=Table(
                    columns=(pgettext("infographic", "Wave"), pgettext("infographic", "Value")), rows=tuple(table_rows)
                ),
            ),
            label=after.label,
            bars=rows,
            delta=delta,
        )


def bars(
    *,
    title: str,
    description: str,
    points: list[Point] | tuple[Point, ...],
    source: Source,
    caption: str = "",
    language: str,
    id_prefix: str | None = None,
) -> BarsChart:
    """Several figures at one wave as horizontal bars, largest first."""
    language = normalize_language(language)
    if not points:
        raise ValueError("bars() needs at least one point.")
    unit = _common_unit(points)
    waves = {point.wave_label for point in points}
    if len(waves) != 1:
        raise ValueError(f"bars() draws one wave, got {sorted(waves)}; use then_now() to compare.")
    wave_label = waves.pop()
    ordered = sorted(points, key=lambda point: point.value.amount, reverse=True)  # stable for ties
    with translation.override(language):
        scale_max = _scale_max(ordered, unit)
        drawn = tuple(
            _bar(
                label=point.svg_label,
                value=point.value,
                style="now",
                scale_max=scale_max,
                language=language,
                track=unit == Unit.PERCENT,
            )
            for point in ordered
        )
        items = [(point.label, point.value.words(language)) for point in ordered]
        summary = pgettext("infographic", "%(items)s (%(wave)s).") % {
            "items": "; ".join(f"{label}: {words}" for label, words in items),
            "wave": wave_label,
        }
        return BarsChart(
            **_chart_fields(
                kind="bars",
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
                summary=summary,
                table=Table(
                    columns=(pgettext("infographic", "Figure"), wave_label),
                    rows=tuple(TableRow(label, (words,)) for label, words in items),
                ),
            ),
            wave_label=wave_label,
            bars=drawn,
        )


def sample(
    *,
    title: str,
    description: str,
    respondents: Value,
    countries: int,
    industries: int,
    source: Source,
    caption: str = "",
    language: str,
    respondents_label: str = "",
    id_prefix: str | None = None,
) -> SampleChart:
    """The sample at a glance: "oltre 1.600 CIO · 70 paesi · 20 settori", as text.

    ``respondents_label`` names who answered in the page language ("CIO" / "CIOs"); when blank
    the generic "respondents" is used.
    """
    language = normalize_language(language)
    if respondents.unit != Unit.COUNT:
        raise ValueError("The number of respondents must be a count.")
    for name, number in (("countries", countries), ("industries", industries)):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ValueError(f"{name} must be a whole number of at least 0, got {number!r}.")
    with translation.override(language):
        who = respondents_label.strip() or npgettext(
            "infographic", "respondent", "respondents", int(respondents.amount)
        )
        # Worded numbers ("oltre 1.600"): the figure prints them once, as text, so it needs no table.
        groups = (
            (who, respondents.words(language)),
            (npgettext("infographic", "country", "countries", countries), format_number(countries, language=language)),
            (
                npgettext("infographic", "industry", "industries", industries),
                format_number(industries, language=language),
            ),
        )
        spoken = [f"{number} {noun}" for noun, number in groups]
        return SampleChart(
            **_chart_fields(
                kind="sample",
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
                summary=pgettext("infographic", "Sample: %(groups)s.") % {"groups": ", ".join(spoken)},
                table=None,
            ),
            columns=tuple(SampleColumn(number=number, noun=noun) for noun, number in groups),
        )


def rank(
    *,
    title: str,
    description: str,
    point: Point,
    source: Source,
    caption: str = "",
    language: str,
    out_of: int | None = None,
    id_prefix: str | None = None,
) -> RankChart:
    """A ranked figure as a row of positions with its own highlighted: "6º posto" / "6th place".

    Without ``out_of`` the total is unknown: the row shows positions 1 to the figure's own and
    then trails off (a dashed, open line), so it never reads "last of six".
    """
    language = normalize_language(language)
    value = point.value
    if value.unit != Unit.RANK:
        raise ValueError("rank() needs a point whose unit is rank.")
    position = int(value.amount)
    if out_of is not None and (isinstance(out_of, bool) or not isinstance(out_of, int) or out_of < position):
        raise ValueError(f"out_of must be a whole number of at least the rank ({position}), got {out_of!r}.")
    total = out_of or position
    with translation.override(language):
        words = value.words(language)
        if out_of:
            words = pgettext("infographic", "%(rank)s out of %(total)s") % {
                "rank": words,
                "total": format_number(out_of, language=language),
            }
        # Positions spread over the width; an unknown total keeps the last slot for the open end.
        # Past MAX_POSITIONS only the first, this one and the last known are numbered circles.
        # Each position is a 28 px circle whose left edge sits at its slot's start, so the first is
        # flush with the text column's edge.
        slots = Decimal(total + (0 if out_of else 1))
        shown = range(1, total + 1)
        if total > MAX_POSITIONS:
            shown = sorted({1, position, total})
        positions = tuple(
            RankPosition(
                x=svg_number((Decimal(number) - 1) * 100 / slots),
                number=format_number(number, language=language),
                current=number == position,
            )
            for number in shown
        )
        return RankChart(
            **_single_point_fields(
                kind="rank",
                point=point,
                words=words,
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
            ),
            positions=positions,
            open_ended=not out_of,
        )


def render(chart: Chart) -> SafeString:
    """The chart's HTML, with fixed strings in the chart's language."""
    with translation.override(chart.language):
        return render_to_string(chart.template_name, {"chart": chart})


# --- Helpers ------------------------------------------------------------------------------------


def chart_id(*parts: str) -> str:
    """A stable id made from ``parts`` (e.g. a StreamField block's id and the language): the same
    page renders the same ids every time (cacheable, diffable), and distinct blocks differ."""
    digest = hashlib.blake2s("\x1f".join(parts).encode(), digest_size=5).hexdigest()
    return f"infographic-{digest}"


def _chart_id(id_prefix: str | None, *, kind: str, language: str, title: str, summary: str) -> str:
    """The given id, else one derived from what the chart says (deterministic, never random)."""
    if id_prefix is None:
        return chart_id(kind, language, title, summary)
    if not _ID_RE.match(id_prefix):
        raise ValueError(f"id_prefix must start with a letter and hold only letters, digits, - or _: {id_prefix!r}.")
    return id_prefix


def _chart_fields(*, kind, title, description, caption, source, language, id_prefix, summary, table) -> dict:
    """The fields every chart shares (the Chart base class), filled in one place: its texts, its
    language and id, the sentence that says its values and its data table."""
    return {
        "id": _chart_id(id_prefix, kind=kind, language=language, title=title, summary=summary),
        "language": language,
        "title": title,
        "description": description,
        "summary": summary,
        "caption": caption,
        "source": source,
        "table": table,
    }


def _single_point_fields(*, point, words, **frame) -> dict:
    """What the one-figure charts (big number, rank) share: the value, printed once as text (so
    no table: it would only repeat it)."""
    return {
        **_chart_fields(**frame, summary=_point_sentence(point, words), table=None),
        "label": point.label,
        "wave_label": point.wave_label,
        "value_words": words,
        "value_short": point.value.short(frame["language"]),
    }


def _common_unit(points) -> str:
    units = {point.value.unit for point in points}
    if len(units) != 1:
        raise ValueError(f"All points must share one unit, got {sorted(units)}.")
    unit = units.pop()
    if unit == Unit.RANK:
        raise ValueError("Ranks are not drawn as bars (longer would mean worse); use rank().")
    return unit


def _scale_max(points, unit: str) -> Decimal:
    """Percents are drawn on 0-100 so bars compare across charts; counts against the largest."""
    if unit == Unit.PERCENT:
        return Decimal(100)
    return max(point.value.amount for point in points) or Decimal(1)


def _bar(*, label: str, value: Value, style: str, scale_max: Decimal, language: str, track: bool) -> Bar:
    """One bar: its length in percent of the track; a bound gets an arrow at its end."""
    marker = {Qualifier.MORE_THAN: "more", Qualifier.LESS_THAN: "less"}.get(Qualifier(value.qualifier), "")
    return Bar(
        label=label,
        value_text=value.short(language),
        style=style,
        percent=svg_number(min(Decimal(100), Decimal(100) * value.amount / scale_max)),
        marker=marker,
        track=track,
    )


def _point_sentence(point: Point, words: str) -> str:
    return pgettext("infographic", "%(label)s: %(value)s (%(wave)s).") % {
        "label": point.label,
        "value": words,
        "wave": point.wave_label,
    }
