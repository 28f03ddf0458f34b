"""Which language's copy is missing or behind, for every page and snippet with per-language fields.

Tracked: every concrete model using TranslatedModelMixin with revisions (pages, surveys, figures),
discovered here, never named. Its copy fields are translated_fields(model) minus identifiers (slug,
url_path), plus the translated fields of its child relations (a survey's waves).

Each saved revision is compared with what was last seen (a fingerprint per field and language), so
autosave's overwritten revisions and reverts count like any other save. Per field and language we
keep when it changed and which change of the other languages it reflects:

- a change to a copy that was up to date is *new copy*: the other languages are now outdated;
- a change to a copy that was missing, outdated, or copied and not yet translated is a
  *translation*: it catches up, and leaves the other languages as they are.

(So translating an article into English never makes the Italian look outdated, which comparing
bare timestamps would.)

Gaps are stored as TranslationGap rows: the report lists them, the page explorer filters on them.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Revision, RevisionMixin

from .languages import TranslatedModelMixin, localized, site_languages, translated_fields
from .models import TranslationGap, TranslationState
from .streams import normalised, without_block_keys

logger = logging.getLogger(__name__)

# Per-language identifiers rather than copy: they follow the title.
NOT_COPY = frozenset({"slug", "url_path"})


# --- What is tracked ---------------------------------------------------------------------


def is_tracked(model) -> bool:
    return (
        model is not None
        and issubclass(model, TranslatedModelMixin)
        and issubclass(model, RevisionMixin)
        and not model._meta.abstract
        and bool(translated_fields(model))
    )


def tracked_models() -> list:
    return [model for model in apps.get_models() if is_tracked(model)]


def _in_form_order(model, names) -> list[str]:
    names = set(names)
    ordered = [field.name for field in model._meta.get_fields() if field.name in names]
    return ordered + sorted(names - set(ordered))


def copy_fields(model) -> list[str]:
    return _in_form_order(model, set(translated_fields(model)) - NOT_COPY)


def child_copy_fields(model) -> list[tuple[str, object, list[str]]]:
    """(accessor, child model, copy fields) for child relations whose rows have copy of their own."""
    result = []
    for relation in get_all_child_relations(model):
        fields = copy_fields(relation.related_model)
        if fields:
            result.append((relation.get_accessor_name(), relation.related_model, fields))
    return result


def field_label(model, field: str) -> str:
    """The field's label in the active language: "Title", "Wave: label"."""
    if model is None:
        return field
    if "." in field:
        accessor, name = field.split(".", 1)
        for child_accessor, child_model, _fields in child_copy_fields(model):
            if child_accessor == accessor:
                return f"{capfirst(child_model._meta.verbose_name)}: {child_model._meta.get_field(name).verbose_name}"
        return field
    try:
        return str(capfirst(model._meta.get_field(field).verbose_name))
    except Exception:  # a field since removed from the model
        return field


def stream_fields(model) -> list[str]:
    """Copy fields that are StreamFields (what copy structure can fill)."""
    return [f for f in copy_fields(model) if isinstance(model._meta.get_field(f), StreamField)]


# --- Reading revision content ------------------------------------------------------------


def stream_data(value) -> list:
    """A StreamField's raw blocks from revision content (a JSON string) or a model instance."""
    if value is None or value == "":
        return []
    if hasattr(value, "get_prep_value") and not isinstance(value, (list, str)):
        value = value.get_prep_value()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return list(value or [])


def _texts(data) -> list[str]:
    """The visible text in a block's value, in order."""
    if isinstance(data, dict):
        return [text for _key, value in sorted(data.items()) for text in _texts(value)]
    if isinstance(data, list):
        return [text for item in data for text in _texts(item)]
    if isinstance(data, str):
        text = " ".join(html.unescape(strip_tags(data)).split())
        return [text] if text else []
    return []


def _hash(data) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def block_fingerprint(block: dict) -> str:
    """What a copied block says: it counts as translated once its text differs."""
    return _hash([block.get("type"), _texts(normalised(block.get("value")))])


def fingerprint(model_field, value) -> str | None:
    """A short hash of a field's value; None when it is empty (no copy in that language)."""
    if isinstance(model_field, StreamField):
        blocks = stream_data(value)
        return _hash(normalised(blocks)) if blocks else None
    if value is None:
        return None
    text = str(value)
    if isinstance(model_field, RichTextField):
        text = without_block_keys(text)
        return _hash(text) if strip_tags(text).strip() else None
    return _hash(text) if text.strip() else None


def slots(model, content: dict) -> dict[str, dict[str, str | None]]:
    """{slot: {lang: fingerprint}} for a revision's content, in form order."""
    languages = site_languages()
    result = {}
    for field in copy_fields(model):
        model_field = model._meta.get_field(field)
        result[field] = {lang: fingerprint(model_field, content.get(localized(field, lang))) for lang in languages}
    for accessor, child_model, fields in child_copy_fields(model):
        for index, child in enumerate(content.get(accessor) or []):
            child_id = child.get("pk") or f"new{index}"
            for field in fields:
                model_field = child_model._meta.get_field(field)
                result[f"{accessor}.{child_id}.{field}"] = {
                    lang: fingerprint(model_field, child.get(localized(field, lang))) for lang in languages
                }
    return result


