"""Infographic blocks for the article body: each chooses figures, never holds numbers."""

INFOGRAPHIC_BLOCKS: list = []
