"""stats.components: infographics rendered from plain values, without a database."""

import html as html_module
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from stats.components import (
    Point,
    Source,
    Value,
    bars,
    big_number,
    rank,
    render,
    sample,
    then_now,
)

NBSP = "\u00a0"
HOSTILE = ["<script>alert(1)</script>", '"><svg onload=alert(1)>']

# Figures from the IBM CIO study of the launch article, in both languages.
STUDY = {
    "it": {
        "source": Source(
            publisher="IBM",
            title="Studio globale sui CIO",
            sample="oltre 1.600 CIO, 70 paesi, 20 settori",
            url="https://www.ibm.com/",
        ),
        "now": "oggi",
        "customer": "CIO che mettono l'attenzione al cliente finale tra le priorità",
        "front_office": "CIO concentrati sul front office (marketing, post-vendita)",
        "cloud": "cloud computing come modello IT da adottare",
        "mobile": "soluzioni mobile e social network come fattore chiave",
        "technology": "posizione dei fattori tecnologici tra i fattori esterni di influenza",
        "who": "CIO",
    },
    "en": {
        "source": Source(
            publisher="IBM",
            title="Global CIO Study",
            sample="more than 1,600 CIOs, 70 countries, 20 industries",
            url="https://www.ibm.com/",
        ),
        "now": "today",
        "customer": "CIOs who rank focus on the end customer among their priorities",
        "front_office": "CIOs focused on the front office (marketing, after-sales)",
        "cloud": "cloud computing as the IT model to adopt",
        "mobile": "mobile solutions and social networks as a key factor",
        "technology": "rank of technology factors among external forces",
        "who": "CIOs",
    },
}


def point(language, key, wave, amount, unit="percent", qualifier="exact", short=""):
    study = STUDY[language]
    wave_label = study["now"] if wave == "now" else wave
    return Point(
        label=study[key],
        short_label=short,
        wave_label=wave_label,
        value=Value(amount=Decimal(str(amount)), unit=unit, qualifier=qualifier),
    )


def build(kind, lang, **overrides):
    """One chart of each kind from the study's figures."""
    study = STUDY[lang]
    common = {
        "title": f"title-{kind}",
        "description": f"description-{kind}",
        "source": study["source"],
        "language": lang,
        "id_prefix": f"chart-{kind}",
    }
    if kind == "big_number":
        common["point"] = point(lang, "front_office", "now", 80, qualifier="more_than")
    elif kind == "then_now":
        common["before"] = point(lang, "cloud", "2009", 30, short="Cloud")
        common["after"] = point(lang, "cloud", "now", 64, short="Cloud")
    elif kind == "bars":
        common["points"] = [
            point(lang, "cloud", "now", 64, short="Cloud"),
            point(lang, "front_office", "now", 80, qualifier="more_than", short="Front office"),
            point(lang, "mobile", "now", 84, short="Mobile & social"),
            point(lang, "customer", "now", 60, short="Customer"),
        ]
    elif kind == "sample":
        common["respondents"] = Value(amount=Decimal(1600), unit="count", qualifier="more_than")
        common["countries"] = 70
        common["industries"] = 20
        common["respondents_label"] = study["who"]
    elif kind == "rank":
        common["point"] = point(lang, "technology", "2009", 6, unit="rank", short="Tech")
    common.update(overrides)
    builder = {
        "big_number": big_number,
        "then_now": then_now,
        "bars": bars,
        "sample": sample,
        "rank": rank,
    }[kind]
    return builder(**common)


KINDS = ["big_number", "then_now", "bars", "sample", "rank"]


