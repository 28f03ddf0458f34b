from django.utils.translation import gettext_lazy as _
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
