from django.urls import path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.admin.staticfiles import versioned_static
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, references, rich_text_editor
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
    return [
        path("stats/figure-waves/", admin_views.figure_waves, name="stats_figure_waves"),
        path("stats/figure-reference/", admin_views.figure_reference, name="stats_figure_reference"),
    ]


@hooks.register("register_rich_text_features")
def register_figure_reference_feature(features):
    """A number in a sentence, read from a figure: the toolbar's "Cite a figure" button (Draftail),
    stored as <embed embedtype="figure" .../> and drawn for readers in the page's language."""
    features.register_embed_type(references.FigureEmbedHandler)
    features.register_editor_plugin(
        "draftail",
        references.FEATURE,
        draftail_features.EntityFeature(
            {
                "type": references.ENTITY_TYPE,
                "icon": "table",
                "description": pgettext_lazy("figure reference", "Cite a figure"),
                "attributes": ["id", "wave", "form", "from", "article", "label"],
                "chooserUrls": {
                    "figureChooser": reverse_lazy("wagtailsnippetchoosers_stats_figure:choose"),
                    "figureReference": reverse_lazy("stats_figure_reference"),
                },
            },
            js=["wagtailadmin/js/chooser-modal.js", "stats/admin/figure-reference.js"],
            css={"all": ["stats/admin/figure-reference.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        references.FEATURE,
        {
            "from_database_format": {
                f'embed[embedtype="{references.EMBED_TYPE}"]': rich_text_editor.FigureReferenceElementHandler(
                    references.ENTITY_TYPE
                )
            },
            "to_database_format": {
                "entity_decorators": {references.ENTITY_TYPE: rich_text_editor.figure_entity_decorator}
            },
        },
    )


@hooks.register("insert_editor_js")
def infographic_blocks_assets():
    # Wagtail 8 has no editor CSS hook: the script's few styles come along with it.
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}"></script>',
        versioned_static("stats/admin/infographic-blocks.css"),
        versioned_static("stats/admin/infographic-blocks.js"),
    )
