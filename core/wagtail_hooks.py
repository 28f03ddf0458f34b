"""Translation status in the admin: the report, and the explorer's tags and filter."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .explorer import TranslationStatusPageViewSet
from .views import TranslationStatusReportView


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [
        path("reports/translation-status/", TranslationStatusReportView.as_view(), name="translation_status_report"),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="translation_status_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return MenuItem(
        _("Translation status"), reverse("translation_status_report"),
        name="translation-status", icon_name="globe", order=650,
    )


# Replaces the default page viewset (registered with order=-1) for every page type without one
# of its own: the explorer gains a translation column and filter.
translation_status_page_viewset = TranslationStatusPageViewSet()


@hooks.register("register_admin_viewset")
def register_translation_status_page_viewset():
    return translation_status_page_viewset
