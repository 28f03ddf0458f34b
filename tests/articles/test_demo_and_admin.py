"""The demo loader is idempotent and keeps editors' changes; editors get both languages in the admin."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticleIndexPage, ArticlePage, HomePage
from tests.factories import ARTICLE_IT_SLUG

# Reads response.context (the forms the editor is shown again).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("template_contexts")]


def load(**kwargs) -> str:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, **kwargs)
    return out.getvalue()


LEFT_ALONE = "The site already has content: the demo content is not loaded, nothing was changed.\n"


def page_counts() -> tuple[int, int, int]:
    return HomePage.objects.count(), ArticleIndexPage.objects.count(), ArticlePage.objects.count()


def test_loading_twice_creates_nothing_new_and_says_so_in_one_line(demo):
    assert load() == LEFT_ALONE
    assert page_counts() == (1, 1, 1)


def test_a_site_without_content_gets_the_demo(db):
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from stats.models import Figure, Survey

    for page in Page.objects.filter(depth=2):
        page.delete()
    Figure.objects.all().delete()
    Survey.objects.all().delete()
    PageLogEntry.objects.all().delete()
    ModelLogEntry.objects.all().delete()
    assert page_counts() == (0, 0, 0)
    output = load()
    assert "created" in output and "I responsabili IT hanno un nuovo capo: il cliente" in output
    assert page_counts() == (1, 1, 1)
    assert ArticlePage.objects.get().live


def publish_as_editor(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.mark.parametrize(
    "renamed",
    [{"slug_it": "nuovo-indirizzo"}, {"slug_it": "nuovo-indirizzo", "slug_en": "new-address"}],
    ids=["italian slug", "both slugs"],
)
def test_a_renamed_demo_article_is_neither_a_crash_nor_a_duplicate(client, demo, renamed):
    publish_as_editor(demo["article"], **renamed)
    assert load() == LEFT_ALONE
    assert page_counts() == (1, 1, 1)
    article = ArticlePage.objects.get()
    assert article.slug_it == "nuovo-indirizzo"
    assert client.get("/it/articoli/nuovo-indirizzo/").status_code == 200
    assert client.get(f"/it/articoli/{ARTICLE_IT_SLUG}/").status_code == 404


def test_a_deleted_demo_article_stays_deleted(client, demo):
    demo["article"].delete()
    assert load() == LEFT_ALONE
    assert not ArticlePage.objects.exists()
    assert client.get(f"/it/articoli/{ARTICLE_IT_SLUG}/").status_code == 404


def test_a_site_whose_editors_deleted_every_page_is_not_refilled(demo):
    from wagtail.models import Page

    from stats.models import Figure, Survey

    for page in Page.objects.filter(depth=2):
        page.delete()
    Figure.objects.all().delete()
    Survey.objects.all().delete()
    assert load() == LEFT_ALONE  # their history remains: this site is theirs
    assert page_counts() == (0, 0, 0)


def test_an_edited_demo_title_is_kept(client, demo):
    publish_as_editor(demo["article"], title_it="Titolo cambiato da una redattrice")
    assert load() == LEFT_ALONE
    assert "Titolo cambiato da una redattrice" in client.get(demo["article"].get_url_in("it")).content.decode()


def test_editor_changes_survive_a_reload(client, demo):
    article = demo["article"]
    article.title_en = "Edited by an editor"
    article.save_revision().publish()
    load()
    article.refresh_from_db()
    assert article.title_en == "Edited by an editor"
    assert "Edited by an editor" in client.get(article.get_url_in("en")).content.decode()


def test_the_site_root_is_the_demo_home(client, demo):
    assert client.get("/it/").context["page"].specific == demo["home"]


def test_demo_article_figures_come_from_the_facts(client, demo):
    italian = client.get(demo["article"].get_url_in("it")).content.decode()
    english = client.get(demo["article"].get_url_in("en")).content.decode()
    for text in ("1.600", "70 paesi", "60%", "oltre l'80%", "64%", "84%"):
        assert text in italian.replace("&#x27;", "'"), text
    for text in ("1,600", "70 countries", "60%", "more than 80%", "64%", "84%"):
        assert text in english, text


def test_admin_account_is_created_once_with_a_random_password(db, settings, tmp_path, django_user_model):
    settings.BASE_DIR = tmp_path
    first = load(create_admin=True)
    password = first.strip().split("password ")[-1]
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password(password) and len(password) >= 12
    assert password in load(create_admin=True)  # printed again on later runs
    assert django_user_model.objects.count() == 1


def test_production_settings_never_create_accounts(db, settings, django_user_model):
    settings.DEMO_ADMIN_ALLOWED = False
    with pytest.raises(CommandError):
        load(create_admin=True)
    assert not django_user_model.objects.exists()


def test_editor_sees_both_languages_in_the_page_editor(admin_client, demo):
    response = admin_client.get(f"/admin/pages/{demo['article'].pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in (
        "title_it",
        "title_en",
        "slug_it",
        "slug_en",
        "standfirst_it",
        "standfirst_en",
        "body_it",
        "body_en",
        "seo_title_it",
        "seo_title_en",
        "search_description_it",
        "search_description_en",
        "hero_alt_it",
        "hero_alt_en",
    ):
        # StreamFields are drawn by JavaScript from a data attribute naming the field.
        assert f'name="{field}"' in html or f'"fieldName": "{field}"' in html, field


def test_admin_rejects_an_english_title_without_english_body_and_keeps_the_page(admin_client, demo):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    article = demo["article"]
    data = nested_form_data(
        {
            "title_it": article.title_it,
            "slug_it": article.slug_it,
            "title_en": "New English headline",
            "slug_en": "new-english-headline",
            "standfirst_it": article.standfirst_it,
            "standfirst_en": "",
            "date": "2026-11-28",
            "author_it": "",
            "author_en": "",
            "hero_alt_it": article.hero_alt_it,
            "hero_alt_en": article.hero_alt_en,
            "body_it": streamfield([("paragraph", rich_text("<p>Testo.</p>"))]),
            "body_en": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    if article.hero_image_id:
        data["hero_image"] = article.hero_image_id
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 200  # the form comes back with the error, nothing saved
    # The admin speaks the editor's language (Italian by default).
    assert "Aggiungi il testo in questa lingua" in response.content.decode()
    article.refresh_from_db()
    assert article.title_en == "IT leaders have a new boss: the customer"
    assert ArticlePage.objects.get(slug_it=ARTICLE_IT_SLUG).live

    # A draft may be work in progress: it is kept, and readers still see the published page.
    response = admin_client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().title_en == "New English headline"
    assert article.title_en == "IT leaders have a new boss: the customer"


def test_the_printed_password_logs_in(client, db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    password = load(create_admin=True).strip().split("password ")[-1]
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def browser_form_data(html: str, form_selector: str) -> dict:
    """What a browser submits for the form: every named input, textarea and selected option."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("submit", "button", "file") or (kind in ("checkbox", "radio") and not field.has_attr("checked")):
            continue
        if field.name == "select":
            option = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = option.get("value", "") if option else ""
        elif field.name == "textarea":
            data[field["name"]] = field.text
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_the_demo_admin_switches_the_admin_language_at_once(client, db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    password = load(create_admin=True).strip().split("password ")[-1]
    client.post("/admin/login/", {"username": "admin", "password": password})
    account = client.get("/admin/account/").content.decode()
    data = browser_form_data(account, "form[method=post]")
    language_field = next(name for name in data if name.endswith("preferred_language"))
    data[language_field] = "en"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Dashboard" in client.get("/admin/").content.decode()


def test_demo_figures_and_surveys_can_go_back_to_their_first_revision(admin_client, demo):
    from stats.models import Figure, Survey
    from tests.factories import figure_form_data, survey_form_data

    figure, survey = Figure.objects.get(key="cloud-computing"), Survey.objects.get()
    edits = {
        "figure": (figure, figure_form_data(figure, short_label_en="Cloud (edited)")),
        "survey": (survey, survey_form_data(survey, title_en="CIO study (edited)")),
    }
    for model, (instance, data) in edits.items():
        first = instance.revisions.order_by("created_at").first()
        assert admin_client.post(f"/admin/snippets/stats/{model}/edit/{instance.pk}/", data).status_code == 302, model
        # The first edit made a second revision; the demo's own first one is listed and revertable.
        html = admin_client.get(f"/admin/snippets/stats/{model}/history/{instance.pk}/").content.decode()
        revert = f"/admin/snippets/stats/{model}/history/{instance.pk}/revisions/{first.pk}/revert/"
        assert revert in html, model
        assert admin_client.get(revert).status_code == 200
