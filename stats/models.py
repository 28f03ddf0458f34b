"""Survey figures as structured, bilingual data: the one source of truth that infographics draw.

Survey ─┬─ Wave (2009, "oggi"/"today", ...)
        └─ Figure ── Observation (one value per wave, with a qualifier: exact, more than, ...)

Copy fields (titles, labels, descriptions) exist per language through modeltranslation
(stats/translation.py). Figures and surveys are Wagtail snippets published like pages: every change
is a revision; a draft stays in its revision and changes nothing readers see (the rows hold the
live values) until it is published, after preview and, if a workflow is assigned, moderation.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.languages import (
    PreviewInEachLanguageMixin,
    TranslatedModelMixin,
    localized,
    localized_search_fields,
    missing_translations,
    site_languages,
    value_in,
)

from .formatting import Qualifier, Unit, format_value, value_problem
from .forms import FigureForm, ObservationsPanel, SurveyForm, note_field_names


class PublishedLikePages(
    PreviewInEachLanguageMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin
):
    """Drafts, scheduling, locking, moderation and preview, as Wagtail's pages have them."""

    class Meta:
        abstract = True

    def get_preview_template(self, request, mode_name):
        return "stats/preview.html"

    def get_preview_context(self, request, mode_name):
        from . import previews

        context = super().get_preview_context(request, mode_name)
        context.update(previews.context(self, language=mode_name))
        return context

    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in site_languages() else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            request.is_preview = True
            response = super().serve_preview(request, language)
            if hasattr(response, "render"):
                response.render()
            return response


