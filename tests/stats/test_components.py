"""stats.components: infographics rendered from plain values, without a database."""

import re
import xml.etree.ElementTree as ET
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

SVG_NS = "{http://www.w3.org/2000/svg}"
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


def svg_root(html):
    """The inline SVG, parsed as XML: it must be well-formed and namespaced."""
    match = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert match, "no <svg> in the rendered component"
    return ET.fromstring(match.group(0))


def svg_elements(html, name):
    return svg_root(html).findall(f".//{SVG_NS}{name}")


def table_cells(html):
    page = Page(re.search(r"<table\b.*?</table>", html, re.DOTALL).group(0))
    return page.text_in("td")


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

EXPECTED_VISIBLE = {
    ("big_number", "it"): [f">{NBSP}80%", "oltre l'80%", STUDY["it"]["front_office"], "oggi"],
    ("big_number", "en"): [f">{NBSP}80%", "more than 80%", STUDY["en"]["front_office"], "today"],
    ("then_now", "it"): ["30%", "64%", "+34 punti percentuali", "2009", "oggi"],
    ("then_now", "en"): ["30%", "64%", "+34 percentage points", "2009", "today"],
    ("bars", "it"): ["84%", f">{NBSP}80%", "64%", "60%", "Cloud", "Mobile & social"],
    ("bars", "en"): ["84%", f">{NBSP}80%", "64%", "60%", "Cloud", "Mobile & social"],
    ("sample", "it"): ["1.600+", "CIO", "70", "20"],
    ("sample", "en"): ["1,600+", "CIOs", "70", "20"],
    ("rank", "it"): ["6º posto", "1", "6", "2009", STUDY["it"]["technology"]],
    ("rank", "en"): ["6th place", "1", "6", "2009", STUDY["en"]["technology"]],
}

