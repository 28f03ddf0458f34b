"""The translation status report: every page, survey and figure with a language missing or behind."""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.forms import RadioSelect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import TranslationGap
from .translation_status import tracked_models


def _in_language(chunks, language):
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def _languages():
    return list(settings.LANGUAGES)


def _tracked_content_types(request):
    return ContentType.objects.filter(
        pk__in=[ContentType.objects.get_for_model(model).pk for model in tracked_models()]
    ).order_by("model")


class TranslationStatusFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=_languages,
        empty_label=_("Any"),
        widget=RadioSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("State"),
        choices=TranslationGap.Kind.choices,
        empty_label=_("Any"),
        widget=RadioSelect,
    )
    content_type = ContentTypeFilter(
        label=_("Type"),
        field_name="state__content_type",
        queryset=_tracked_content_types,
    )

    class Meta:
        model = TranslationGap
        fields = []


class TranslationStatusReportView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    model = TranslationGap
    filterset_class = TranslationStatusFilterSet
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    default_ordering = "-changed_at"
    columns = [
        TitleColumn("object_str", label=_("Title"), get_url=lambda gap: gap.edit_url, sort_key="state__object_str"),
        Column("type_label", label=_("Type")),
        Column("language_label", label=_("Language")),
        StatusTagColumn("kind_label", label=_("State"), primary=lambda gap: gap.kind == TranslationGap.Kind.MISSING),
        Column("field_labels", label=_("Fields")),
        DateColumn("changed_at", label=_("Changed"), sort_key="changed_at"),
    ]
    list_export = ["object_str", "type_label", "language_label", "kind_label", "field_labels", "changed_at"]
    export_headings = {
        "object_str": _("Title"),
        "type_label": _("Type"),
        "language_label": _("Language"),
        "kind_label": _("State"),
        "field_labels": _("Fields"),
        "changed_at": _("Changed"),
    }

    def get_base_queryset(self):
        return TranslationGap.objects.select_related("state")

    def get_table(self, object_list):
        self.add_edit_urls(object_list)
        return super().get_table(object_list)

    def get_filename(self):
        return "translation-status"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if getattr(response, "streaming", False):
            # A CSV is written as it is sent, after the view has returned and the admin's
            # language is no longer active: write each chunk in it.
            response.streaming_content = _in_language(response.streaming_content, translation.get_language())
        return response

    def add_edit_urls(self, gaps) -> None:
        """Each row's edit link, loading the objects of a page of rows in one query per type."""
        ids_by_type = defaultdict(set)
        for gap in gaps:
            ids_by_type[gap.state.base_content_type_id].add(gap.state.object_id)
        finder = AdminURLFinder(self.request.user)
        urls = {}
        for content_type_id, ids in ids_by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            for obj in model._default_manager.filter(pk__in=ids):
                urls[(content_type_id, str(obj.pk))] = finder.get_edit_url(obj)
        for gap in gaps:
            gap.edit_url = urls.get((gap.state.base_content_type_id, gap.state.object_id))
