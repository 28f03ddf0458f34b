from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from core.languages import localized, site_languages
from core.merge import MergeConcurrentEditsMixin

from .formatting import value_problem


class FigureForm(MergeConcurrentEditsMixin, WagtailAdminModelForm):
    """Rejects what would draw a wrong infographic, with the reason next to the offending field.

    Nothing is saved unless every row is valid, so an editor's existing values are never lost.
    """

    def clean(self):
        cleaned = super().clean()
        observations = self.formsets.get("observations")
        if observations is None or not observations.is_valid():
            return cleaned  # the rows' own errors are shown
        unit = cleaned.get("unit")
        survey = cleaned.get("survey")
        rows = [form for form in observations.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        for form in rows:
            wave = form.cleaned_data.get("wave")
            if wave is not None and survey is not None and wave.survey_id != survey.pk:
                form.add_error("wave", _("Choose a wave of this figure's survey."))
            if unit:
                message = value_problem(
                    form.cleaned_data.get("value"), unit=unit, qualifier=form.cleaned_data.get("qualifier")
                )
                if message:
                    form.add_error("value", message)
        return cleaned


# Publishing a changed value adds a correction note (stats.corrections): its reason in each
# language, or "typo fix" for no note, can be given right here. Not model fields: they are read by
# the after_edit_snippet hook (stats.wagtail_hooks) and stored on the notes the publish made.
NOTE_REASON = "correction_reason"
NOTE_IS_TYPO = "correction_is_typo"


def note_field_names() -> list[str]:
    return [*(localized(NOTE_REASON, language) for language in site_languages()), NOTE_IS_TYPO]


_note_fields = {
    localized(NOTE_REASON, language): forms.CharField(
        label=format_lazy("{} [{}]", _("Reason for the correction note"), language),
        required=False,
        max_length=300,
        help_text=_("If you publish a changed value: why it changed, shown to readers after the note."),
    )
    for language in site_languages()
}
_note_fields[NOTE_IS_TYPO] = forms.BooleanField(
    label=_("A typo fix: no note for readers"),
    required=False,
    help_text=_("The change is recorded under Statistics → Corrections all the same."),
)
FigureForm.base_fields.update(_note_fields)
FigureForm.declared_fields.update(_note_fields)


class ObservationFormSet(BaseChildFormSet):
    default_error_messages = {
        **BaseChildFormSet.default_error_messages,
        "too_few_forms": _("Add at least one value: a figure without a value cannot be drawn."),
    }

    def get_unique_error_message(self, unique_check):
        # Django's generic message names raw fields ("figure and wave"); editors need the rule.
        if set(unique_check) == {"figure", "wave"}:
            return gettext("This wave already has a value: give each wave one value.")
        return super().get_unique_error_message(unique_check)


class ObservationsPanel(InlinePanel):
    """The values of a figure, validated as a set (one value per wave)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = ObservationFormSet
        return options


class SurveyForm(MergeConcurrentEditsMixin, WagtailAdminModelForm):
    """Waves are referenced by figures' values (by row) and by article blocks (by key):
    refuse removing a wave that holds values or renaming its key, instead of breaking them."""

    def clean(self):
        cleaned = super().clean()
        waves = self.formsets.get("waves")
        if waves is None or not waves.is_valid():
            return cleaned  # the rows' own errors are shown
        for form in waves.forms:
            wave = form.instance
            if not wave.pk:
                continue
            if waves.can_delete and waves._should_delete_form(form):
                if wave.observations.exists():
                    self.add_error(
                        None,
                        _("The wave “%(wave)s” holds values of figures: remove those values before the wave.")
                        % {"wave": wave.display_label},
                    )
            elif form.has_changed() and "key" in form.changed_data and wave.observations.exists():
                form.add_error(
                    "key", _("Articles choose this wave by its key: keep it, and set the year or the label instead.")
                )
        return cleaned