class Page(HTMLParser):
    """Collects text nodes (with their enclosing tags), elements and attributes of rendered HTML."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "rect", "line", "circle", "polygon"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.elements = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        # Collapse only ASCII whitespace: a no-break space is meaningful ("> 80%").
        self.texts.append((tuple(self.stack), re.sub(r"[ \t\r\n]+", " ", data)))

    def text_in(self, tag):
        return [text.strip() for stack, text in self.texts if tag in stack and text.strip()]

    def joined(self, tag):
        """All text inside ``tag`` elements as one string, as a reader would see it."""
        text = "".join(text for stack, text in self.texts if tag in stack)
        return re.sub(r" +", " ", text).strip()

    def visible_text(self):
        """Text a sighted reader sees: everything but the SVG's <title> and <desc>."""
        return [
            text.strip() for stack, text in self.texts if "title" not in stack and "desc" not in stack and text.strip()
        ]

    def ids(self):
        return [attrs["id"] for _, attrs in self.elements if "id" in attrs]


def svg_elements(html, name):
    """Every SVG element called ``name`` (the drawing's marks), with its attributes."""
    return [attrs for tag, attrs in Page(html).elements if tag == name]


def table_cells(html):
    match = re.search(r"<table\b.*?</table>", html, re.DOTALL)
    return Page(match.group(0)).text_in("td") if match else None


def without_sr_only(html):
    """The figure as a sighted reader sees it: without the sentence kept for screen readers."""
    return re.sub(r'<p class="infographic__sr-only".*?</p>', "", html, flags=re.DOTALL)


# Fixed words as readers must see them: literal, so a broken catalogue fails these tests.
UI = {
    ("it", "Show the data"): "Mostra i dati",
    ("en", "Show the data"): "Show the data",
    ("it", "Source"): "Fonte",
    ("en", "Source"): "Source",
}


def ui(language, msgid):
    return UI[(language, msgid)]


# --- Each component, both languages -------------------------------------------------------------

# What a sighted reader sees in each chart: labels and values as text, in the page's type scale.
EXPECTED_VISIBLE = {
    ("big_number", "it"): ["oltre l'80%", "oggi"],
    ("big_number", "en"): ["more than 80%", "today"],
    ("then_now", "it"): ["30%", "64%", "+34 punti percentuali", "2009", "oggi"],
    ("then_now", "en"): ["30%", "64%", "+34 percentage points", "2009", "today"],
    ("bars", "it"): ["84%", f">{NBSP}80%", "64%", "60%", "Cloud", "Mobile & social", "oggi"],
    ("bars", "en"): ["84%", f">{NBSP}80%", "64%", "60%", "Cloud", "Mobile & social", "today"],
    ("sample", "it"): ["oltre 1.600", "CIO", "70", "paesi", "20", "settori"],
    ("sample", "en"): ["more than 1,600", "CIOs", "70", "countries", "20", "industries"],
    ("rank", "it"): ["6º posto", "2009"],
    ("rank", "en"): ["6th place", "2009"],
}

