"""The admin's bilingual tools: errors shown in whichever language holds them, the translation
status report, the explorer's tags and filter, and copy structure."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import copy_structure
from .explorer import TranslationStatusPageViewSet
from .views import TranslationStatusReportView


@hooks.register("insert_editor_js")
def reveal_languages_with_errors():
    return format_html('<script src="{}"></script>', static("core/js/language_errors.js"))


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [
        path("reports/translation-status/", TranslationStatusReportView.as_view(), name="translation_status_report"),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="translation_status_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="globe",
        order=650,
    )


# Replaces the default page viewset (registered with order=-1) for every page type without one
# of its own: the explorer gains a translation column and filter.
translation_status_page_viewset = TranslationStatusPageViewSet()


@hooks.register("register_admin_viewset")
def register_translation_status_page_viewset():
    return translation_status_page_viewset


@hooks.register("register_page_action_menu_item")
def copy_structure_menu_item():
    return copy_structure.CopyStructureMenuItem(order=70)


@hooks.register("after_edit_page")
def copy_structure_after_save(request, page):
    # Only on a plain draft save: publishing and workflow actions never copy.
    if request.POST.get(copy_structure.ACTION) and not any(
        request.POST.get(name) for name in ("action-publish", "action-submit", "action-workflow-action")
    ):
        return copy_structure.perform(request, page)
    return None


@hooks.register("before_edit_page")
def note_untranslated_copies(request, page):
    copy_structure.note_untranslated_copies(request, page)


@hooks.register("insert_editor_js")
def untranslated_blocks_js():
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>',
        static("core/css/translation_status.css"),
        static("core/js/untranslated_blocks.js"),
    )


def _drop_modeltranslation_stream_copy():
    """wagtail-modeltranslation's "Copy content from" buttons replace a StreamField's blocks in the
    form with the other language's, whatever the field holds, and leave nothing to say what still
    needs translating. Copy structure does that job; wagtail-modeltranslation has no setting to turn
    its buttons off, so its two hooks (the script and its AJAX view) are taken out. Our hooks
    module is imported after its own (INSTALLED_APPS order), before any hook is read."""
    unwanted = {
        ("insert_editor_js", "streamfields_translation_copy"),
        ("register_admin_urls", "copy_streamfields_content"),
    }
    for hook_name, _fn_name in unwanted:
        hooks._hooks[hook_name] = [
            (fn, order)
            for fn, order in hooks._hooks.get(hook_name, [])
            if not (fn.__module__ == "wagtail_modeltranslation.wagtail_hooks" and (hook_name, fn.__name__) in unwanted)
        ]


_drop_modeltranslation_stream_copy()


@hooks.register("register_rich_text_features")
def register_language_marks(features):
    """ "In English" / "In Italian" marks for words in another language inside a text ("Chief
    Information Officer" in the Italian copy): stored as <span lang="en">, so that screen readers
    pronounce them in their own language and the mark survives every save in the editor."""
    from django.utils.functional import lazy
    from django.utils.text import format_lazy
    from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
    from wagtail.admin.rich_text.editors.draftail import features as draftail_features

    from .languages import language_mark_feature, language_name, site_languages

    for code in site_languages():
        feature, style = language_mark_feature(code), f"LANG_{code.upper()}"
        features.register_editor_plugin(
            "draftail",
            feature,
            draftail_features.InlineStyleFeature(
                {
                    "type": style,
                    "label": code.upper(),
                    # Lazy: the toolbar speaks the admin language of whoever opens the editor.
                    "description": format_lazy(_("Words in {language}"), language=lazy(language_name, str)(code)),
                    "style": {"textDecoration": "underline dotted"},
                }
            ),
        )
        features.register_converter_rule(
            "contentstate",
            feature,
            {
                "from_database_format": {f'span[lang="{code}"]': InlineStyleElementHandler(style)},
                "to_database_format": {"style_map": {style: {"element": "span", "props": {"lang": code}}}},
            },
        )
