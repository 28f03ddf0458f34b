from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles import views as article_views
from cio_site import views
from stats import views as stats_views

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("sitemap.xml", article_views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", article_views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_static, {"document_root": settings.MEDIA_ROOT}),
    ]

# Every reader-facing URL carries its language: /it/... and /en/...
urlpatterns += i18n_patterns(
    path(_("search/"), article_views.search, name="search"),
    path(_("data/<slug:key>.csv"), stats_views.survey_csv, name="survey-csv"),
    path("feed/", article_views.latest_articles_feed, name="feed"),
    path("share.png", article_views.share_image_site, name="share-image-site"),
    path("share/<int:pk>.png", article_views.share_image, name="share-image"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "cio_site.views.bad_request"
handler404 = "cio_site.views.page_not_found"
handler500 = "cio_site.views.server_error"
