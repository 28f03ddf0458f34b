"""Strings that libraries show in our admin without an Italian translation of their own.

Listed here so that `make makemessages` keeps them in our catalogues, which Django reads before the
libraries' own (LOCALE_PATHS come first).
"""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("View / edit fields for"),  # wagtail-modeltranslation's language picker
]
