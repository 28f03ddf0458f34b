"""The share card of an article (og:image, twitter:image): 1200x630 PNG drawn server-side with
Pillow in the page's language, from its headline figure (the first infographic that shows one
figure: "60%" and its label) and its headline. The font is Pillow's own scalable default
(ImageFont.load_default, shipped inside the Pillow wheel), so nothing depends on the system's fonts.

Cards are cached by what they show (Django's cache), so a card is drawn again only when its text
changes: a new headline, an edited figure, another language."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.core.cache import cache as django_cache
from PIL import Image, ImageDraw, ImageFont

from core.languages import value_in
from stats import chart_data
from stats.blocks import prefetch_infographics
from stats.references import is_published

from .metadata import site_name

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (14, 42, 71)
INK = (255, 255, 255)
MUTED = (180, 200, 222)
ACCENT = (80, 200, 190)
CACHE_SECONDS = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class Card:
    site: str
    headline: str
    value: str = ""  # "60%", as the language writes it in a drawing
    label: str = ""  # what the value measures, in the language

    def key(self) -> str:
        text = "\x1f".join((self.site, self.headline, self.value, self.label))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def headline_figure(page, language: str) -> tuple[str, str]:
    """(value, label) of the first infographic in `language` that shows one published figure at one
    wave. Read from the body's blocks, whose figures the page loaded once for everything it draws
    (stats.blocks.prefetch_infographics): no query of its own when the page has been rendered."""
    body = value_in(page, "body", language)
    if not body:
        return "", ""
    prefetch_infographics(body)
    for child in body:
        value = child.value
        figure = value.get("figure") if isinstance(value, dict) else None
        wave = value.get("wave") if isinstance(value, dict) else None
        if figure is None or not wave or not is_published(figure):
            continue
        try:
            point = chart_data.point(figure, wave, language)
        except (chart_data.Unavailable, ValueError):
            continue
        return point.value.short(language), point.label
    return "", ""


def card_for(page, language: str) -> Card:
    value, label = headline_figure(page, language)
    return Card(site=site_name(), headline=value_in(page, "title", language) or "", value=value, label=label)


# The site's own typeface (self-hosted static files, Latin subset) when present; else Pillow's
# default scalable font, which lacks some accented letters ("à") and is only a fallback.
FONT_FILES = {
    "bold": "fonts/source-sans-3-latin-700-normal.woff2",
    "regular": "fonts/source-sans-3-latin-400-normal.woff2",
}


@cache
def _font(size: int, weight: str = "regular"):
    path = finders.find(FONT_FILES[weight])
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:  # a FreeType without WOFF2 support
            pass
    return ImageFont.load_default(size=size)


def _wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and font.getlength(lines[-1] + " …") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return lines


def draw(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    # The site's name, with a rule under it.
    pen.text((MARGIN, 56), card.site, font=_font(34), fill=MUTED)
    pen.rectangle([MARGIN, 108, MARGIN + 96, 114], fill=ACCENT)
    # The headline: up to three lines (two when a figure takes the lower half).
    size = 58
    lines = _wrap(card.headline, _font(size, "bold"), text_width, 2 if card.value else 4)
    y = 150
    for line in lines:
        pen.text((MARGIN, y), line, font=_font(size, "bold"), fill=INK)
        y += int(size * 1.22)
    if card.value:
        value_font = _font(150, "bold")
        top = HEIGHT - MARGIN - 150
        pen.text((MARGIN, top - 20), card.value, font=value_font, fill=ACCENT)
        value_width = int(value_font.getlength(card.value))
        label_x = MARGIN + value_width + 40
        label_lines = _wrap(card.label, _font(34), WIDTH - MARGIN - label_x, 3)
        label_y = top + 75 - len(label_lines) * 21
        for line in label_lines:
            pen.text((label_x, label_y), line, font=_font(34), fill=INK)
            label_y += 42
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png(card: Card) -> bytes:
    """The card's PNG, drawn once per distinct text."""
    key = f"share-card:{card.key()}"
    data = django_cache.get(key)
    if data is None:
        data = draw(card)
        django_cache.set(key, data, CACHE_SECONDS)
    return data
