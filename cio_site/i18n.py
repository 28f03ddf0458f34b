from django.conf import settings


def site_languages() -> list[str]:
    """The site's language codes, default first: ["it", "en"]."""
    return [code for code, _name in settings.LANGUAGES]
