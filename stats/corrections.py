"""Correction notes: when a published figure's value changes, a dated note in every language.

An observation saved with another value than the one stored, while its figure is live, records a
Correction (the old and new value, the figure's label and wave as they read then). Drafts never
touch the stored rows, so only what readers saw and now see differently is recorded: publishing
a draft, the CSV import with --publish, a script. Pages list the notes of the figures they cite
(`notes_for`), newest first, dated after the page was first published.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db.models.signals import pre_save
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.languages import localized, site_languages, value_in

from . import chart_data
from .formatting import normalize_language

# The notes an admin edit makes, so the editor's reason or "typo fix" given in the figure's form
# can be stored on them (collect() before the edit, given_in_form() after it).
_made: ContextVar[list | None] = ContextVar("stats_corrections_made", default=None)


def collect() -> None:
    _made.set([])


def given_in_form(data, user=None) -> list:
    """Store the reason (per language) or the typo flag posted with the figure on the notes its
    publish made; each such note gets a revision by that user."""
    from .forms import NOTE_IS_TYPO, NOTE_REASON

    notes, _token = _made.get() or [], _made.set(None)
    reasons = {
        language: (data.get(localized(NOTE_REASON, language)) or "").strip()[:300] for language in site_languages()
    }
    is_typo = bool(data.get(NOTE_IS_TYPO))
    if not (is_typo or any(reasons.values())):
        return notes
    for note in notes:
        for language, reason in reasons.items():
            setattr(note, localized("reason", language), reason)
        note.is_typo = is_typo
        note.save()
        note.save_revision(user=user, log_action=True)
    return notes


def _record(sender, instance, raw=False, **kwargs):
    from .models import Correction, Observation

    if raw or instance.pk is None or not instance.figure_id:
        return
    before = Observation.objects.filter(pk=instance.pk).values("value", "qualifier", "wave_id").first()
    if before is None or (before["value"], before["qualifier"]) == (instance.value, instance.qualifier):
        return
    if before["wave_id"] != instance.wave_id:
        return  # a row moved to another wave: not a value that changed
    figure = type(instance.figure).objects.filter(pk=instance.figure_id).first()
    if figure is None or not getattr(figure, "live", True):
        return  # never published: readers saw nothing to correct
    wave = instance.wave
    note = Correction(
        figure=figure,
        wave_key=wave.key,
        unit=figure.unit,
        old_value=before["value"],
        old_qualifier=before["qualifier"],
        new_value=instance.value,
        new_qualifier=instance.qualifier,
        changed_at=timezone.now(),
    )
    for language in site_languages():
        name = value_in(figure, "short_label", language) or value_in(figure, "label", language) or figure.key
        setattr(note, localized("label", language), name)
        setattr(note, localized("wave_label", language), chart_data.wave_text(wave, language))
    note.save()
    note.save_revision(log_action=True)
    made = _made.get()
    if made is not None:
        made.append(note)


def connect():
    from .models import Observation

    pre_save.connect(_record, sender=Observation, dispatch_uid="stats-corrections-record")


def notes_for(figure_ids, *, since=None):
    """The notes readers see for these figures (typo fixes left out), newest first."""
    from .models import Correction

    notes = Correction.objects.filter(figure_id__in=set(figure_ids), is_typo=False)
    if since is not None:
        notes = notes.filter(changed_at__gte=since)
    return list(notes)


def notes_for_page(page, language: str, request=None) -> list:
    """The notes shown under `page` in `language`: those of the figures its body cites there,
    dated after its first publication. Loaded once per request when given one, so the head's
    dateModified and the list under the body share one query (and no later request reuses them)."""
    from .selectors import cited_figure_ids

    ids = frozenset(cited_figure_ids(page, language))
    since = getattr(page, "first_published_at", None)
    if not ids:
        return []
    if request is None:
        return notes_for(ids, since=since)
    loaded = request.__dict__.setdefault("_stats_correction_notes", {})
    key = (page.pk, language, ids, since)
    if key not in loaded:
        loaded[key] = notes_for(ids, since=since)
    return loaded[key]


def latest_by_citing_field() -> dict:
    """{(page pk, field): when}: the newest note readers see (typo fixes left out) of the figures
    each page cites in each of its fields ("body_it"), from Wagtail's reference index. For lists of
    many pages that do not load their bodies (the sitemap): one query, two when there are notes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max
    from wagtail.models import Page, ReferenceIndex

    from .models import Correction, Figure

    latest = dict(
        Correction.objects.filter(is_typo=False, figure__isnull=False)
        .values("figure_id")
        .annotate(latest=Max("changed_at"))
        .values_list("figure_id", "latest")
    )
    if not latest:
        return {}
    found: dict = {}
    citing = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Figure),
        to_object_id__in=[str(pk) for pk in latest],
    ).values_list("object_id", "model_path", "to_object_id")
    for page_id, model_path, figure_id in citing:
        key = (int(page_id), model_path.split(".", 1)[0])
        when = latest[int(figure_id)]
        found[key] = max(found.get(key, when), when)
    return found


def _latest(published, notes):
    latest = max((note.changed_at for note in notes if published is None or note.changed_at >= published), default=None)
    return max(filter(None, (published, latest)), default=None)


def last_change(page, language: str, request=None):
    """When `page` last changed for readers in `language`: its last publication, or a later
    correction note of a figure it cites (for dateModified and feeds)."""
    return _latest(getattr(page, "last_published_at", None), notes_for_page(page, language, request))


def last_changes(pages, language: str) -> dict:
    """{page pk: last_change(page, language)} for many pages (a feed), in one query."""
    from .selectors import cited_figure_ids

    pages = list(pages)
    cited = {page.pk: cited_figure_ids(page, language) for page in pages}
    ids = set().union(*cited.values()) if cited else set()
    published = [page.last_published_at for page in pages if getattr(page, "last_published_at", None)]
    since = min(published) if published and len(published) == len(pages) else None
    notes = notes_for(ids, since=since) if ids else []
    return {
        page.pk: _latest(
            getattr(page, "last_published_at", None), [note for note in notes if note.figure_id in cited[page.pk]]
        )
        for page in pages
    }


def note_text(note, language: str) -> str:
    """ "Aggiornato il 29 novembre 2026: il dato «Cloud computing, oggi» era 62%, ora è 64%." """
    from core.templatetags.site_i18n import long_date

    language = normalize_language(language)
    with translation.override(language):
        text = gettext("Updated %(date)s: the figure “%(figure)s” was %(old)s, it is now %(new)s.") % {
            "date": long_date(timezone.localtime(note.changed_at).date()),
            "figure": ", ".join(
                part for part in (value_in(note, "label", language), value_in(note, "wave_label", language)) if part
            ),
            "old": note.value_text("old", language),
            "new": note.value_text("new", language),
        }
        reason = value_in(note, "reason", language)
        return f"{text} {reason}" if reason else text
