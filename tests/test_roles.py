"""Editors publish; Contributors edit and submit for moderation, which Editors approve."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowState

from articles.models import ArticlePage
from stats.models import Figure
from tests.factories import article_form_data, set_admin_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model, client):
    def login(group_name, language="en"):
        user = django_user_model.objects.create_user(
            group_name.lower(), password="x", first_name=group_name, last_name="Test"
        )
        user.groups.add(Group.objects.get(name=group_name))
        set_admin_language(user, language)
        client.force_login(user)
        return client

    return login


def test_the_roles_and_the_review_workflow_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Contributors"}
    assert not Group.objects.filter(name="Moderators").exists()  # Wagtail's, renamed to Editors
    workflow = Page.get_first_root_node().get_workflow()
    assert workflow.name == "Article review"
    assert [group.name for task in workflow.tasks.specific() for group in task.groups.all()] == ["Editors"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_contributor_edits_and_submits_but_cannot_publish(member, demo, language):
    client = member("Contributors", language)
    article = demo["article"]
    data = article_form_data(article, title_en="A contributor's headline")

    # "Publish" is not theirs: the same request only saves a draft, and readers see no change.
    client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"})
    article.refresh_from_db()
    assert article.title_en != "A contributor's headline"
    assert article.get_latest_revision_as_object().title_en == "A contributor's headline"

    response = client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-submit": "1"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Editors' approval"

    # Figures go live when saved, so contributors may see and choose them but not change them.
    figure = Figure.objects.first()
    assert client.get("/admin/snippets/stats/figure/").status_code == 200
    assert client.get(f"/admin/snippets/stats/figure/edit/{figure.pk}/").status_code in (302, 403)


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_editor_publishes_pages_and_edits_figures(member, demo, language):
    client = member("Editors", language)
    article = demo["article"]
    data = article_form_data(article, title_en="An editor's headline")
    assert client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"}).status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).title_en == "An editor's headline"
    figure = Figure.objects.first()
    assert client.get(f"/admin/snippets/stats/figure/edit/{figure.pk}/").status_code == 200


def test_an_editor_approves_what_a_contributor_submitted(member, demo, client, django_user_model):
    article = demo["article"]
    contributor = member("Contributors")
    contributor.post(
        f"/admin/pages/{article.pk}/edit/",
        {**article_form_data(article, title_en="Submitted headline"), "action-submit": "1"},
    )
    contributor.logout()

    editor = member("Editors")
    state = WorkflowState.objects.get(object_id=str(article.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    response = editor.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.title_en == "Submitted headline" and article.live
