"""Property-based: whatever URL, query string or stats form a client sends, never a 500, nothing
reflected unescaped, no redirect off the site."""

import os
from contextlib import contextmanager
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Bounded so that the whole suite stays fast; HYPOTHESIS_SCALE=10 runs ten times as many examples.
SCALE = int(os.environ.get("HYPOTHESIS_SCALE", "1"))
COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
URLS = settings(max_examples=40 * SCALE, **COMMON)
FORMS = settings(max_examples=12 * SCALE, **COMMON)
MARKER = "<zq'\"x>"
# Any text, including controls, surrogates excluded (they cannot be UTF-8 encoded into a URL).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
SEGMENT = st.one_of(TEXT, st.sampled_from(["..", ".", "%", "%2e%2e", "//", "\\", "admin", "articoli", MARKER]))


def assert_safe(response):
    assert response.status_code < 500, response.status_code
    location = response.get("Location", "")
    assert not location.startswith(("//", "http:", "https:", "\\")), location
    body = response.content.decode("utf-8", "replace")
    assert MARKER not in body  # anything reflected is escaped


@contextmanager
def one_example():
    """Each example starts from the demo: a form that is valid saves (a new survey, a figure's new
    key), and hypothesis runs every example of a test inside that test's one transaction."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@URLS
@given(
    prefix=st.sampled_from(["", "it/", "en/", "it/articoli/", "en/articles/", "en/data/", "admin/"]),
    path=st.lists(SEGMENT, max_size=4),
)
def test_any_path_is_answered_without_a_server_error(client, demo, prefix, path):
    client.raise_request_exception = False
    url = "/" + prefix + "/".join(quote(segment, safe="/%.\\") for segment in path)
    assert_safe(client.get(url))


@URLS
@given(
    url=st.sampled_from(
        ["/en/search/", "/it/cerca/", "/en/articles/", "/it/articoli/", "/it/dati/ibm-cio-study.csv", "/"]
    ),
    params=st.dictionaries(st.sampled_from(["q", "page", "next", "lang"]) | TEXT, TEXT, max_size=3),
)
def test_any_query_string_is_answered_without_a_server_error(client, demo, url, params):
    client.raise_request_exception = False
    assert_safe(client.get(url + "?" + urlencode(params)))


@URLS
@given(query=TEXT, raw=st.binary(max_size=40))
def test_raw_query_bytes_are_answered_without_a_server_error(client, demo, query, raw):
    client.raise_request_exception = False
    assert_safe(client.get("/en/search/", QUERY_STRING="q=" + quote(query) + "&" + quote(raw)))


VALUES = st.one_of(
    TEXT,
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "1e309", "NaN", "-0", "0x10", "١٢", "1,5"]),
)


@FORMS
@given(
    fields=st.dictionaries(
        st.sampled_from(["key", "unit", "label_it", "label_en", "short_label_it", "short_label_en", "survey"]),
        VALUES,
        max_size=4,
    ),
    value=VALUES,
    qualifier=VALUES,
    wave=VALUES,
)
def test_the_figure_form_never_fails_on_any_input(admin_client, demo, fields, value, qualifier, wave):
    from stats.models import Figure
    from tests.factories import figure_form_data

    with one_example():
        figure = Figure.objects.get(key="cloud-computing")
        observations = [{"id": "", "wave": wave, "qualifier": qualifier, "value": value, "ORDER": "0"}]
        data = figure_form_data(figure, observations=observations, **fields)
        assert_safe(admin_client.post(f"/admin/snippets/stats/figure/edit/{figure.pk}/", data))


@FORMS
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["key", "respondents", "respondents_qualifier", "countries", "industries", "source_url", "title_en"]
        ),
        VALUES,
        max_size=4,
    ),
    year=VALUES,
    label=VALUES,
)
def test_the_survey_form_never_fails_on_any_input(admin_client, demo, fields, year, label):
    from stats.models import Survey
    from tests.factories import survey_form_data

    with one_example():
        survey = Survey.objects.get()
        waves = [{"id": "", "key": label[:20], "year": year, "label_it": label, "label_en": label, "ORDER": "0"}]
        data = survey_form_data(survey, waves=waves, **fields)
        assert_safe(admin_client.post("/admin/snippets/stats/survey/add/", data))