# Charts of several values also offer them as a table; a chart that prints one value does not.
EXPECTED_TABLE = {
    ("big_number", "it"): None,
    ("big_number", "en"): None,
    ("then_now", "it"): ["30%", "64%", "+34 punti percentuali"],
    ("then_now", "en"): ["30%", "64%", "+34 percentage points"],
    ("bars", "it"): ["84%", "oltre l'80%", "64%", "60%"],
    ("bars", "en"): ["84%", "more than 80%", "64%", "60%"],
    ("sample", "it"): None,
    ("sample", "en"): None,
    ("rank", "it"): None,
    ("rank", "en"): None,
}


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_component_renders_title_values_table_and_source(kind, language):
    html = render(build(kind, language))
    page = Page(html)

    figure = page.elements[0]
    assert figure[0] == "figure"
    assert figure[1]["class"] == f"infographic infographic--{kind.replace('_', '-')}"
    assert figure[1]["lang"] == language

    visible = Page(without_sr_only(html))
    shown = " | ".join(visible.visible_text())
    for text in EXPECTED_VISIBLE[kind, language]:
        assert text in shown, f"{text!r} not visible in {kind}/{language}"

    # One title, once: the figcaption, which names the figure.
    assert page.text_in("figcaption") == [f"title-{kind}"]
    assert shown.count(f"title-{kind}") == 1

    assert table_cells(html) == EXPECTED_TABLE[kind, language]
    if EXPECTED_TABLE[kind, language]:
        scopes = {attrs.get("scope") for tag, attrs in page.elements if tag == "th"}
        assert scopes == {"col", "row"}
        assert page.text_in("summary") == [ui(language, "Show the data")]
        table = next(attrs for tag, attrs in page.elements if tag == "table")
        assert table["aria-labelledby"] == f"chart-{kind}-title"
        assert not page.text_in("caption")  # the title is not repeated as a table caption

    # The source, once, in one compact line: "Source: IBM, <study>", the study linked.
    source = STUDY[language]["source"]
    line = re.search(r'<p class="infographic__source">.*?</p>', html, re.S).group(0)
    assert f"{ui(language, 'Source')}: IBM, {source.title}" == re.sub(r"<[^>]+>", "", line)
    assert shown.count("IBM") == 1
    links = [attrs for tag, attrs in page.elements if tag == "a"]
    assert links == [{"href": "https://www.ibm.com/", "rel": "noopener"}]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", ["big_number", "rank"])
def test_a_single_value_is_printed_once(kind, language):
    html = without_sr_only(render(build(kind, language)))
    value = EXPECTED_VISIBLE[kind, language][0]
    text = " ".join(Page(html).visible_text())
    assert text.count(value) == 1
    assert f">{NBSP}80%" not in text  # no second, short form of the same value


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_figure_is_described_for_assistive_technology(kind, language):
    html = render(build(kind, language))
    page = Page(html)
    figure = page.elements[0][1]
    description_id = figure["aria-describedby"]
    description = re.search(rf'<p class="infographic__sr-only" id="{description_id}">(.*?)</p>', html, re.S)
    text = html_module.unescape(description.group(1))
    assert text.startswith(f"description-{kind} ")
    for value in EXPECTED_TABLE[kind, language] or EXPECTED_VISIBLE[kind, language][:1]:
        assert value in text
    # The drawing is decoration over text that says everything: hidden from assistive technology.
    for tag, attrs in page.elements:
        if (
            tag == "svg"
            and "infographic__marker" not in attrs.get("class", "")
            and "position-box" not in attrs.get("class", "")
        ):
            assert attrs.get("aria-hidden") == "true", attrs


@pytest.mark.parametrize("kind", KINDS)
def test_drawings_are_in_css_pixels_and_percent_of_the_column(kind):
    """No viewBox scales the drawing (1 SVG unit = 1 CSS px: text never shrinks with the column),
    and every bar is a percentage of its track, at most 100: nothing is drawn past it."""
    html = render(build(kind, "en"))
    for attrs in svg_elements(html, "svg"):
        if "infographic__marker" not in attrs.get("class", ""):
            assert "viewBox" not in {name.lower() for name in attrs} and "viewbox" not in attrs
    for rect in svg_elements(html, "rect"):
        if "infographic__bar" in rect.get("class", "").split():
            assert rect["width"].endswith("%") and 0 <= float(rect["width"][:-1]) <= 100
    assert "font-size" not in html  # the stylesheet sets every size, in the page's type scale


def test_sample_uses_translated_nouns():
    page = Page(render(build("sample", "it")))
    assert page.text_in("li") == ["oltre 1.600", "CIO", "70", "paesi", "20", "settori"]


def test_sample_without_a_respondents_label_uses_the_generic_noun():
    page = Page(render(build("sample", "en", respondents_label="")))
    assert page.text_in("li")[1] == "respondents"