def slot_field(slot: str) -> str:
    """The field a slot belongs to: "waves.3.label" -> "waves.label"."""
    parts = slot.split(".")
    return f"{parts[0]}.{parts[-1]}" if len(parts) == 3 else slot


# --- Updating the state ------------------------------------------------------------------


def _iso(at) -> str:
    # One fixed format (UTC, microseconds), so that times compare as strings.
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _source_time(entry: dict, filled: list[str], exclude: str | None = None) -> str | None:
    times = [entry["reflects"].get(lang) for lang in filled if lang != exclude]
    times = [t for t in times if t]
    return max(times) if times else None


def _is_behind(entry: dict, lang: str) -> bool:
    """Before this revision: was `lang` missing or outdated where another language had copy?"""
    fps = entry["fp"]
    others = [other for other in fps if other != lang and fps.get(other)]
    if not others:
        return False
    if not fps.get(lang):
        return True
    source = _source_time(entry, others)
    return bool(source and (entry["reflects"].get(lang) or "") < source)


def apply_content(state: TranslationState, model, content: dict, at) -> None:
    """Fold one revision's content, saved at `at`, into `state` (not saved)."""
    now = _iso(at)
    languages = site_languages()
    pending = {(field, lang) for field, by_lang in state.copies.items() for lang in by_lang}
    new_slots = {}
    for slot, fps in slots(model, content).items():
        old = state.slots.get(slot) or {"fp": {}, "changed": {}, "reflects": {}}
        entry = {"fp": dict(old["fp"]), "changed": dict(old["changed"]), "reflects": dict(old["reflects"])}
        changed = [lang for lang in languages if fps[lang] != old["fp"].get(lang)]
        filled_changes = [lang for lang in changed if fps[lang]]
        catching_up = [lang for lang in filled_changes if _is_behind(old, lang) or (slot, lang) in pending]
        previously_filled = [lang for lang in languages if old["fp"].get(lang) and fps[lang]]
        for lang in changed:
            entry["fp"][lang] = fps[lang]
            if fps[lang]:
                entry["changed"][lang] = now
            else:
                entry["changed"].pop(lang, None)
                entry["reflects"].pop(lang, None)
        if filled_changes and len(catching_up) == len(filled_changes):
            # Only translations: each catches up with the newest copy of the others.
            for lang in filled_changes:
                entry["reflects"][lang] = _source_time(old, previously_filled, exclude=lang) or now
        else:
            for lang in filled_changes:
                entry["reflects"][lang] = now
        new_slots[slot] = entry
    state.slots = new_slots
    _prune_copies(state, model, content)


def _prune_copies(state: TranslationState, model, content: dict) -> None:
    """Forget copied blocks that have been edited (or deleted) since they were copied."""
    copies = {}
    for field, by_lang in state.copies.items():
        for lang, copy in by_lang.items():
            current = {
                block.get("id"): block_fingerprint(block) for block in stream_data(content.get(localized(field, lang)))
            }
            blocks = {bid: fp for bid, fp in copy["blocks"].items() if current.get(bid) == fp}
            if blocks:
                copies.setdefault(field, {})[lang] = {**copy, "blocks": blocks}
    state.copies = copies


def compute_gaps(state: TranslationState) -> list[TranslationGap]:
    from django.utils.dateparse import parse_datetime

    languages = site_languages()
    gaps = []
    for lang in languages:
        missing: dict[str, str] = {}
        outdated: dict[str, str] = {}
        for slot, entry in state.slots.items():
            fps = entry["fp"]
            others = [other for other in languages if other != lang and fps.get(other)]
            if not others:
                continue
            field = slot_field(slot)
            if not fps.get(lang):
                at = max(entry["changed"].get(other, "") for other in others)
                missing[field] = max(missing.get(field, ""), at)
                continue
            source = _source_time(entry, others)
            if source and (entry["reflects"].get(lang) or "") < source:
                outdated[field] = max(outdated.get(field, ""), source)
        copied = {}
        for field, by_lang in state.copies.items():
            copy = by_lang.get(lang)
            if copy and field not in missing:
                copied[field] = len(copy["blocks"])
                outdated[field] = max(outdated.get(field, ""), copy["at"])
        order = list(dict.fromkeys(slot_field(slot) for slot in state.slots))
        for kind, fields in ((TranslationGap.Kind.MISSING, missing), (TranslationGap.Kind.OUTDATED, outdated)):
            if fields:
                gaps.append(
                    TranslationGap(
                        state=state,
                        language=lang,
                        kind=kind,
                        fields=sorted(fields, key=lambda f: order.index(f) if f in order else len(order)),
                        copied=copied if kind == TranslationGap.Kind.OUTDATED else {},
                        changed_at=parse_datetime(max(fields.values())),
                    )
                )
    return gaps


def save_state(state: TranslationState) -> None:
    state.save()
    state.gaps.all().delete()
    TranslationGap.objects.bulk_create(compute_gaps(state))