class Survey(TranslatedModelMixin, PublishedLikePages, index.Indexed, ClusterableModel):
    base_form_class = SurveyForm

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("A stable identifier, e.g. ibm-cio-study.")
    )
    publisher = models.CharField(_("publisher"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    method = models.TextField(_("method"), blank=True, help_text=_("How the figures were collected."))
    respondents = models.PositiveIntegerField(_("respondents"))
    respondents_qualifier = models.CharField(
        _("respondents qualifier"),
        max_length=16,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    respondents_label = models.CharField(
        _("respondents are"),
        max_length=60,
        blank=True,
        help_text=_("Who answered, as a plural noun: CIO, CIOs."),
    )
    countries = models.PositiveIntegerField(_("countries"), null=True, blank=True)
    industries = models.PositiveIntegerField(_("industries"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="survey")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="survey",
        for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("publisher")]),
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("method"),
                FieldRowPanel([FieldPanel("respondents_qualifier"), FieldPanel("respondents")]),
                FieldPanel("respondents_label"),
                FieldRowPanel([FieldPanel("countries"), FieldPanel("industries")]),
            ],
            heading=_("Method and sample"),
        ),
        FieldPanel("source_url"),
        InlinePanel("waves", heading=_("Waves"), label=_("Wave"), min_num=1),
    ]
    search_fields = [
        index.SearchField("publisher"),
        index.AutocompleteField("publisher"),
        *localized_search_fields("title"),
    ]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["publisher", "key"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def clean(self):
        errors = missing_translations(self, ["title"])
        if errors:
            raise ValidationError(errors)

    def respondents_text(self, language: str) -> str:
        return format_value(self.respondents, unit=Unit.COUNT, qualifier=self.respondents_qualifier, language=language)


class Wave(Orderable):
    """One edition of a survey. A wave may have no year yet: its label says "oggi"/"today"."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="waves")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("A stable identifier within the survey, e.g. 2009 or today.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    label = models.CharField(
        _("label"), max_length=40, blank=True, help_text=_("Shown to readers; the year when empty.")
    )

    panels = [FieldRowPanel([FieldPanel("key"), FieldPanel("year"), FieldPanel("label")])]

    class Meta(Orderable.Meta):
        verbose_name = _("wave")
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="stats_wave_unique_key_per_survey")]

    def __str__(self):
        return f"{self.survey.title} · {self.display_label}" if self.survey_id else self.display_label

    @property
    def display_label(self) -> str:
        return self.label or (str(self.year) if self.year else self.key)

    def clean(self):
        if self.year is not None and not (1900 <= self.year <= 2200):
            raise ValidationError({"year": _("Enter a year between 1900 and 2200.")})
        if not self.year:
            # Without a year, readers of each edition see the label: it is needed in every language.
            missing = [language for language in site_languages() if not value_in(self, "label", language)]
            if missing:
                raise ValidationError(
                    {
                        localized("label", language): _(
                            "Give the wave a year, or a label in every language (e.g. “today”)."
                        )
                        for language in missing
                    }
                )


class Figure(TranslatedModelMixin, PublishedLikePages, index.Indexed, ClusterableModel):
    identity_field = "label"
    # Cross-row checks (one value per wave, at least one value, bounds by unit) live in the form,
    # which sees the unit and every value row at once.
    base_form_class = FigureForm

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="figures", verbose_name=_("survey"))
    key = models.SlugField(
        _("key"), max_length=80, help_text=_("A stable identifier within the survey, e.g. cloud-computing.")
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("What the figure measures, in full."))
    short_label = models.CharField(
        _("short label"), max_length=40, blank=True, help_text=_("For chart axes; at most 40 characters.")
    )
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PERCENT)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="figure")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="figure",
        for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("survey"), FieldPanel("key"), FieldPanel("unit")]),
        FieldPanel("label"),
        FieldPanel("short_label"),
        FieldPanel("description"),
        ObservationsPanel("observations", heading=_("Values"), label=_("Value"), min_num=1),
        MultiFieldPanel(
            [FieldPanel(name) for name in note_field_names()],
            heading=_("Correction note"),
            help_text=_("Publishing a changed value adds a dated note under every page that cites the figure."),
        ),
    ]
    search_fields = [
        index.SearchField("key"),
        index.AutocompleteField("key"),
        *localized_search_fields("label"),
        *localized_search_fields("short_label"),
    ]

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["survey", "key"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="stats_figure_unique_key_per_survey")]

    def __str__(self):
        return f"{self.label} ({self.survey.publisher})" if self.survey_id else self.label

    def clean(self):
        errors = missing_translations(self, ["label"])
        if errors:
            raise ValidationError(errors)

    def observation_for(self, wave_key: str) -> Observation | None:
        """The value at a wave, from prefetched observations when the selector loaded them."""
        for observation in self.observations.all():
            if observation.wave.key == wave_key:
                return observation
        return None


class Observation(Orderable):
    """A figure's value at one wave. "More than 80%" is value 80 with qualifier more_than."""

    figure = ParentalKey(Figure, on_delete=models.CASCADE, related_name="observations")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="observations", verbose_name=_("wave"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    qualifier = models.CharField(_("qualifier"), max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT)

    panels = [FieldRowPanel([FieldPanel("wave"), FieldPanel("qualifier"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = _("value")
        constraints = [models.UniqueConstraint(fields=["figure", "wave"], name="stats_observation_one_value_per_wave")]

    def __str__(self):
        return f"{self.figure_id}@{self.wave_id}: {self.qualifier} {self.value}"

    def clean(self):
        figure = getattr(self, "figure", None)
        if figure is not None:
            message = value_problem(self.value, unit=figure.unit, qualifier=self.qualifier)
            if message:
                raise ValidationError({"value": message})


class Correction(TranslatedModelMixin, RevisionMixin, models.Model):
    """A published figure's value changed: the dated note readers see under every page citing it.

    Recorded by stats.corrections when a live figure's value is saved with a different value
    (publishing a draft, the CSV import with --publish, or any other path). Editors may add a
    reason in each language or mark it a typo fix (then readers see no note); every such edit is
    a revision. The admin gives no one the right to delete a note.
    """

    identity_field = "label"

    figure = models.ForeignKey(
        Figure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        verbose_name=_("figure"),
        editable=False,
    )
    # What the note names, as it was: the note outlives a renamed or deleted figure.
    label = models.CharField(_("figure"), max_length=200, editable=False)
    wave_key = models.SlugField(_("wave"), max_length=40, editable=False)
    wave_label = models.CharField(_("wave label"), max_length=40, blank=True, editable=False)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, editable=False)
    old_value = models.DecimalField(_("old value"), max_digits=12, decimal_places=2, editable=False)
    old_qualifier = models.CharField(max_length=16, choices=Qualifier.choices, editable=False)
    new_value = models.DecimalField(_("new value"), max_digits=12, decimal_places=2, editable=False)
    new_qualifier = models.CharField(max_length=16, choices=Qualifier.choices, editable=False)
    changed_at = models.DateTimeField(_("changed at"), editable=False)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Optional: why the figure changed, shown in the note (in this language)."),
    )
    is_typo = models.BooleanField(
        _("typo fix"),
        default=False,
        help_text=_("A typing error put right: recorded here, but readers see no note."),
    )

    panels = [FieldPanel("reason"), FieldPanel("is_typo")]

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.label} · {self.wave_label or self.wave_key}: {self.old_value} → {self.new_value}"

    def value_text(self, which: str, language: str) -> str:
        value, qualifier = getattr(self, f"{which}_value"), getattr(self, f"{which}_qualifier")
        try:
            return format_value(value, unit=self.unit, qualifier=qualifier, language=language)
        except ValueError:
            return str(value)