def test_rank_draws_positions_up_to_its_own_and_leaves_the_total_open():
    html = render(build("rank", "en"))
    circles = svg_elements(html, "circle")
    assert len(circles) == 6  # positions 1 to 6: the study gives no total
    current = [index for index, c in enumerate(circles) if "--current" in c.get("class")]
    assert current == [5]
    # After its own place the row trails off to the edge: it never reads "last of six".
    (line,) = svg_elements(html, "line")
    assert "infographic__open-end" in line["class"] and line["x2"] == "100%"


def test_rank_with_a_known_total_draws_it_and_closes_the_row():
    html = render(build("rank", "en", out_of=8))
    assert len(svg_elements(html, "circle")) == 8
    assert not svg_elements(html, "line")
    assert "6th place out of 8" in " ".join(Page(html).visible_text())


# --- Geometry: never localised, proportional, sorted --------------------------------------------

COMMA_DECIMAL = re.compile(r"\d,\d")


@override_settings(USE_THOUSAND_SEPARATOR=True, USE_I18N=True)
@pytest.mark.parametrize("kind", KINDS)
def test_svg_coordinates_are_never_localised(kind):
    with translation.override("it"):
        if kind == "then_now":
            chart = build(kind, "it", after=point("it", "cloud", "now", Decimal("64.5")))
        elif kind == "bars":
            points = [
                point("it", "cloud", "now", Decimal("64.5")),
                point("it", "mobile", "now", Decimal("12.3456")),
            ]
            chart = build(kind, "it", points=points)
        elif kind == "big_number":
            chart = build(kind, "it", point=point("it", "cloud", "now", Decimal("64.5")))
        else:
            chart = build(kind, "it", out_of=7) if kind == "rank" else build(kind, "it")
        html = render(chart)
        # The include form, rendered with localisation on, must behave the same.
        included = Template("{% include chart.template_name with chart=chart %}").render(Context({"chart": chart}))
    for source in (html, included):
        for tag, attrs in Page(source).elements:
            if tag in ("svg", "rect", "circle", "line", "text", "polygon"):
                for name, value in attrs.items():
                    assert not COMMA_DECIMAL.search(value or ""), f"{tag} {name}={value!r}"
    if kind in ("then_now", "bars", "big_number"):
        assert "64,5%" in " ".join(Page(html).visible_text())
        assert 'width="64.5%"' in html


def bar_rects(html):
    return [r for r in svg_elements(html, "rect") if "infographic__bar" in r.get("class", "").split()]


def widths(html):
    return [float(rect["width"].rstrip("%")) for rect in bar_rects(html)]


def test_then_now_bars_are_proportional_and_styled_differently():
    html = render(build("then_now", "it"))
    then, now = bar_rects(html)
    assert widths(html) == [30, 64]  # percents on a 0-100 track
    # Not colour alone: "then" is hatched with a pattern defined in this chart, "now" is solid.
    assert "infographic__bar--then" in then.get("class")
    assert "infographic__bar--now" in now.get("class")
    (pattern,) = svg_elements(html, "pattern")
    assert then.get("fill") == f"url(#{pattern['id']})"
    assert now.get("fill") is None
    # The waves head their rows, "oggi" in the same column as "2009".
    assert Page(html).text_in("li")[:2] == ["2009", "30%"]


def test_bars_are_sorted_descending_and_proportional():
    html = render(build("bars", "en"))
    drawn = widths(html)
    assert drawn == sorted(drawn, reverse=True)
    assert drawn[0] / drawn[-1] == pytest.approx(84 / 60)
    labels = [text for stack, text in Page(html).texts if "li" in stack and "span" in stack and text.strip()][::2]
    assert labels == ["Mobile & social", "Front office", "Cloud", "Customer"]
    rows = Page(html).text_in("th")[2:]  # after the two column headers
    assert rows == [STUDY["en"][key] for key in ("mobile", "front_office", "cloud", "customer")]


