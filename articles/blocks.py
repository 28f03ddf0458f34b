"""Blocks of the article body StreamField. Infographic blocks live beside their data, in stats.blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.languages import language_mark_features

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# Body paragraphs may also cite a figure: a number read from the data (stats.references).
BODY_TEXT_FEATURES = [*RICH_TEXT_FEATURES, "figure-reference", *language_mark_features()]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "articles/blocks/heading.html"
        form_classname = "title"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"), max_length=500)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "articles/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it. Leave empty only if decorative."),
        required=False,
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "articles/blocks/image.html"


def body_blocks():
    """The block types an article body may hold, in the order editors see them."""
    from stats.blocks import INFOGRAPHIC_BLOCKS, FigureRichTextBlock

    return [
        ("paragraph", FigureRichTextBlock(features=BODY_TEXT_FEATURES, label=_("Paragraph"), icon="pilcrow")),
        ("heading", HeadingBlock()),
        ("quote", QuoteBlock()),
        ("image", ImageBlock()),
        *INFOGRAPHIC_BLOCKS,
    ]
