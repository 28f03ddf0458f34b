from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every app uses (site languages, per-language fields, editing
    safeguards). It imports no other app of the project."""

    name = "core"
    verbose_name = "Core"
