"""Translation status: per object, when each language's copy of each field last changed, and the
gaps that follow (a language missing a field another language has, or behind another language).

Kept apart from the content itself, keyed like Wagtail's revisions (base content type + object id),
so any model with revisions and per-language fields is tracked without a column of its own.
Written by core.translation_status whenever a revision is saved; `manage.py
rebuild_translation_status` recomputes it from the revisions.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class TranslationState(models.Model):
    base_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    object_str = models.CharField(max_length=255, blank=True)
    # The revision last applied, so that re-saving an older revision (scheduling, approval)
    # never rewinds the state.
    revision_id = models.BigIntegerField(null=True)
    revision_created_at = models.DateTimeField(null=True)
    # {slot: {"fp": {lang: fingerprint|None}, "changed": {lang: iso}, "reflects": {lang: iso}}}:
    # a slot is a copy field ("title") or a child's copy field ("waves.3.label").
    slots = models.JSONField(default=dict)
    # {field: {lang: {"at": iso, "source": lang, "blocks": {block id: fingerprint}}}}: blocks
    # copied from another language (copy structure) and not edited since.
    copies = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["base_content_type", "object_id"], name="core_translationstate_one_per_object"
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class TranslationGap(models.Model):
    """One object's gap in one language: its missing fields, or its outdated fields."""

    class Kind(models.TextChoices):
        MISSING = "missing", _("Missing")
        OUTDATED = "outdated", _("Outdated")

    state = models.ForeignKey(TranslationState, on_delete=models.CASCADE, related_name="gaps")
    language = models.CharField(_("language"), max_length=16)
    kind = models.CharField(_("state"), max_length=16, choices=Kind.choices)
    # Field keys in form order: "title", "body", "waves.label" (a child model's field).
    fields = models.JSONField(default=list)
    # {field: number of copied blocks not yet translated} (outdated only).
    copied = models.JSONField(default=dict)
    # When the other language's copy changed: what this language lacks or is behind on.
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("translation to fix")
        verbose_name_plural = _("translations to fix")
        ordering = ["-changed_at", "pk"]
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self):
        return f"{self.state} {self.language} {self.kind}"

    # --- Display (the admin's language is active when these are read) ---

    @cached_property
    def model(self):
        return ContentType.objects.get_for_id(self.state.content_type_id).model_class()

    @property
    def object_str(self) -> str:
        return self.state.object_str

    @property
    def type_label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name)) if self.model else ""

    @property
    def language_label(self) -> str:
        from core.languages import language_name

        return str(capfirst(language_name(self.language)))

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def field_labels(self) -> str:
        from core.translation_status import field_label

        labels = []
        for field in self.fields:
            label = field_label(self.model, field)
            if self.copied.get(field):
                label = _("%(field)s (copied, not yet translated)") % {"field": label}
            labels.append(str(label))
        return ", ".join(labels)