def test_count_bars_scale_to_the_largest():
    points = [
        Point("a", "A", "2024", Value(Decimal(400), "count")),
        Point("b", "B", "2024", Value(Decimal(1600), "count")),
    ]
    chart = bars(title="t", description="d", points=points, source=Source("IBM"), language="it")
    html = render(chart)
    assert widths(html) == [100, 25]
    assert "1.600" in " ".join(Page(html).visible_text())


# --- Lower bounds -------------------------------------------------------------------------------

BOUND_FORMS = ("oltre l'80%", "more than 80%", f">{NBSP}80%")


def assert_80_is_always_a_bound(texts):
    for text in texts:
        if "80%" in text:
            assert any(form in text for form in BOUND_FORMS), f"bare 80% in {text!r}"


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", ["big_number", "bars", "then_now"])
def test_a_lower_bound_is_never_a_bare_80_percent(kind, language):
    overrides = {}
    if kind == "then_now":
        overrides["after"] = point(language, "front_office", "now", 80, qualifier="more_than")
        overrides["before"] = point(language, "front_office", "2009", 30)
    html = render(build(kind, language, **overrides))
    page = Page(html)
    texts = [text.strip() for _, text in page.texts if text.strip()]
    assert any("80%" in text for text in texts)
    assert_80_is_always_a_bound(texts)  # drawing, table, title and description
    assert_80_is_always_a_bound(table_cells(html) or [])
    # And the drawing says so too: the bar ends in an arrow.
    assert svg_elements(html, "polygon")


@pytest.mark.parametrize("language", ["it", "en"])
def test_no_change_is_computed_from_a_bound(language):
    chart = build(
        "then_now",
        language,
        before=point(language, "front_office", "2009", 30),
        after=point(language, "front_office", "now", 80, qualifier="more_than"),
    )
    html = render(chart)
    assert "punti percentuali" not in html and "percentage points" not in html
    assert "infographic__delta" not in html


# --- Safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_user_text_is_escaped(kind, hostile):
    source = Source(publisher=hostile, title=hostile, sample=hostile, url="https://x.test/")
    overrides = {"title": hostile, "description": hostile, "caption": hostile, "source": source}
    if kind == "sample":
        overrides["respondents_label"] = hostile
    elif kind == "then_now":
        overrides["before"] = Point(hostile, hostile, hostile, Value(Decimal(30), "percent"))
        overrides["after"] = Point(hostile, hostile, "now", Value(Decimal(64), "percent"))
    elif kind == "bars":
        overrides["points"] = [Point(hostile, hostile, hostile, Value(Decimal(30), "percent"))]
    elif kind == "rank":
        overrides["point"] = Point(hostile, hostile, hostile, Value(Decimal(2), "rank"))
    else:
        overrides["point"] = Point(hostile, hostile, hostile, Value(Decimal(30), "percent"))
    html = render(build(kind, "en", **overrides))

    assert "<script" not in html
    assert "<svg onload" not in html
    page = Page(html)
    assert not [(tag, name) for tag, attrs in page.elements for name in attrs if name.startswith("on")]
    # The text survives, escaped: in the title, the description and the labels.
    assert hostile in page.joined("figcaption")
    assert hostile in " ".join(text for _, text in page.texts)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.test/", "ftp://x.test/", "x", ""],
)
def test_only_http_source_urls_are_linked(url):
    source = Source(publisher="IBM", title="Study", sample="1,600 CIOs", url=url)
    html = render(build("big_number", "en", source=source))
    page = Page(html)
    assert not [attrs for tag, attrs in page.elements if tag == "a"]
    assert "javascript:" not in html
    assert "Study" in page.text_in("cite")


def test_http_url_without_a_title_is_linked_after_the_publisher():
    html = render(build("bars", "en", source=Source(publisher="IBM", url="http://ibm.test/")))
    page = Page(html)
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert links == ["http://ibm.test/"]


