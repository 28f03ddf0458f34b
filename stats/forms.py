from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .validation import value_error


class FigureForm(WagtailAdminModelForm):
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
        if not rows:
            self.add_error(None, _("Add at least one value: a figure without a value cannot be drawn."))
        seen_waves = set()
        for form in rows:
            wave = form.cleaned_data.get("wave")
            if wave is not None:
                if wave.pk in seen_waves:
                    form.add_error("wave", _("This wave already has a value: give each wave one value."))
                seen_waves.add(wave.pk)
                if survey is not None and wave.survey_id != survey.pk:
                    form.add_error("wave", _("Choose a wave of this figure's survey."))
            if unit:
                message = value_error(form.cleaned_data.get("value"), unit=unit, qualifier=form.cleaned_data.get("qualifier"))
                if message:
                    form.add_error("value", message)
        return cleaned
