"""The page explorer with each page's translation status: tags ("EN missing", "IT outdated") and a
filter. Wagtail (7.4+) lets a project replace the default page listing with its own PageViewSet,
registered through the register_admin_viewset hook (wagtail_hooks.py)."""

from __future__ import annotations

import django_filters
from django.forms import RadioSelect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import get_default_page_content_type

from .languages import site_languages
from .models import TranslationGap
from .translation_status import gaps_for_objects, object_ids_with_gaps

ANY_GAP = "any"


def gap_tag(language: str, kind: str) -> str:
    code = language.upper()
    if kind == TranslationGap.Kind.MISSING:
        return _("%(code)s missing") % {"code": code}
    return _("%(code)s outdated") % {"code": code}


def _filter_choices():
    choices = [(ANY_GAP, _("Missing or outdated"))]
    for language in site_languages():
        for kind in TranslationGap.Kind.values:
            choices.append((f"{language}:{kind}", gap_tag(language, kind)))
    return choices


class TranslationFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if not value:
            return qs
        language, _sep, kind = ("", "", "") if value == ANY_GAP else value.partition(":")
        page_type = get_default_page_content_type()
        return qs.filter(pk__in=object_ids_with_gaps(page_type, language=language or None, kind=kind or None))


class TranslationPageFilterSet(GenericPageFilterSet):
    translation = TranslationFilter(
        label=_("Translation"),
        choices=_filter_choices,
        empty_label=_("Any"),
        widget=RadioSelect,
    )

    class Meta(GenericPageFilterSet.Meta):
        pass


class TranslationStatusColumn(Column):
    cell_template_name = "core/tables/translation_status_cell.html"

    def get_value(self, instance):
        return getattr(instance, "translation_gaps", [])

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["tags"] = [
            {
                "label": gap_tag(gap.language, gap.kind),
                "fields": gap.field_labels,
                "code": f"{gap.language}:{gap.kind}",
                "primary": gap.kind == TranslationGap.Kind.MISSING,
            }
            for gap in self.get_value(instance)
        ]
        return context


class TranslationStatusIndexView(ExplorableIndexView):
    base_columns = [
        *ExplorableIndexView.base_columns,
        TranslationStatusColumn("translation", label=_("Translation"), width="16%"),
    ]

    def get_table(self, object_list):
        # One query for the whole page of rows, not one per row.
        gaps = gaps_for_objects(get_default_page_content_type(), [page.pk for page in object_list])
        for page in object_list:
            page.translation_gaps = gaps.get(str(page.pk), [])
        return super().get_table(object_list)


class TranslationStatusPageViewSet(PageViewSet):
    """The default page viewset (every page type without one of its own) with translation status."""

    index_view_class = TranslationStatusIndexView
    filterset_class = TranslationPageFilterSet
