"""Copy structure: fill a page's empty StreamField in one language from another language's.

Blocks that hold no copy of their own (apps declare which, through the
`translation_carry_over_block` hook: articles says infographics) are carried over as they are.
Every other block (paragraphs, headings, quotes, images with their captions) is copied as a starting
point and recorded as needing translation until it is edited (TranslationState.copies); until then the
report counts the field as outdated in that language.

The editor asks for it with a button in the page's action menu. The button submits the edit form,
so unsaved changes are kept: Wagtail saves them as a draft, then `perform()` (an after_edit_page
hook) adds the copy to that same draft revision. Nothing is ever published, and a field that holds
anything in the target language is never overwritten.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass

from django.contrib import messages as django_messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem

from .languages import localized, site_languages, value_in
from .translation_status import field_label, is_tracked, mark_copied, state_for, stream_data, stream_fields

# Hook: fn(block) -> True when a block type carries over as it is (holds no copy to translate).
CARRY_OVER_HOOK = "translation_carry_over_block"
# The name of the action menu button; its value says what to copy: "body:it:en".
ACTION = "copy-structure"


def carries_over(block) -> bool:
    return any(fn(block) for fn in hooks.get_hooks(CARRY_OVER_HOOK))


def copy_blocks(stream_block, source: list) -> tuple[list, list[str]]:
    """(raw blocks for the target language, ids of the copied blocks that need translating).
    Every block gets a new id: the two languages' blocks are edited independently."""
    copied, to_translate = [], []
    for item in source:
        child_block = stream_block.child_blocks.get(item.get("type"))
        if child_block is None:  # a block type no longer offered
            continue
        block_id = str(uuid.uuid4())
        copied.append({"type": item["type"], "value": copy.deepcopy(item.get("value")), "id": block_id})
        if not carries_over(child_block):
            to_translate.append(block_id)
    return copied, to_translate


def labelled(model, field: str, language: str) -> str:
    # As the editor labels per-language fields: "Body [en]".
    return f"{field_label(model, field)} [{language}]"


@dataclass(frozen=True)
class Offer:
    field: str
    source: str
    target: str

    @property
    def value(self) -> str:
        return f"{self.field}:{self.source}:{self.target}"

    def label(self, model) -> str:
        return _("Fill %(target)s from %(source)s") % {
            "target": labelled(model, self.field, self.target),
            "source": labelled(model, self.field, self.source),
        }

    @classmethod
    def parse(cls, model, value: str) -> Offer | None:
        parts = (value or "").split(":")
        if len(parts) != 3:
            return None
        offer = cls(*parts)
        languages = site_languages()
        if (
            offer.field in stream_fields(model)
            and offer.source in languages
            and offer.target in languages
            and offer.source != offer.target
        ):
            return offer
        return None


def offers(page) -> list[Offer]:
    """What can be filled in `page` as saved: an empty StreamField in a language, from another
    language where that field has blocks."""
    model = type(page)
    if not is_tracked(model):
        return []
    result = []
    for field in stream_fields(model):
        for target in site_languages():
            if stream_data(value_in(page, field, target)):
                continue
            source = next(
                (
                    language
                    for language in site_languages()
                    if language != target and stream_data(value_in(page, field, language))
                ),
                None,
            )
            if source:
                result.append(Offer(field, source, target))
    return result


class CopyStructureMenuItem(ActionMenuItem):
    name = ACTION
    template_name = "core/copy_structure_menu_item.html"
    icon_name = "copy"

    def is_shown(self, context):
        if context["view"] != "edit" or context["locked_for_user"]:
            return False
        return bool(offers(context["page"])) and self.get_user_page_permissions_tester(context).can_edit()

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = parent_context["page"]
        context["offers"] = [{"value": offer.value, "label": offer.label(type(page))} for offer in offers(page)]
        return context


def perform(request, page):
    """After the edit form was saved as a draft because the editor asked for a copy: add it."""
    model = type(page)
    offer = Offer.parse(model, request.POST.get(ACTION))
    edit = redirect("wagtailadmin_pages:edit", page.pk)
    if offer is None:
        messages.error(request, _("Nothing was copied: this field cannot be filled from another language."))
        return edit
    target_label, source_label = labelled(model, offer.field, offer.target), labelled(model, offer.field, offer.source)
    if stream_data(value_in(page, offer.field, offer.target)):
        messages.error(
            request,
            _("%(field)s is not empty: nothing was copied, so nothing was overwritten.") % {"field": target_label},
        )
        return edit
    source = stream_data(value_in(page, offer.field, offer.source))
    if not source:
        messages.error(request, _("%(field)s is empty: there is nothing to copy.") % {"field": source_label})
        return edit

    blocks, to_translate = copy_blocks(model._meta.get_field(offer.field).stream_block, source)
    column = localized(offer.field, offer.target)
    setattr(page, column, blocks)
    with transaction.atomic():
        latest = page.get_latest_revision()
        # The draft this request just saved: add the copy to it rather than a second revision.
        overwrite = latest if latest is not None and latest.user_id == request.user.pk else None
        revision = page.save_revision(user=request.user, log_action=True, overwrite_revision=overwrite, clean=False)
        if not page.live:
            # Wagtail keeps a never-published page's own row in step with its draft.
            page.save(update_fields=[column], clean=False)
        mark_copied(revision, offer.field, offer.target, offer.source, to_translate)
    messages.success(
        request,
        ngettext(
            "%(target)s filled from %(source)s as a draft: %(count)s block needs translating.",
            "%(target)s filled from %(source)s as a draft: %(count)s blocks need translating.",
            len(to_translate),
        )
        % {"target": target_label, "source": source_label, "count": len(to_translate)},
    )
    return edit


# --- Telling the editor which blocks still need translating -------------------------------


def _excerpt(child) -> str:
    try:
        text = " ".join(str(part) for part in child.block.get_searchable_content(child.value))
    except Exception:  # a block whose data no longer fits its definition
        text = ""
    return Truncator(" ".join(strip_tags(text).split())).chars(60)


def untranslated_copies(page) -> list[dict]:
    """Per field and language, the copied blocks not yet edited, as the editor sees them."""
    state = state_for(page)
    if state is None or not state.copies:
        return []
    model = type(page)
    result = []
    for field, by_language in state.copies.items():
        for language, copied in by_language.items():
            ids = set(copied["blocks"])
            blocks = [
                {"id": child.id, "position": position, "label": child.block.label, "excerpt": _excerpt(child)}
                for position, child in enumerate(value_in(page, field, language) or [], start=1)
                if child.id in ids
            ]
            if blocks:
                result.append(
                    {
                        "field": labelled(model, field, language),
                        "source": labelled(model, field, copied["source"]),
                        "blocks": blocks,
                    }
                )
    return result


def note_untranslated_copies(request, page) -> None:
    """A note at the top of the editor listing the copied blocks still to translate; the editor
    script also tags each of those blocks."""
    if request.method != "GET":
        return
    copies = untranslated_copies(page)
    if copies:
        django_messages.warning(request, render_to_string("core/untranslated_blocks_note.html", {"copies": copies}))
