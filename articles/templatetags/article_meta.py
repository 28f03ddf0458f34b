"""The head's machine-readable part ({% page_meta %}) and the one title pattern ({% page_title %})."""

from django import template

from articles import metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context):
    """ "Headline · Site" for the page in context (its SEO title, else its title)."""
    page = context.get("page")
    headline = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page is not None else ""
    return metadata.page_title(headline)


@register.inclusion_tag("articles/_meta.html", takes_context=True)
def page_meta(context):
    return metadata.page_meta(context)
