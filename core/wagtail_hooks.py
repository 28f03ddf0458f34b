from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def reveal_languages_with_errors():
    return format_html('<script src="{}"></script>', static("core/admin/language_errors.js"))
