"""Base columns (title, draft_title, slug, url_path) used to take the admin language of whoever
saved last. Put them in each page's stored language: Italian where the page has it, else the
language it has (what articles.models.TranslatablePage now keeps on every save)."""

from django.conf import settings
from django.db import migrations


def stored_language(values: dict) -> str | None:
    for code, _name in settings.LANGUAGES:
        if values.get(f"title_{code}"):
            return code
    return None


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in Page.objects.filter(content_type__app_label="articles"):
        language = stored_language(page.__dict__)
        if language is None:
            continue
        for field in ("title", "slug", "url_path"):
            setattr(page, field, getattr(page, f"{field}_{language}") or getattr(page, field))
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        draft_language = stored_language(revision.content) if revision else None
        if draft_language:
            page.draft_title = revision.content.get(f"title_{draft_language}") or page.draft_title
        page.save(update_fields=["title", "slug", "url_path", "draft_title"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_body_infographics"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
