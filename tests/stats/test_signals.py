"""`stats.signals.data_changed` tells other apps, once per committed change, which surveys changed."""

from django.db import transaction

from stats.models import Figure


def test_a_saved_figure_reports_its_survey_once_on_commit(demo, received, django_capture_on_commit_callbacks):
    figure = Figure.objects.get(key="cloud-computing")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        figure.save()
        for observation in figure.observations.all():
            observation.save()
        assert received == []  # nothing before the commit
    assert received == [{figure.survey.key}]


def test_a_rolled_back_change_reports_nothing(demo, received, django_capture_on_commit_callbacks):
    figure = Figure.objects.get(key="cloud-computing")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                figure.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and received == []
