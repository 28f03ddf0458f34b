"""The second of the two chart layers: infographic components, accessible SVG drawn server-side
from plain values, with no database (stats.chart_data, the first layer, turns stats rows into
these values). Every component fills one frame template, stats/components/_frame.html.

Each builder (``big_number``, ``then_now``, ``bars``, ``sample``, ``rank``) takes plain frozen
dataclasses (``Source``, ``Value``, ``Point``) and returns a frozen ``Chart`` subclass holding
everything its template needs, already computed: strings formatted for the page language by
``stats.formatting`` and SVG geometry as dot-decimal strings from ``svg_number``. Templates only
place strings; they do no arithmetic and never localise a coordinate.

    html = render(bars(title=..., description=..., points=[...], source=..., language="it"))

or, inside a template whose active language is the chart's:

    {% include chart.template_name with chart=chart %}

Fixed words (table headings, "Change: ...") use gettext with English msgids and the context
"infographic" (a literal in each call, so makemessages extracts it), so that short msgids such as
"Change" never pick up Django's or Wagtail's unrelated translations ("Cambia"). They are evaluated
in the chart's language: builders and ``render`` activate it. User text (titles, labels,
captions) is never marked safe; the templates autoescape it, in the HTML and inside the SVG alike.

Lower bounds: a value "more than 80" is drawn as a bar ending in an arrow, labelled "> 80%", and
written "oltre l'80%" in the description, the statement and the data table. A change between two
waves is shown only when both values are exact, since "more than 80" minus 30 is not a number.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
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

# Geometry, in viewBox units. A drawing 360 units wide shown about 260px wide (a 320px phone,
# minus margins) turns 18-unit labels into 13px text; the stylesheet caps its width on large
# screens. Long labels belong in the HTML (statement, table), short ones in the drawing.
WIDTH = 360
LABEL_SIZE = 18
VALUE_SIZE = 20
BAR_HEIGHT = 28
BAR_MAX = 260  # bar length for 100%; the rest of the width holds the arrow and the value
ROW_HEIGHT = LABEL_SIZE + 8 + BAR_HEIGHT + 14  # label line, gap, bar, gap
MARKER = 12  # width of the arrow that marks a bound

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    publisher: str  # "IBM"
    title: str = ""  # the study's title in the page language
    sample: str = ""  # already localised: "oltre 1.600 CIO, 70 paesi, 20 settori"
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
    caption: str
    columns: tuple[str, ...]  # the first heads the row-header column
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Bar:
    label: str  # drawn above the bar
    value_text: str  # drawn at the bar's end, bounds included ("> 80%")
    style: str  # "now" (solid) or "then" (hatched)
    x: str
    y: str
    width: str
    height: str
    label_y: str
    value_x: str
    value_y: str
    marker: str = ""  # polygon points of the arrow marking a bound, "" when exact
    track_width: str = ""  # the 0-100% track behind percent bars, "" for counts


@dataclass(frozen=True)
class SampleColumn:
    x: str
    number: str  # "1.600+"
    noun: str  # "CIO", "paesi"


@dataclass(frozen=True)
class RankPosition:
    cx: str
    r: str
    number: str  # "" when the circles are too small to hold it
    current: bool


@dataclass(frozen=True, kw_only=True)
class Chart:
    kind: ClassVar[str]
    id: str
    language: str
    title: str
    description: str  # the editor's accessible description
    summary: str  # the values in words, generated
    caption: str
    source: Source
    table: Table
    view_box: str

    @property
    def template_name(self) -> str:
        return f"stats/components/{self.kind}.html"

    @property
    def css_modifier(self) -> str:
        return "infographic--" + self.kind.replace("_", "-")

    @property
    def width(self) -> str:
        return svg_number(WIDTH)

    @property
    def label_size(self) -> str:
        return svg_number(LABEL_SIZE)

    @property
    def value_size(self) -> str:
        return svg_number(VALUE_SIZE)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"


@dataclass(frozen=True, kw_only=True)
class BigNumberChart(Chart):
    kind: ClassVar[str] = "big_number"
    label: str
    wave_label: str
    value_words: str  # "oltre l'80%"
    value_short: str  # "> 80%"
    bar: Bar | None  # the 0-100 bar, for percents only
    axis_max: str  # "100%"
    axis_zero: str  # "0"
    axis_y: str


@dataclass(frozen=True, kw_only=True)
class ThenNowChart(Chart):
    kind: ClassVar[str] = "then_now"
    label: str
    bars: tuple[Bar, ...]
    hatch_id: str
    delta: str  # "+34 punti percentuali", "" when a value is a bound
    delta_y: str


@dataclass(frozen=True, kw_only=True)
class BarsChart(Chart):
    kind: ClassVar[str] = "bars"
    wave_label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, kw_only=True)
class SampleChart(Chart):
    kind: ClassVar[str] = "sample"
    columns: tuple[SampleColumn, ...]
    dividers: tuple[str, ...]  # x of the lines between columns


@dataclass(frozen=True, kw_only=True)
class RankChart(Chart):
    kind: ClassVar[str] = "rank"
    label: str
    wave_label: str
    value_words: str  # "6º posto", or "6º posto su 10"
    value_short: str  # "6º"
    positions: tuple[RankPosition, ...]
    positions_y: str
    numbers_y: str


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
    """One figure at one wave, drawn big, with a 0-100 bar for percents."""
    language = normalize_language(language)
    value = point.value
    with translation.override(language):
        words = value.words(language)
        bar = None
        if value.unit == Unit.PERCENT:
            # Leave room after the bar for the arrow of a lower bound.
            bar = _bar(
                label="",
                value=value,
                style="now",
                top=80 - LABEL_SIZE - 8,  # puts the bar at y=80, under the big number
                scale_max=Decimal(100),
                length=Decimal(WIDTH - 2 * MARKER),
                language=language,
                track=True,
            )
        return BigNumberChart(
            **_single_point_fields(
                point=point,
                words=words,
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
            ),
            view_box=f"0 0 {WIDTH} {138 if bar else 76}",
            bar=bar,
            axis_max=format_short(100, unit=Unit.PERCENT, qualifier=Qualifier.EXACT, language=language),
            axis_zero=format_number(0, language=language),
            axis_y="130",
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
        chart_id = _chart_id(id_prefix)
        scale_max = _scale_max([before, after], unit)
        rows = tuple(
            _bar(
                label=point.wave_label,
                value=point.value,
                style=style,
                top=index * ROW_HEIGHT,
                scale_max=scale_max,
                length=Decimal(BAR_MAX),
                language=language,
                track=unit == Unit.PERCENT,
            )
            for index, (point, style) in enumerate(((before, "then"), (after, "now")))
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
        columns = [pgettext("infographic", "Figure"), before.wave_label, after.wave_label]
        cells = [before_words, after_words]
        if delta:
            summary += " " + pgettext("infographic", "Change: %(change)s.") % {"change": delta}
            columns.append(pgettext("infographic", "Change"))
            cells.append(delta)
        rows_height = 2 * ROW_HEIGHT
        return ThenNowChart(
            **_chart_fields(
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=chart_id,
                summary=summary,
                columns=columns,
                rows=(TableRow(after.label, tuple(cells)),),
            ),
            view_box=f"0 0 {WIDTH} {rows_height + 24 if delta else rows_height - 12}",
            label=after.label,
            bars=rows,
            hatch_id=f"{chart_id}-hatch",
            delta=delta,
            delta_y=svg_number(rows_height + 14),
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
                top=index * ROW_HEIGHT,
                scale_max=scale_max,
                length=Decimal(BAR_MAX),
                language=language,
                track=unit == Unit.PERCENT,
            )
            for index, point in enumerate(ordered)
        )
        items = [(point.label, point.value.words(language)) for point in ordered]
        summary = pgettext("infographic", "%(items)s (%(wave)s).") % {
            "items": "; ".join(f"{label}: {words}" for label, words in items),
            "wave": wave_label,
        }
        return BarsChart(
            **_chart_fields(
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
                summary=summary,
                columns=(pgettext("infographic", "Figure"), wave_label),
                rows=(TableRow(label, (words,)) for label, words in items),
            ),
            view_box=f"0 0 {WIDTH} {len(drawn) * ROW_HEIGHT - 12}",
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
    """The sample at a glance: "1.600+ CIO · 70 paesi · 20 settori".

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
        # (noun, short number for the drawing, worded number for text and table if different)
        groups = (
            (who, respondents.short(language), respondents.words(language)),
            (
                npgettext("infographic", "country", "countries", countries),
                format_number(countries, language=language),
                None,
            ),
            (
                npgettext("infographic", "industry", "industries", industries),
                format_number(industries, language=language),
                None,
            ),
        )
        column_width = Decimal(WIDTH) / len(groups)
        columns = tuple(
            SampleColumn(x=svg_number(column_width * index + column_width / 2), number=number, noun=noun)
            for index, (noun, number, _) in enumerate(groups)
        )
        spoken = [f"{words or number} {noun}" for noun, number, words in groups]
        return SampleChart(
            **_chart_fields(
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
                summary=pgettext("infographic", "Sample: %(groups)s.") % {"groups": ", ".join(spoken)},
                columns=(pgettext("infographic", "Sample"), pgettext("infographic", "Number")),
                rows=(TableRow(_capitalize(noun), (words or number,)) for noun, number, words in groups),
            ),
            view_box=f"0 0 {WIDTH} 84",
            columns=columns,
            dividers=tuple(svg_number(column_width * index) for index in range(1, len(groups))),
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

    Without ``out_of`` the row stops at the figure's position, since the total is unknown.
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
        spacing = Decimal(WIDTH) / total
        radius = min(Decimal(16), spacing * Decimal("0.4"))
        show_numbers = radius >= 14  # room for an 18-unit number inside the circle
        positions = tuple(
            RankPosition(
                cx=svg_number(spacing * index + spacing / 2),
                r=svg_number(radius),
                number=format_number(index + 1, language=language) if show_numbers else "",
                current=index + 1 == position,
            )
            for index in range(total)
        )
        return RankChart(
            **_single_point_fields(
                point=point,
                words=words,
                title=title,
                description=description,
                caption=caption,
                source=source,
                language=language,
                id_prefix=id_prefix,
            ),
            view_box=f"0 0 {WIDTH} 96",
            positions=positions,
            positions_y="72",
            numbers_y="78.5",  # centres 18-unit digits in the circles
        )


def render(chart: Chart) -> SafeString:
    """The chart's HTML, with fixed strings in the chart's language."""
    with translation.override(chart.language):
        return render_to_string(chart.template_name, {"chart": chart})


# --- Helpers ------------------------------------------------------------------------------------


# What the chart being built is (e.g. its block's id and language), set by `chart_ids_from`.
_id_seed: ContextVar[str | None] = ContextVar("chart_id_seed", default=None)


@contextmanager
def chart_ids_from(seed: str):
    """Charts built inside get ids derived from `seed`: the same page renders the same ids every
    time (so caches and ETags can compare pages), and different seeds give different ids."""
    token = _id_seed.set(seed)
    try:
        yield
    finally:
        _id_seed.reset(token)


def _chart_id(id_prefix: str | None) -> str:
    """A unique id per rendered chart, so several on one page never share ids; fixed in tests."""
    if id_prefix is None:
        seed = _id_seed.get()
        if seed is None:  # a chart drawn on its own: nothing stable to derive it from
            return "infographic-" + secrets.token_hex(4)
        return "infographic-" + hashlib.blake2b(seed.encode(), digest_size=4).hexdigest()
    if not _ID_RE.match(id_prefix):
        raise ValueError(f"id_prefix must start with a letter and hold only letters, digits, - or _: {id_prefix!r}.")
    return id_prefix


def _chart_fields(*, title, description, caption, source, language, id_prefix, summary, columns, rows) -> dict:
    """The fields every chart shares (the Chart base class), filled in one place: its texts, its
    language and id, the sentence that says its values and its data table."""
    return {
        "id": _chart_id(id_prefix),
        "language": language,
        "title": title,
        "description": description,
        "summary": summary,
        "caption": caption,
        "source": source,
        "table": Table(caption=title, columns=tuple(columns), rows=tuple(rows)),
    }


def _single_point_fields(*, point, words, **frame) -> dict:
    """What the one-figure charts (big number, rank) share: the one-row table and the value."""
    return {
        **_chart_fields(
            **frame,
            summary=_point_sentence(point, words),
            columns=(pgettext("infographic", "Figure"), point.wave_label),
            rows=(TableRow(point.label, (words,)),),
        ),
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


def _bar(
    *,
    label: str,
    value: Value,
    style: str,
    top: int,
    scale_max: Decimal,
    length: Decimal,
    language: str,
    track: bool,
) -> Bar:
    """One bar in a row starting at ``top``: label line, then the bar, its arrow and value."""
    bar_y = top + LABEL_SIZE + 8
    width = length * value.amount / scale_max
    middle = BAR_HEIGHT // 2
    marker = ""
    if value.qualifier == Qualifier.MORE_THAN:  # an arrow pointing on: "and beyond"
        tip, base = width + MARKER, width
        marker = _points((base, bar_y), (tip, bar_y + middle), (base, bar_y + BAR_HEIGHT))
    elif value.qualifier == Qualifier.LESS_THAN:  # an arrow pointing back: "at most"
        tip, base = width, width + MARKER
        marker = _points((base, bar_y), (tip, bar_y + middle), (base, bar_y + BAR_HEIGHT))
    return Bar(
        label=label,
        value_text=value.short(language),
        style=style,
        x="0",
        y=svg_number(bar_y),
        width=svg_number(width),
        height=svg_number(BAR_HEIGHT),
        label_y=svg_number(top + LABEL_SIZE),
        value_x=svg_number(width + (MARKER if marker else 0) + 6),
        value_y=svg_number(bar_y + middle + 7),  # baseline that centres 20-unit digits on the bar
        marker=marker,
        track_width=svg_number(length) if track else "",
    )


def _points(*pairs) -> str:
    # Spaces only (SVG allows them), so no comma can ever be mistaken for a decimal separator.
    return " ".join(f"{svg_number(x)} {svg_number(y)}" for x, y in pairs)


def _point_sentence(point: Point, words: str) -> str:
    return pgettext("infographic", "%(label)s: %(value)s (%(wave)s).") % {
        "label": point.label,
        "value": words,
        "wave": point.wave_label,
    }


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
