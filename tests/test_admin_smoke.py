"""Every admin screen an editor of this site uses opens (no 500s from our models, blocks or panels)."""

import pytest

from stats.models import Figure, Survey

pytestmark = pytest.mark.django_db


def test_editor_screens_open(admin_client, demo):
    article, index, home = demo["article"], demo["index"], demo["home"]
    figure, survey = Figure.objects.first(), Survey.objects.get()
    urls = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{index.pk}/edit/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/add/articles/articlepage/{index.pk}/",
        f"/admin/pages/{article.pk}/history/",
        "/admin/snippets/stats/figure/",
        "/admin/snippets/stats/survey/",
        "/admin/snippets/stats/figure/add/",
        "/admin/snippets/stats/survey/add/",
        f"/admin/snippets/stats/figure/edit/{figure.pk}/",
        f"/admin/snippets/stats/survey/edit/{survey.pk}/",
        f"/admin/snippets/stats/figure/history/{figure.pk}/",
        f"/admin/snippets/stats/figure/usage/{figure.pk}/",
        f"/admin/snippets/stats/figure/delete/{figure.pk}/",
        "/admin/snippets/choose/stats/figure/",
        "/admin/snippets/choose/stats/survey/",
        "/admin/images/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_figure_usage_lists_the_article(admin_client, demo):
    figure = Figure.objects.get(key="cloud-computing")
    response = admin_client.get(f"/admin/snippets/stats/figure/usage/{figure.pk}/")
    assert demo["article"].title_it in response.content.decode()
