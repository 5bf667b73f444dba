"""Show user, curated or imported text safely: never as HTML, and without Markdown surprises.

Streamlit renders Markdown in far more places than st.markdown: widget labels (toggle,
slider, checkbox, button, expander titles, tabs), st.info/warning/success/error, captions,
subheaders and metric labels. Any text that comes from data (scenario names, authors, notes,
focus areas, initiative names, imported files) goes into those places only through `inline`
(one line) or `plain` (paragraphs): every character that could start Markdown, a link, an
image, a heading, LaTeX (`$`), a colour directive (`:red[`) or an HTML tag (`<`) is
backslash-escaped, so it shows exactly as written. Dataframe cells are plain already.
"""

from __future__ import annotations

import re
from functools import lru_cache

import streamlit as st

# Every ASCII punctuation character CommonMark lets us backslash-escape that any Markdown,
# GFM, math, directive or HTML syntax could start with.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$&=\"'^%@/])")
_WHITESPACE = re.compile(r"\s+")
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|www|xmpp)(?=\\[:.])|@")
WORD_JOINER = "\u2060"
MAX_INLINE = 300  # a label is one line; longer data text is cut with an ellipsis


def escape(text: object) -> str:
    """Backslash-escape Markdown punctuation so the text shows exactly as written.

    GitHub-flavoured Markdown also turns bare addresses (http://…, www.…, name@host) into
    links after escapes are resolved, so an invisible word joiner (U+2060) is put after the
    scheme, after "www" and after "@": the text reads the same and is never a link."""
    text = "" if text is None else str(text)
    # A live view escapes the same ~100 short texts (labels, cells) on every slider move.
    return _escaped_short(text) if len(text) <= MAX_INLINE else _escaped(text)


def _escaped(text: str) -> str:
    return _AUTOLINK.sub("\\g<0>" + WORD_JOINER, _MARKDOWN_SPECIAL.sub(r"\\\1", text))


_escaped_short = lru_cache(maxsize=8192)(_escaped)


def inline(text: object, *, limit: int = MAX_INLINE) -> str:
    """Data text for a Markdown place that holds one line (labels, boxes, captions, titles):
    whitespace (line breaks too) collapsed to single spaces, cut at `limit` characters,
    then escaped. Use it for every data value inside an f-string given to Streamlit."""
    flat = _WHITESPACE.sub(" ", "" if text is None else str(text)).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return escape(flat)


def plain(text: str | None, *, empty: str = "") -> None:
    """Paragraphs of source text as written (line breaks kept), no HTML, no Markdown."""
    if not text or (isinstance(text, float)):
        if empty:
            st.caption(empty)
        return
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        st.markdown("  \n".join(escape(line) for line in paragraph.splitlines()))


EMPTY_TABLE = "Ingen rækker at vise."  # instead of st.table's English "empty"


def table(frame) -> None:
    """A small table shown whole (wrapped, no scrolling). st.table renders its cells as
    Markdown, so text cells are escaped first."""
    if frame.empty:
        st.caption(EMPTY_TABLE)
        return
    st.table(frame.map(lambda cell: escape(cell) if isinstance(cell, str) else cell), hide_index=True)


def table_styled(styler) -> None:
    """A pandas Styler shown whole as st.table (wrapped, never scrolled sideways). The caller
    escapes every header, index label and cell (st.table renders all of them as Markdown)."""
    if styler.data.empty:
        st.caption(EMPTY_TABLE)
        return
    st.table(styler)
