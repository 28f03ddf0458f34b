from django.apps import AppConfig


class CioSiteConfig(AppConfig):
    """The top of the project: settings, URLs, the site's shell templates and static files, and the
    site-wide data migration (editorial roles). It imports the apps; nothing imports it."""

    name = "cio_site"
    verbose_name = "CIO site"
