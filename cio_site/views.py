from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from core.languages import site_languages


@require_safe
def root_redirect(request):
    """The bare "/" picks a language: the remembered cookie, then Accept-Language, then Italian."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in site_languages():
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", {"is_404": True}, status=404)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