def _state_for(base_content_type_id, object_id, content_type_id) -> TranslationState:
    state, _created = TranslationState.objects.get_or_create(
        base_content_type_id=base_content_type_id,
        object_id=str(object_id),
        defaults={"content_type_id": content_type_id},
    )
    return state


def record_revision(revision: Revision, *, replaying: bool = False) -> TranslationState | None:
    """Fold a just-saved revision into its object's state. Older revisions saved again
    (approval, scheduling) are ignored: only the latest revision is the current copy."""
    model = revision.content_type.model_class()
    if not is_tracked(model):
        return None
    if not replaying:
        latest = (
            Revision.objects.filter(base_content_type_id=revision.base_content_type_id, object_id=revision.object_id)
            .order_by("-created_at", "-id")
            .values_list("pk", flat=True)
            .first()
        )
        if latest != revision.pk:
            return None
    state = _state_for(revision.base_content_type_id, revision.object_id, revision.content_type_id)
    apply_content(state, model, revision.content or {}, revision.created_at)
    state.content_type_id = revision.content_type_id
    state.object_str = (revision.object_str or "")[:255]
    state.revision_id = revision.pk
    state.revision_created_at = revision.created_at
    save_state(state)
    return state


def mark_copied(revision: Revision, field: str, language: str, source: str, block_ids) -> TranslationState:
    """Record that `block_ids` of `field` in `language` were copied from `source` in `revision`,
    and need translating until edited."""
    state = _state_for(revision.base_content_type_id, revision.object_id, revision.content_type_id)
    block_ids = set(block_ids)
    blocks = {
        block["id"]: block_fingerprint(block)
        for block in stream_data((revision.content or {}).get(localized(field, language)))
        if block.get("id") in block_ids
    }
    if blocks:
        state.copies = {
            **state.copies,
            field: {
                **state.copies.get(field, {}),
                language: {
                    "at": _iso(revision.created_at),
                    "source": source,
                    "blocks": blocks,
                },
            },
        }
    save_state(state)
    return state


def state_for(instance) -> TranslationState | None:
    return TranslationState.objects.filter(
        base_content_type=instance.get_base_content_type(),
        object_id=str(instance.pk),
    ).first()


def forget(instance) -> None:
    """The object is gone: so is its state (and its gaps, by cascade)."""
    if isinstance(instance, RevisionMixin) and instance.pk is not None:
        TranslationState.objects.filter(
            base_content_type=instance.get_base_content_type(),
            object_id=str(instance.pk),
        ).delete()


def rebuild(models=None, *, stdout=None) -> int:
    """Recompute every tracked object's state by replaying its revisions, oldest first.
    Returns the number of objects."""
    total = 0
    for model in models or tracked_models():
        content_type = ContentType.objects.get_for_model(model)
        existing = {str(pk) for pk in model._default_manager.values_list("pk", flat=True)}
        revisions = Revision.objects.filter(content_type=content_type, object_id__in=existing)
        seen = set()
        with transaction.atomic():
            TranslationState.objects.filter(content_type=content_type).delete()
            for revision in revisions.order_by("object_id", "created_at", "id").iterator():
                record_revision(revision, replaying=True)
                seen.add(revision.object_id)
        total += len(seen)
        if stdout:
            stdout.write(f"{model._meta.label}: {len(seen)}")
    return total


# --- Queries -----------------------------------------------------------------------------


def gaps_for_objects(base_content_type, object_ids) -> dict[str, list[TranslationGap]]:
    """{object id (str): [gaps]} for a page of listing rows, in one query."""
    result: dict[str, list[TranslationGap]] = {}
    gaps = TranslationGap.objects.filter(
        state__base_content_type=base_content_type,
        state__object_id__in=[str(pk) for pk in object_ids],
    ).select_related("state")
    order = {language: index for index, language in enumerate(site_languages())}
    for gap in sorted(gaps, key=lambda gap: (order.get(gap.language, len(order)), gap.kind)):
        result.setdefault(gap.state.object_id, []).append(gap)
    return result


def object_ids_with_gaps(base_content_type, *, language: str | None = None, kind: str | None = None):
    """A subquery of integer object ids having a gap (of that language and kind, when given)."""
    filters = Q(state__base_content_type=base_content_type)
    if language:
        filters &= Q(language=language)
    if kind:
        filters &= Q(kind=kind)
    return (
        TranslationGap.objects.filter(filters)
        .annotate(pk_as_int=Cast("state__object_id", BigIntegerField()))
        .values("pk_as_int")
    )


# --- Signal handlers ---------------------------------------------------------------------


def on_revision_saved(sender, instance: Revision, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    try:
        with transaction.atomic():
            record_revision(instance)
    except Exception:
        # The status is a by-product: a failure here must never stop an editor saving.
        logger.exception("Could not update the translation status for revision %s", instance.pk)


def on_object_deleted(sender, instance, **kwargs) -> None:
    # Any model with revisions: a page is deleted as a wagtailcore.Page as well as its own type.
    if isinstance(instance, RevisionMixin):
        forget(instance)
