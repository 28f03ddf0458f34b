from django.conf import settings
from django.utils import translation

from core.languages import site_languages


class RememberLanguageMiddleware:
    """Remember the language of the last page a reader opened, for the next visit to "/".

    The switcher is a plain link (crawlable, works without JavaScript), so the choice is
    recorded when the page in the chosen language is served, not by a separate endpoint.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = set(site_languages())

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if (
            language in self.languages
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
