from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every app uses (site languages, per-language fields, editing
    safeguards, translation status). It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Revision

        from . import translation_status

        post_save.connect(
            translation_status.on_revision_saved, sender=Revision, dispatch_uid="core.translation_status.revision"
        )
        post_delete.connect(translation_status.on_object_deleted, dispatch_uid="core.translation_status.delete")
