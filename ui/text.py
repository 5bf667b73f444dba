"""Show curated or imported text safely: never as HTML, and without Markdown surprises."""

from __future__ import annotations

import re

import streamlit as st

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$])")


def escape(text: str) -> str:
    """Backslash-escape Markdown punctuation so the text shows exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain(text: str | None, *, empty: str = "") -> None:
    """Paragraphs of source text as written (line breaks kept), no HTML, no Markdown."""
    if not text or (isinstance(text, float)):
        if empty:
            st.caption(empty)
        return
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        st.markdown("  \n".join(escape(line) for line in paragraph.splitlines()))


def table(frame) -> None:
    """A small table shown whole (wrapped, no scrolling). st.table renders its cells as
    Markdown, so text cells are escaped first."""
    st.table(frame.map(lambda cell: escape(cell) if isinstance(cell, str) else cell), hide_index=True)