EXPECTED_TABLE = {
    ("big_number", "it"): ["oltre l'80%"],
    ("big_number", "en"): ["more than 80%"],
    ("then_now", "it"): ["30%", "64%", "+34 punti percentuali"],
    ("then_now", "en"): ["30%", "64%", "+34 percentage points"],
    ("bars", "it"): ["84%", "oltre l'80%", "64%", "60%"],
    ("bars", "en"): ["84%", "more than 80%", "64%", "60%"],
    ("sample", "it"): ["oltre 1.600", "70", "20"],
    ("sample", "en"): ["more than 1,600", "70", "20"],
    ("rank", "it"): ["6º posto"],
    ("rank", "en"): ["6th place"],
}


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_component_renders_values_table_and_source(kind, language):
    html = render(build(kind, language))
    page = Page(html)

    figure = page.elements[0]
    assert figure[0] == "figure"
    assert figure[1]["class"] == f"infographic infographic--{kind.replace('_', '-')}"
    assert figure[1]["lang"] == language

    visible = " | ".join(page.visible_text())
    for text in EXPECTED_VISIBLE[kind, language]:
        assert text in visible, f"{text!r} not visible in {kind}/{language}"

    # The same values in a data table, with a caption and scoped headers.
    assert table_cells(html) == EXPECTED_TABLE[kind, language]
    assert page.text_in("caption") == [f"title-{kind}"]
    scopes = {attrs.get("scope") for tag, attrs in page.elements if tag == "th"}
    assert scopes == {"col", "row"}
    assert page.text_in("summary") == [ui(language, "Show the data")]

    # The caption: title, then "Source: IBM, <study>; <sample>" with the study linked.
    caption = page.joined("figcaption")
    source = STUDY[language]["source"]
    assert caption.startswith(f"title-{kind} ")
    expected_source = f"{ui(language, 'Source')}: IBM, {source.title}; {source.sample}"
    assert expected_source in caption
    links = [attrs for tag, attrs in page.elements if tag == "a"]
    assert links == [{"href": "https://www.ibm.com/", "rel": "noopener"}]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_svg_is_an_accessible_image(kind, language):
    html = render(build(kind, language))
    svg = svg_root(html)
    assert svg.get("role") == "img"
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("width") is None and svg.get("height") is None  # responsive via CSS

    title_id, desc_id = svg.get("aria-labelledby").split()
    title = svg.find(f"{SVG_NS}title")
    desc = svg.find(f"{SVG_NS}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == f"title-{kind}"
    assert desc.text.startswith(f"description-{kind} ")
    # The description states the values in words, bounds included.
    for value in EXPECTED_TABLE[kind, language]:
        assert value in desc.text

    # Legible at 320px: a viewBox about 400 units wide with text of at least 16 units.
    width = float(svg.get("viewBox").split()[2])
    assert width <= 600
    sizes = [float(text.get("font-size")) for text in svg.iter(f"{SVG_NS}text")]
    assert sizes and min(sizes) >= 16


def test_sample_uses_translated_nouns():
    html = render(build("sample", "it"))
    countries, industries = "paesi", "settori"
    nouns = [text.text for text in svg_elements(html, "text")][1::2]
    assert nouns == ["CIO", countries, industries]
    desc = svg_root(html).find(f"{SVG_NS}desc").text
    assert f"oltre 1.600 CIO, 70 {countries}, 20 {industries}." in desc


def test_sample_without_a_respondents_label_uses_the_generic_noun():
    html = render(build("sample", "en", respondents_label=""))
    nouns = [text.text for text in svg_elements(html, "text")][1::2]
    assert nouns[0] == "respondents"


def test_rank_draws_positions_with_its_own_highlighted():
    html = render(build("rank", "en"))
    circles = svg_elements(html, "circle")
    assert len(circles) == 6  # the total is unknown: positions 1 to 6
    current = [index for index, c in enumerate(circles) if "--current" in c.get("class")]
    assert current == [5]


# --- Geometry: never localised, proportional, sorted --------------------------------------------

COMMA_DECIMAL = re.compile(r"\d,\d")


def svg_attribute_values(html):
    return [(element.tag, name, value) for element in svg_root(html).iter() for name, value in element.attrib.items()]


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
            chart = build(kind, "it")
        html = render(chart)
        # The include form, rendered with localisation on, must behave the same.
        included = Template("{% include chart.template_name with chart=chart %}").render(Context({"chart": chart}))
    for source in (html, included):
        for tag, name, value in svg_attribute_values(source):
            assert not COMMA_DECIMAL.search(value), f"{tag} {name}={value!r}"
        for text in svg_elements(source, "text"):
            for name in ("x", "y", "font-size"):
                float(text.get(name, "0"))  # parses as a plain number
    if kind in ("then_now", "bars", "big_number"):
        assert "64,5%" in " ".join(Page(html).visible_text())
        assert "64.5%" not in html


def bar_rects(html):
    rects = svg_elements(html, "rect")
    return [r for r in rects if "infographic__bar" in r.get("class", "").split()]


def test_then_now_bars_are_proportional_and_styled_differently():
    html = render(build("then_now", "it"))
    then, now = bar_rects(html)
    assert float(now.get("width")) / float(then.get("width")) == pytest.approx(64 / 30)
    # Not colour alone: "then" is hatched with a pattern defined in this chart, "now" is solid.
    assert "infographic__bar--then" in then.get("class")
    assert "infographic__bar--now" in now.get("class")
    pattern_id = svg_root(html).find(f".//{SVG_NS}pattern").get("id")
    assert then.get("fill") == f"url(#{pattern_id})"
    assert now.get("fill") is None


def test_bars_are_sorted_descending_and_proportional():
    html = render(build("bars", "en"))
    widths = [float(rect.get("width")) for rect in bar_rects(html)]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] / widths[-1] == pytest.approx(84 / 60)
    labels = [t.text for t in svg_elements(html, "text") if "infographic__label" in t.get("class")]
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
    widths = [float(rect.get("width")) for rect in bar_rects(html)]
    assert widths[0] / widths[1] == pytest.approx(4)
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
    assert_80_is_always_a_bound(texts)  # drawing, statement, table, title and desc
    assert_80_is_always_a_bound(table_cells(html))
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
    assert svg_root(html).find(f".//{SVG_NS}text[@class='infographic__delta']") is None


# --- Safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_user_text_is_escaped_in_html_and_svg(kind, hostile):
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
    assert [tag for tag, _ in page.elements].count("svg") == 1
    assert not [(tag, name) for tag, attrs in page.elements for name in attrs if name.startswith("on")]
    # The text survives, escaped, in the SVG's title and desc and in its visible labels.
    svg = svg_root(html)
    assert svg.find(f"{SVG_NS}title").text == hostile
    assert hostile in svg.find(f"{SVG_NS}desc").text
    assert hostile in [t.text for t in svg.iter(f"{SVG_NS}text")]
    assert hostile in page.joined("figcaption")


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
    assert "Study" in page.joined("figcaption")


def test_http_url_without_a_title_links_the_publisher():
    html = render(build("bars", "en", source=Source(publisher="IBM", url="http://ibm.test/")))
    page = Page(html)
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert links == ["http://ibm.test/"]
    assert page.text_in("a") == ["IBM"]


def test_editor_caption_appears_in_the_figcaption():
    html = render(build("rank", "en", caption="Behind market factors and macro-economic change."))
    assert "Behind market factors and macro-economic change." in Page(html).joined("figcaption")


# --- Ids ----------------------------------------------------------------------------------------


def test_two_charts_on_one_page_have_distinct_ids():
    first = build("then_now", "it", id_prefix=None)
    second = build("then_now", "it", id_prefix=None)
    page = Page(render(first) + render(second))
    ids = page.ids()
    assert len(ids) == len(set(ids)) == 8  # figure, title, desc, pattern, twice
    # Each SVG's references point inside its own chart.
    for svg_attrs in [attrs for tag, attrs in page.elements if tag == "svg"]:
        for ref in svg_attrs["aria-labelledby"].split():
            assert ref in ids


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
