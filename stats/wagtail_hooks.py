from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Figure, Survey


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "list-ul"
    list_display = ["title", "publisher", "respondents"]
    search_fields = ["title", "publisher"]
    chooser_viewset_class = admin_views.SurveyChooserViewSet


class FigureViewSet(SnippetViewSet):
    model = Figure
    icon = "table"
    list_display = ["label", "key", "unit", "survey"]
    list_filter = ["survey", "unit"]
    search_fields = ["label", "key"]
    chooser_viewset_class = admin_views.FigureChooserViewSet


class StatsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Statistics")
    menu_icon = "table"
    menu_order = 250
    items = (SurveyViewSet, FigureViewSet)


register_snippet(StatsViewSetGroup)


@hooks.register("register_admin_urls")
def register_stats_admin_urls():
    # Wagtail wraps these in its admin-access check.
    return [path("stats/figure-waves/", admin_views.figure_waves, name="stats_figure_waves")]


@hooks.register("insert_editor_js")
def infographic_blocks_assets():
    # Wagtail 8 has no editor CSS hook: the script's few styles come along with it.
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}"></script>',
        versioned_static("stats/admin/infographic-blocks.css"),
        versioned_static("stats/admin/infographic-blocks.js"),
    )
