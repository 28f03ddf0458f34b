"""Load the launch content: home page, article index and the CIO article, in both languages.

Only into a site that has no content yet. Once the site has content (the demo, or anything an editor
made), or ever had it (deleted pages leave their history behind), the command leaves everything as it
is and says so in one line: an editor's renamed slug, moved or deleted page or edited title is never
overwritten, duplicated or brought back.
"""

import io
import re
import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.models import Collection, Locale, ModelLogEntry, Page, PageLogEntry, Site

from articles import demo_content as content
from articles.models import ArticleIndexPage, ArticlePage, HomePage, SearchEntry
from stats.models import Figure, Observation, Survey, Wave

LANGUAGES = ("it", "en")
ADMIN_USERNAME = "admin"


def translated(values: dict, *fields: str) -> dict:
    """{"title": ...} per language -> {"title_it": ..., "title_en": ..., "title": <Italian>}."""
    kwargs = {}
    for field in fields:
        for language in LANGUAGES:
            kwargs[f"{field}_{language}"] = values[language][field]
        kwargs[field] = values["it"][field]
    return kwargs


class Command(BaseCommand):
    help = "Create the demo pages (and, with --create-admin, a local admin account) where missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-admin",
            action="store_true",
            help="Create a local 'admin' superuser with a random password (development settings only).",
        )

    def handle(self, *args, create_admin=False, **options):
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            if self.site_has_content():
                self.say("The site already has content: the demo content is not loaded, nothing was changed.")
                # A site from before readers' search had its own index: build it once (content untouched).
                if not SearchEntry.objects.exists() and ArticlePage.objects.live().exists():
                    call_command("rebuild_search_index", stdout=io.StringIO())
            else:
                home = self.home_page()
                index = self.article_index(home)
                survey, figures = self.stats()
                self.article(index, survey, figures)
                # Publishing indexed the article already; the rebuild is the same path `make run` users can rerun.
                call_command("rebuild_search_index", stdout=self.stdout)
        if create_admin:
            self.admin_account()

    @staticmethod
    def site_has_content() -> bool:
        """Any page besides the tree's root and Wagtail's placeholder, any survey or figure, or the
        history of a page that was deleted since: the site is the editors', not the demo's."""
        pages = Page.objects.filter(depth__gt=1).exclude(
            content_type__app_label="wagtailcore", content_type__model="page"
        )
        return (
            pages.exists()
            or Survey.objects.exists()
            or Figure.objects.exists()
            or PageLogEntry.objects.exists()
            or ModelLogEntry.objects.filter(content_type__app_label=Survey._meta.app_label).exists()
        )

    def say(self, message):
        self.stdout.write(message)

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.say(f"created {page._meta.verbose_name}: {page.title}")
        return page

    @staticmethod
    def record_creation(snippet):
        """As the admin's create view does: a first revision and its history entry, so the
        History view lists it and an editor can go back to it after the first edit."""
        revision = snippet.save_revision()
        log(instance=snippet, action="wagtail.create", revision=revision, content_changed=True)

    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home:
            return home
        # A database emptied by hand (or by a test flush) has lost what Wagtail's migrations created.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", title_it="Root", slug="root", slug_it="root")
        )
        # Wagtail's placeholder "Welcome" page holds the "home" slug; replace it with ours.
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            placeholder.delete()
        home = self.publish(
            root, HomePage(**translated(content.HOME, "title", "slug", "intro", "seo_title", "search_description"))
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name=content.SITE_NAME["it"]
            )
        else:
            site.root_page = home
            site.site_name = content.SITE_NAME["it"]
            site.save()
        return home

    def article_index(self, home) -> ArticleIndexPage:
        index = ArticleIndexPage.objects.child_of(home).first()
        if index:
            return index
        return self.publish(
            home,
            ArticleIndexPage(
                **translated(content.ARTICLE_INDEX, "title", "slug", "intro", "seo_title", "search_description")
            ),
        )

    def stats(self) -> tuple[Survey, dict[str, Figure]]:
        """The IBM study and its figures (create-only, like the pages)."""
        data = content.SURVEY
        survey = Survey.objects.filter(key=data["key"]).first()
        if survey is None:
            survey = Survey(
                key=data["key"],
                publisher=data["publisher"],
                source_url=data["source_url"],
                respondents=data["respondents"],
                respondents_qualifier=data["respondents_qualifier"],
                countries=data["countries"],
                industries=data["industries"],
                **translated(data, "title", "description", "method", "respondents_label"),
                waves=[
                    Wave(
                        key=wave["key"],
                        year=wave["year"],
                        sort_order=position,
                        label=wave["it"],
                        label_it=wave["it"],
                        label_en=wave["en"],
                    )
                    for position, wave in enumerate(data["waves"])
                ],
            )
            survey.full_clean()
            survey.save()
            self.record_creation(survey)
            self.say(f"created survey: {survey}")
        waves = {wave.key: wave for wave in survey.waves.all()}
        figures = {}
        for item in content.FIGURES:
            figure = Figure.objects.filter(survey=survey, key=item["key"]).first()
            if figure is None:
                figure = Figure(
                    survey=survey,
                    key=item["key"],
                    unit=item["unit"],
                    **translated(item, "label", "short_label", "description"),
                    observations=[
                        Observation(wave=waves[wave_key], value=value, qualifier=qualifier, sort_order=position)
                        for position, (wave_key, (value, qualifier)) in enumerate(item["values"].items())
                    ],
                )
                figure.full_clean()
                figure.save()
                self.record_creation(figure)
                self.say(f"created figure: {figure.key}")
            figures[figure.key] = figure
        return survey, figures

    def article(self, index, survey, figures) -> ArticlePage | None:
        article = content.ARTICLE
        if ArticlePage.objects.filter(slug_it=article["it"]["slug"]).exists():
            return None
        page = ArticlePage(
            **translated(
                article, "title", "slug", "standfirst", "author", "hero_alt", "seo_title", "search_description"
            ),
            date=date.fromisoformat(article["date"]),
        )
        for language in LANGUAGES:
            setattr(page, f"body_{language}", self.body(article[language]["body"], survey, figures))
        page.body = page.body_it
        return self.publish(index, page)

    def body(self, blocks, survey, figures) -> list[dict]:
        """Demo blocks as StreamField raw data; infographic placeholders become stats blocks."""
        stream = []
        for block_type, value in blocks:
            if block_type == "infographic":
                block_type, value = self.infographic(value, survey, figures)
            elif block_type == "paragraph":
                value = self.cite_figures(value, figures)
            stream.append({"type": block_type, "value": value})
        return stream

    @staticmethod
    def cite_figures(html, figures) -> str:
        """The prose's figure references name figures by key (demo_content.cite): their ids here."""
        return re.sub(r'(<embed embedtype="figure") key="([^"]+)"', lambda m: f'{m[1]} id="{figures[m[2]].pk}"', html)

    @staticmethod
    def infographic(spec, survey, figures) -> tuple[str, dict]:
        kind = spec["kind"]
        if kind == "sample":
            return kind, {"survey": survey.pk, "caption": ""}
        if kind == "then_now":
            return kind, {
                "figure": figures[spec["figure"]].pk,
                "before": spec["before"],
                "after": spec["after"],
                "caption": "",
            }
        if kind == "bars":
            return kind, {"figures": [figures[key].pk for key in spec["figures"]], "wave": spec["wave"], "caption": ""}
        return kind, {"figure": figures[spec["figure"]].pk, "wave": spec["wave"], "caption": ""}

    def admin_account(self):
        if not settings.DEMO_ADMIN_ALLOWED:
            raise CommandError("These settings do not allow a demo admin account (production never creates accounts).")
        User = get_user_model()
        password_file = settings.BASE_DIR / ".demo-admin-password"
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            # Wagtail's account settings save the name with the preferences: with a name filled
            # in, the demo admin can switch the admin's language at once.
            User.objects.create_superuser(
                ADMIN_USERNAME,
                "admin@example.invalid",
                password,
                first_name="Demo",
                last_name="Admin",
            )
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        else:
            if not (user.first_name and user.last_name):
                user.first_name, user.last_name = user.first_name or "Demo", user.last_name or "Admin"
                user.save(update_fields=["first_name", "last_name"])
            password = password_file.read_text().strip() if password_file.exists() else ""
            if not (password and user.check_password(password)):
                self.say(
                    f"Admin account '{ADMIN_USERNAME}' exists; set a new password with: "
                    f".venv/bin/python manage.py changepassword {ADMIN_USERNAME}"
                )
                return
        self.say(f"Admin (at /admin/): user {ADMIN_USERNAME}, password {password}")