def test_source_year_and_data_link_share_the_line():
    source = Source(publisher="IBM", title="CIO Study", year="2011", data_url="/en/data/x.csv")
    html = render(build("then_now", "en", source=source))
    line = re.search(r'<p class="infographic__source">.*?</p>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", line) == "Source: IBM, CIO Study, 2011 · Download the data (CSV)"


def test_editor_caption_appears_in_the_figcaption():
    html = render(build("rank", "en", caption="Behind market factors and macro-economic change."))
    assert "Behind market factors and macro-economic change." in Page(html).joined("figcaption")


# --- Ids ----------------------------------------------------------------------------------------


def test_ids_are_deterministic_and_distinct_between_charts():
    first = build("then_now", "it", id_prefix=None)
    assert build("then_now", "it", id_prefix=None).id == first.id  # same chart, same id: never random
    other = build("then_now", "it", id_prefix=None, after=point("it", "cloud", "now", 70))
    english = build("then_now", "en", id_prefix=None)
    assert len({first.id, other.id, english.id}) == 3
    page = Page(render(first) + render(other))
    ids = page.ids()
    assert len(ids) == len(set(ids)) == 8  # figure, title, description, pattern: twice
    # Each figure's references point inside its own chart.
    for _tag, attrs in page.elements:
        for name in ("aria-describedby", "aria-labelledby"):
            if name in attrs:
                assert attrs[name] in ids


def test_chart_id_from_a_block_id_and_language():
    from stats.components import chart_id

    assert chart_id("0f1e", "it") == chart_id("0f1e", "it") != chart_id("0f1e", "en")
    assert re.fullmatch(r"infographic-[0-9a-f]{10}", chart_id("0f1e", "it"))


@pytest.mark.parametrize("prefix", ["1abc", "a b", 'x"><script>', ""])
def test_a_bad_id_prefix_is_refused(prefix):
    with pytest.raises(ValueError):
        build("bars", "en", id_prefix=prefix)


# --- Language and misuse ------------------------------------------------------------------------


def test_render_uses_the_chart_language_not_the_active_one():
    with translation.override("it"):
        html = render(build("bars", "en"))
    assert f"<summary>{ui('en', 'Show the data')}</summary>" in html
    assert "64%" in html


def test_language_codes_are_normalised():
    assert build("bars", "en", language="en-gb").language == "en"
    assert build("bars", "it", language="fr").language == "it"


@pytest.mark.parametrize(
    ("kind", "overrides"),
    [
        ("bars", {"points": []}),
        (  # mixed units
            "bars",
            {
                "points": [
                    Point("a", "a", "2009", Value(Decimal(1), "percent")),
                    Point("b", "b", "2009", Value(Decimal(1), "count")),
                ]
            },
        ),
        (  # mixed waves
            "bars",
            {
                "points": [
                    Point("a", "a", "2009", Value(Decimal(1), "percent")),
                    Point("b", "b", "oggi", Value(Decimal(1), "percent")),
                ]
            },
        ),
        ("bars", {"points": [Point("a", "a", "2009", Value(Decimal(1), "rank"))]}),
        ("rank", {"point": Point("a", "a", "2009", Value(Decimal(6), "percent"))}),
        ("sample", {"respondents": Value(Decimal(60), "percent")}),
        ("sample", {"countries": -1}),
    ],
)
def test_misuse_is_refused(kind, overrides):
    with pytest.raises(ValueError):
        build(kind, "en", **overrides)


@pytest.mark.parametrize(
    ("amount", "unit", "qualifier"),
    [(101, "percent", "exact"), (0, "rank", "exact"), (6, "rank", "more_than"), (5, "kg", "exact")],
)
def test_values_are_validated_on_creation(amount, unit, qualifier):
    with pytest.raises(ValueError):
        Value(amount=Decimal(amount), unit=unit, qualifier=qualifier)


def test_value_accepts_int_and_float_and_stores_decimal():
    assert Value(amount=64.5, unit="percent").amount == Decimal("64.5")
    assert Value(amount=1600, unit="count").amount == Decimal(1600)
