from django.apps import AppConfig


class CioSiteConfig(AppConfig):
    """The project itself: templates, template tags, middleware shared by every app."""

    name = "cio_site"
    verbose_name = "CIO site"
