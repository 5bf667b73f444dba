"""Readable ASCII ids from Danish names."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, max_length: int = 40) -> str:
    """'Forslag Å/2' → 'forslag-aa-2'; '' when nothing is left."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_length].strip("-")
