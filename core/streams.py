"""StreamField and rich text values as content, without what says nothing about the content: block
ids (a form without JavaScript gets new ones on every save), Draftail's random paragraph keys, and
the envelope newer Wagtail versions put around list items. Two saves of the same copy compare equal.
Used wherever copy is compared: concurrent edits (core.merge) and translation status."""

import re

# Draftail adds a key to each paragraph the first time rich text is saved from the editor.
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def without_block_keys(html: str) -> str:
    return BLOCK_KEY.sub("", html)


def normalised(data):
    """Stream data (or any part of it) reduced to its content."""
    if isinstance(data, dict):
        is_block = "value" in data and set(data) <= {"type", "value", "id"}
        if is_block and data.get("type") == "item":
            # ListBlock reads both `[1, 3]` and `[{"type": "item", "value": 1, "id": ...}]`.
            return normalised(data["value"])
        return {key: normalised(value) for key, value in data.items() if not (is_block and key == "id")}
    if isinstance(data, list):
        return [normalised(value) for value in data]
    if isinstance(data, str):
        return without_block_keys(data)
    return data
