"""Admin screens of the stats app: the figure and survey choosers behind the infographic blocks,
and the small JSON read their editor script makes.

The figure chooser lists what an editor needs to pick the right figure without opening it: unit,
survey and the value at each wave, written as readers will read them in the admin's language.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponseNotFound, JsonResponse
from django.utils import translation
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from . import chart_data, references
from .formatting import Unit, format_number, format_value, normalize_language
from .models import Figure, Observation, Survey

CHOOSER_TEXTS = ("choose_one_text", "choose_another_text", "link_to_chosen_text")


class SnippetChooser(AdminSnippetChooser):
    """AdminSnippetChooser translates its button texts when it is built, and blocks and form
    classes keep their widget for the life of the process: the first request's language stuck
    for every editor. Here the texts stay lazy (the viewset's), translated when drawn."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        for attr in CHOOSER_TEXTS:
            if attr not in kwargs:
                setattr(self, attr, getattr(type(self), attr))


class StatsChooserViewSet(SnippetChooserViewSet):
    base_widget_class = SnippetChooser
    # ChooserViewSet's default title is translated at import, in the default language.
    page_title = pgettext_lazy("stats chooser", "Choose")


def _language() -> str:
    return normalize_language(translation.get_language())


def _value_text(observation, unit: str, language: str) -> str:
    try:
        return format_value(observation.value, unit=unit, qualifier=observation.qualifier, language=language)
    except ValueError:
        # Out of range for its unit (stored by a path that skipped validation): show it as it is.
        return format_number(observation.value, language=language)


def values_by_wave(figure, language: str) -> str:
    """ "2009: 30% · oggi: 64%", from prefetched values."""
    return " · ".join(
        # A no-break space keeps each wave with its value when the column wraps.
        f"{chart_data.wave_text(o.wave, language)}:\u00a0{_value_text(o, figure.unit, language)}"
        for o in sorted(figure.observations.all(), key=lambda o: o.wave.sort_order or 0)
    )


def _observations():
    return Prefetch("observations", queryset=Observation.objects.select_related("wave"))


class FigureFilterForm(SearchFilterMixin, BaseFilterForm):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.all(),
        required=False,
        label=pgettext_lazy("stats chooser", "Survey"),
        empty_label=pgettext_lazy("stats chooser", "All surveys"),
        # Wagtail's chooser modal reloads the results when such a field changes.
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    unit = forms.ChoiceField(
        choices=[("", pgettext_lazy("stats chooser", "All units")), *Unit.choices],
        required=False,
        label=pgettext_lazy("stats chooser", "Unit"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        if self.cleaned_data.get("survey"):
            objects = objects.filter(survey=self.cleaned_data["survey"])
        if self.cleaned_data.get("unit"):
            objects = objects.filter(unit=self.cleaned_data["unit"])
        # The search backend only filters on fields indexed as FilterFields, which Figure has
        # none of: search every figure, then keep the matches among the filtered ones.
        matches = super().filter(Figure.objects.all())
        if self.is_searching:
            objects = objects.filter(pk__in=[figure.pk for figure in matches])
        return objects


class FigureChooseMixin:
    filter_form_class = FigureFilterForm

    def get_object_list(self):
        return Figure.objects.select_related("survey")

    def get_results_page(self, request):
        page = super().get_results_page(request)
        # One page's values and waves in two queries, whether it came from the database or search.
        page.object_list = list(page.object_list)
        prefetch_related_objects(page.object_list, "survey", _observations())
        return page

    @property
    def columns(self):
        language = _language()
        return [
            *super().columns,
            Column(
                "unit", label=pgettext_lazy("stats chooser", "Unit"), accessor=lambda figure: figure.get_unit_display()
            ),
            Column(
                "survey", label=pgettext_lazy("stats chooser", "Survey"), accessor=lambda figure: str(figure.survey)
            ),
            # Not "values": the table template reads columns.values.
            Column(
                "wave_values",
                label=pgettext_lazy("stats chooser", "Values by wave"),
                accessor=lambda figure: values_by_wave(figure, language),
            ),
        ]


class FigureChooseView(FigureChooseMixin, ChooseView):
    pass


class FigureChooseResultsView(FigureChooseMixin, ChooseResultsView):
    pass


class FigureChooserViewSet(StatsChooserViewSet):
    choose_view_class = FigureChooseView
    choose_results_view_class = FigureChooseResultsView
    choose_one_text = pgettext_lazy("stats chooser", "Choose a figure")
    choose_another_text = pgettext_lazy("stats chooser", "Choose another figure")
    edit_item_text = pgettext_lazy("stats chooser", "Edit this figure")


class SurveyChooserViewSet(StatsChooserViewSet):
    choose_one_text = pgettext_lazy("stats chooser", "Choose a survey")
    choose_another_text = pgettext_lazy("stats chooser", "Choose another survey")
    edit_item_text = pgettext_lazy("stats chooser", "Edit this survey")


@require_safe
def figure_waves(request):
    """What the infographic blocks' editor script needs about the chosen figures (?id=1&id=2):
    label, unit and the value at each wave it has one for, keyed by wave key.

    Registered with register_admin_urls, so only users who may access the admin reach it.
    """
    ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()][:50]
    language = _language()
    figures = Figure.objects.filter(pk__in=ids).prefetch_related(_observations())
    return JsonResponse(
        {
            "figures": {
                str(figure.pk): {
                    "label": figure.label,
                    "unit": figure.unit,
                    "waves": {o.wave.key: _value_text(o, figure.unit, language) for o in figure.observations.all()},
                }
                for figure in figures
            }
        }
    )


# --- The second step of inserting a figure reference in rich text: wave and form ---


class FigureReferenceForm(forms.Form):
    """What a reference to a chosen figure shows: which wave, in which form."""

    wave = forms.ChoiceField(label=pgettext_lazy("figure reference", "Wave"))
    form = forms.ChoiceField(label=pgettext_lazy("figure reference", "Show"), initial="value")
    from_wave = forms.ChoiceField(
        label=pgettext_lazy("figure reference", "Change since (wave)"),
        required=False,
        help_text=pgettext_lazy("figure reference", "Only for the change between two waves."),
    )
    article = forms.BooleanField(
        label=pgettext_lazy("figure reference", "With its article"),
        required=False,
        help_text=pgettext_lazy(
            "figure reference",
            "For a percentage in a sentence: “il 64%”, “l’84%” in Italian (the article follows the number "
            "when it changes); English has none.",
        ),
    )

    def __init__(self, *args, figure, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure = figure
        observations = sorted(figure.observations.all(), key=lambda o: o.wave.sort_order or 0)
        waves = [
            (o.wave.key, f"{chart_data.wave_text(o.wave, language)}: {_value_text(o, figure.unit, language)}")
            for o in observations
        ]
        self.fields["wave"].choices = waves
        if waves:
            self.fields["wave"].initial = waves[-1][0]
        self.fields["from_wave"].choices = [("", "—"), *waves]
        forms_for_unit = {
            Unit.RANK: {references.Form.RANK, references.Form.VALUE},
        }.get(figure.unit, {references.Form.VALUE, references.Form.QUALIFIED, references.Form.CHANGE})
        self.fields["form"].choices = [(c, label) for c, label in references.FORM_CHOICES if c in forms_for_unit]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") == references.Form.CHANGE:
            if not cleaned.get("from_wave"):
                self.add_error("from_wave", pgettext_lazy("figure reference", "Choose the wave the change is from."))
            elif cleaned["from_wave"] == cleaned.get("wave"):
                self.add_error("from_wave", pgettext_lazy("figure reference", "Choose two different waves."))
        if not self.errors:
            reference = self.reference()
            try:
                references.render_reference(reference, self.figure, _language())
            except references.Unavailable as problem:
                raise forms.ValidationError(str(problem)) from None
        return cleaned

    def reference(self) -> references.Reference:
        data = self.cleaned_data
        form = data["form"]
        return references.Reference(
            figure_id=self.figure.pk,
            wave=data["wave"],
            form=form,
            from_wave=(data.get("from_wave") or "") if form == references.Form.CHANGE else "",
            article=bool(data.get("article")) and form != references.Form.CHANGE,
        )


def figure_reference(request):
    """The chosen figure's wave and form (GET shows the form, POST answers with the reference).

    Registered with register_admin_urls, so only users who may access the admin reach it.
    """
    raw_id = request.GET.get("id", "")
    figure = references.load_figures([int(raw_id)] if raw_id.isdigit() else []).get(
        int(raw_id) if raw_id.isdigit() else None
    )
    if figure is None:
        # A plain 404 (raising Http404 here would be redirected under a language prefix).
        return HttpResponseNotFound(pgettext_lazy("figure reference", "This figure does not exist (any more)."))
    language = _language()
    if request.method == "POST":
        form = FigureReferenceForm(request.POST, figure=figure, language=language)
        if form.is_valid():
            reference = form.reference()
            return render_modal_workflow(
                request,
                None,
                None,
                None,
                json_data={
                    "step": "figure_reference_chosen",
                    "result": {
                        **references.entity_data(reference, figure, language),
                        # Draftail's source puts this text in the sentence, as the entity's text.
                        "title": references.entity_text(reference, figure, language),
                        "prefer_this_title_as_link_text": True,
                    },
                },
            )
    else:
        names = (("wave", "wave"), ("form", "form"), ("from_wave", "from"), ("article", "article"))
        initial = {key: request.GET[name] for key, name in names if request.GET.get(name)}
        form = FigureReferenceForm(initial=initial, figure=figure, language=language)
    return render_modal_workflow(
        request,
        "stats/admin/figure_reference.html",
        None,
        {"form": form, "figure": figure, "action": request.get_full_path()},
        json_data={"step": "figure_reference"},
    )
