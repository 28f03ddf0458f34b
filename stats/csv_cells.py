"""CSV cells that no spreadsheet runs as a formula, and read back exactly as they were.

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (CSV injection: `=HYPERLINK(...)`, `=cmd|...`). `encode_cell` writes such a
cell with a leading apostrophe, which spreadsheets show as text; `decode_cell` removes it again, so
whoever reads our CSV files back (an importer) gets the original value. A cell that already begins with
apostrophes before such a character gets one more, so the rule is reversible for every string.

Plain numbers ("-3", "+4.5") are data, not formulas: they are written as they are, so numeric columns
stay machine-readable.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _needs_escape(text: str) -> bool:
    return text.lstrip(ESCAPE).startswith(TRIGGERS) and not _NUMBER.fullmatch(text)


def encode_cell(value) -> str:
    """The text to write for `value` (None is an empty cell)."""
    text = "" if value is None else str(value)
    return ESCAPE + text if _needs_escape(text) else text


def decode_cell(text: str) -> str:
    """The value `encode_cell` was given, from the text it wrote."""
    if text.startswith(ESCAPE) and _needs_escape(text[1:]):
        return text[1:]
    return text


def encode_row(values) -> list[str]:
    return [encode_cell(value) for value in values]


def decode_row(texts) -> list[str]:
    return [decode_cell(text) for text in texts]
