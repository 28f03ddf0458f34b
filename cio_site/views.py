import sys

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
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


@require_safe
def switch_language(request, code):
    """The header's language switcher: remember the chosen language for the next visit to "/", then
    go to the page in that language (`?next=`). The only place the language cookie is written, so
    pages set no cookie and vary on nothing a reader sends: any cache may hold them."""
    if code not in site_languages():
        raise Http404
    target = request.GET.get("next", "")
    if not (
        target.startswith(f"/{code}/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    ):
        target = f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", {"is_404": True}, status=404)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- Error pages ---------------------------------------------------------------------------------
# Rendered without the database, the request's host or any context processor: they must work when
# the database is down or the Host header is hostile. The language is the URL's (/it/..., /en/...).


def _error_page(request, template: str, status: int, **headers) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            stylesheet = static("css/site.css")
        except ValueError:  # no manifest entry (collectstatic not run): the page still reads fine
            stylesheet = ""
        html = loader.render_to_string(template, {"stylesheet": stylesheet, "home": f"/{language}/"})
    response = HttpResponse(html, status=status)
    response["Content-Language"] = language
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def server_error(request):
    """handler500: a database that cannot be reached is an outage (503, retry in a few seconds);
    anything else is our fault (500). Both in the reader's language."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return _error_page(request, "errors/unavailable.html", 503, Retry_After="5", Cache_Control="no-store")
    return _error_page(request, "500.html", 500, Cache_Control="no-store")


def bad_request(request, exception=None):
    """handler400: a malformed request or a Host we do not serve."""
    return _error_page(request, "400.html", 400)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: the admin's sign-in page again, saying why and until when, in
    the admin's language. 429, and nothing about whether the username exists."""
    from wagtail.admin.views.account import LoginView

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    messages.error(
        request,
        ngettext(
            "Too many failed sign-in attempts for this account or from this address. Signing in is "
            "blocked for %(minutes)d minute. An administrator can unblock it sooner.",
            "Too many failed sign-in attempts for this account or from this address. Signing in is "
            "blocked for %(minutes)d minutes. An administrator can unblock it sooner.",
            minutes,
        )
        % {"minutes": minutes},
    )
    view = LoginView()
    view.setup(request)
    context = view.get_context_data(form=view.get_form_class()(request))
    # Rendered here: django-axes' middleware comes after those that read the response's content.
    return TemplateResponse(request, view.template_name, context, status=429).render()
