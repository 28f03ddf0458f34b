from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every app uses (site languages, per-language fields, editing
    safeguards, translation status). It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Revision

        from . import page_cache, translation_status

        post_save.connect(
            translation_status.on_revision_saved, sender=Revision, dispatch_uid="core.translation_status.revision"
        )
        post_delete.connect(translation_status.on_object_deleted, dispatch_uid="core.translation_status.delete")
        _choosers_ignore_malformed_ids()
        # Pages published, unpublished, moved or deleted: no reader gets the old one from the cache.
        page_cache.connect_page_signals()


def _choosers_ignore_malformed_ids():
    """Wagtail's chooser widgets look up the posted id when a form is shown again with its errors, and
    a posted id that is not a number (a hostile or broken POST) raised ValueError there: a 500 instead
    of the form with "Select a valid choice". Such an id now shows as nothing chosen."""
    from django.core.exceptions import ValidationError
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.get_instance
    if getattr(original, "ignores_malformed_ids", False):
        return

    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None

    get_instance.ignores_malformed_ids = True
    BaseChooser.get_instance = get_instance
