"""Copy fields of the stats data, one column per language (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Correction, Figure, Survey, Wave


@register(Survey)
class SurveyTR(TranslationOptions):
    fields = ("title", "description", "method", "respondents_label")


@register(Wave)
class WaveTR(TranslationOptions):
    fields = ("label",)


@register(Figure)
class FigureTR(TranslationOptions):
    fields = ("label", "short_label", "description")


@register(Correction)
class CorrectionTR(TranslationOptions):
    # The figure's label and wave as they were, and the editor's reason, in each language.
    fields = ("label", "wave_label", "reason")
