"""Data downloads: every figure of a survey as CSV, with labels in the reader's language.

One file per survey (not per chart) so readers get the whole table an infographic was cut from,
as Our World in Data and the ONS do.
"""

import csv

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from . import chart_data
from .csv_cells import encode_row
from .formatting import format_value
from .selectors import survey_for_download


@require_safe
def survey_csv(request, key: str):
    survey = survey_for_download(key=key)
    if survey is None:
        raise Http404
    language = translation.get_language()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{survey.key}-{language}.csv"'
    # Excel opens UTF-8 CSV correctly only with a byte-order mark.
    response.write("\ufeff")
    writer = csv.writer(response)
    # Every row has the same columns; the source is a column of its own, not a trailing row.
    title, sample = chart_data.text(survey, "title", language), chart_data.sample_text(survey, language)
    source = ", ".join(filter(None, [survey.publisher, title, sample]))
    writer.writerow(
        encode_row(
            [
                gettext("figure"),
                gettext("label"),
                gettext("unit"),
                gettext("wave"),
                gettext("year"),
                gettext("qualifier"),
                gettext("value"),
                gettext("as written"),
                gettext("source"),
                gettext("source URL"),
            ]
        )
    )
    for figure in survey.figures.all():
        for observation in figure.observations.all():
            wave = observation.wave
            writer.writerow(
                encode_row(
                    [
                        figure.key,
                        chart_data.text(figure, "label", language),
                        figure.unit,
                        chart_data.text(wave, "label", language) or wave.key,
                        wave.year or "",
                        observation.qualifier,
                        # Machine-readable: a dot decimal whatever the language.
                        format(observation.value.normalize(), "f"),
                        format_value(
                            observation.value, unit=figure.unit, qualifier=observation.qualifier, language=language
                        ),
                        source,
                        survey.source_url,
                    ]
                )
            )
    return response
