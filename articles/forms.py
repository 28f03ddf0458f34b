"""The page editor's form: each language is validated on its own, in the editor's language."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.languages import language_name, site_languages, split_localized
from core.merge import MergeConcurrentEditsMixin


class TranslatablePageForm(MergeConcurrentEditsMixin, WagtailAdminPageForm):
    def _post_clean(self):
        page = self.instance
        # A new page is not in the tree yet: its slugs are checked against the parent's children.
        if not page.path and self.parent_page is not None:
            page._cached_parent_obj = self.parent_page
        # Draft saves (and autosave) may be incomplete; publishing and submitting may not.
        page.defer_completeness = self.is_deferred_validation
        super()._post_clean()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.name_languages_in_errors()

    def name_languages_in_errors(self):
        """Say in the banner which language's fields need attention: the editor may be showing
        only one language's fields (the locale picker), and the errors may be in the other."""
        by_language: dict[str, list[str]] = {}
        for name in self._errors:
            parts = split_localized(name) if name in self.fields else None
            if parts:
                by_language.setdefault(parts[1], []).append(str(self.fields[name].label))
        for language in site_languages():
            if language in by_language:
                self.add_error(
                    None,
                    _("%(language)s: check %(fields)s.")
                    % {
                        "language": language_name(language),
                        "fields": ", ".join(by_language[language]),
                    },
                )
