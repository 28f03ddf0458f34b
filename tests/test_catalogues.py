"""The Italian catalogue translates every string it lists (English is the source language, so its
catalogue may leave strings as they are); `make makemessages` refreshes both lists from the code."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings


def catalogue(language):
    with (Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po)


def test_every_string_has_an_italian_translation_and_none_is_a_guess():
    italian = catalogue("it")
    untranslated = [m.id for m in italian if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in italian if m.id and m.fuzzy]
    assert not untranslated, f"No Italian for: {untranslated}"
    assert not fuzzy, f"Italian marked fuzzy (a guess by makemessages): {fuzzy}"


def test_both_catalogues_list_the_same_strings():
    def ids(language):
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue(language) if m.id}

    assert ids("it") == ids("en")
