"""Admin hooks of the pages: what copy structure carries over, and no incomplete language published
from the explorer's bulk actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks

from core import page_cache
from stats.blocks import InfographicBlock

from .models import TranslatablePage


@hooks.register("translation_carry_over_block")
def infographics_carry_over(block):
    # An infographic chooses figures and waves, whose labels exist in every language already.
    return isinstance(block, InfographicBlock)


@hooks.register("before_bulk_action")
def refuse_publishing_incomplete_copy(request, action_type, objects, action_class_instance):
    """The page editor refuses to publish a language with a title but not its copy; the explorer's
    Publish (a bulk action) must too, with the same reasons, instead of failing on save."""
    if action_type != "publish":
        return None
    problems = []
    for page in objects:
        draft = page.specific.get_latest_revision_as_object() if page.latest_revision_id else page.specific
        if isinstance(draft, TranslatablePage):
            errors = draft.publication_errors()
            if errors:
                fields = "; ".join(
                    f"{capfirst(draft._meta.get_field(name).verbose_name)}: {message}"
                    for name, message in errors.items()
                )
                problems.append(f"“{draft.get_admin_display_title()}”: {fields}")
    if not problems:
        return None
    messages.error(
        request,
        _("Nothing was published. Complete these pages in the editor first: %(problems)s")
        % {"problems": " · ".join(problems)},
    )
    return redirect(action_class_instance.next_url)


def _warn_about_typed_numbers(request, page):
    """After a save from the page editor: numbers typed in the copy that disagree with the figures
    the page cites, or with the other language. A warning; the editor decides."""
    from django.utils.html import format_html, format_html_join

    from .consistency import warnings

    if "json" in request.headers.get("Accept", "") or not isinstance(page.specific, TranslatablePage):
        return  # autosave: the editor sees the warnings when they save
    draft = page.specific.get_latest_revision_as_object() if page.latest_revision_id else page.specific
    found = warnings(draft)
    if found:
        messages.warning(
            request,
            format_html(
                "{}<ul>{}</ul>",
                _("Check these numbers typed in the copy:"),
                format_html_join("", "<li>{}</li>", ((line,) for line in found)),
            ),
        )


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn_about_typed_numbers(request, page)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn_about_typed_numbers(request, page)


@hooks.register("before_serve_page")
def pages_are_cacheable(page, request, serve_args, serve_kwargs):
    """Every page served to readers is the same for all anonymous readers: the page cache
    (core/page_cache.py) may keep it, keyed on the query parameters the page reads."""
    page_cache.mark_cacheable(request, getattr(page, "cache_query_params", ()))
