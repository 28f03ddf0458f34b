"""The site's languages and per-language fields: the one place that knows them.

Everything else asks these helpers (or modeltranslation's), so a third language would be
settings, migrations and translations only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def site_languages() -> list[str]:
    """The site's language codes, default first: ["it", "en"]."""
    return [code for code, _name in settings.LANGUAGES]


def default_language() -> str:
    return settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """The language's name in the active language: "inglese" / "English"."""
    return str(translation.get_language_info(code)["name_translated"])


def language_mark_feature(code: str) -> str:
    """The rich text feature that marks words as being in `code` (<span lang="en">)."""
    return f"lang-{code}"


def language_mark_features() -> list[str]:
    return [language_mark_feature(code) for code in site_languages()]


def localized(field: str, language: str) -> str:
    """The column holding `field` in `language`: localized("title", "en") == "title_en"."""
    return build_localized_fieldname(field, language)


def value_in(instance, field: str, language: str):
    """`field` of `instance` in `language` as stored, never another language's value."""
    return getattr(instance, localized(field, language), None)


def translated_fields(model) -> list[str]:
    """The copy fields modeltranslation keeps per language for `model` (inherited ones included)."""
    try:
        return list(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def split_localized(name: str) -> tuple[str, str] | None:
    """("title", "en") for "title_en"; None when `name` is not a per-language column."""
    base, _sep, code = name.rpartition("_")
    return (base, code) if base and code in site_languages() else None


def localized_search_fields(field: str) -> list:
    """Search and autocomplete on `field` in every language (the base column holds only one)."""
    from wagtail.search import index

    names = [localized(field, language) for language in site_languages()]
    return [index.SearchField(name) for name in names] + [index.AutocompleteField(name) for name in names]


@contextmanager
def stored_as(language: str) -> Iterator[None]:
    """Read and write a model's untranslated base columns (`title`, `slug`...) as `language`.

    modeltranslation maps the base attribute to the active language's column, so whatever
    language is active when a page is saved decides what its base columns hold. Saving inside
    this context makes that a property of the content, not of the editor's admin language.
    """
    with translation.override(language):
        yield


def missing_translations(instance, fields) -> dict:
    """{field_xx: message} for copy fields left empty in a language, for models whose copy every
    edition shows (a figure's label): the admin puts the message on each empty field."""
    from django.utils.translation import gettext_lazy as _

    return {
        localized(field, language): _("Fill this in for every language: readers of each edition see it.")
        for field in fields
        for language in site_languages()
        if not value_in(instance, field, language)
    }


def first_language_with(instance, field: str) -> str:
    """The default language if `instance` has `field` in it, else the first language that has it."""
    for language in site_languages():
        if value_in(instance, field, language):
            return language
    return default_language()


class PreviewInEachLanguageMixin:
    """Wagtail's preview panel offers one mode per site language (Italian, English)."""

    @property
    def preview_modes(self):
        return [(code, name) for code, name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return settings.LANGUAGE_CODE


class TranslatedModelMixin:
    """For models with per-language copy (modeltranslation fields).

    - The base columns (`title`, `draft_title`, `slug`, `url_path`, `label`...) hold the
      *stored language*: the default language where the object has it, else the first language
      it has. Editors whose admin speaks another language no longer flip them on every save.
    - Validation never fills one language's field from another: Django's clean_fields() assigns
      each cleaned value back through the base attribute, which modeltranslation routes to the
      active language's column; the base attributes are skipped and the per-language columns
      are validated as they are.
    """

    # The field whose presence in a language means the object has that language.
    identity_field = "title"

    def stored_language(self) -> str:
        return first_language_with(self, self.identity_field)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ()) | set(translated_fields(type(self)))
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        with stored_as(self.stored_language()):
            return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        with stored_as(self.stored_language()):
            return super().save_revision(*args, **kwargs)

    def serializable_data(self):
        with stored_as(self.stored_language()):
            return super().serializable_data()

    def __str__(self):
        with stored_as(self.stored_language()):
            return super().__str__()
