"""Text as PDFs and word processors leave it, made readable: hyphenated line breaks joined
("klynge-\\nmidler" → "klyngemidler"), page footers ("Side 18", a bare page number) removed,
private-use bullet glyphs made "•", non-breaking and soft hyphens normalised."""

from __future__ import annotations

import re

_PUA = re.compile("[\ue000-\uf8ff]")
_FOOTER = re.compile(r"^[ \t]*(?:side|page|s\.)[ \t]+\d{1,4}(?:[ \t]*(?:af|/|of)[ \t]*\d{1,4})?[ \t]*$",
                     re.IGNORECASE | re.MULTILINE)
_BARE_NUMBER = re.compile(r"(?:(?<=\n)|^)[ \t]*\d{1,3}[ \t]*\n(?=[ \t]*\n)")
_BARE_AFTER_BLANK = re.compile(r"(?<=\n)[ \t]*\n[ \t]*\d{1,3}[ \t]*(?=\n[ \t]*\n|$)")
# a word broken at the line end: lower-case letter, hyphen, line break(s), lower-case letter;
# "børne- og unge" (a suspended compound) is left alone
_HYPHEN_BREAK = re.compile(
    r"([a-zæøåéü])-[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?!(?:og|eller|samt|til|&)\b)([a-zæøåéü])")
_HYPHEN_KEEP = re.compile(r"([0-9A-ZÆØÅ])-[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*([0-9A-ZÆØÅa-zæøå])")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_TOC_LINE = re.compile(r"^.*(?:\.{4,}|…{2,}|\. \. \. )[ \t]*\d{1,4}[ \t]*$", re.MULTILINE)


def page_text(text: str) -> str:
    """One page's text with its running footer or header page number removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and re.fullmatch(r"\s*(?:(?:side|page)\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?\s*", lines[-1], re.I):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and re.fullmatch(r"\s*(?:(?:side|page)\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?\s*", lines[0], re.I):
        lines.pop(0)
    return "\n".join(lines)


def clean(text: str) -> str:
    """The whole document's text, cleaned (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    # PDFium marks a word it joined at a line-end hyphen with U+FFFE
    text = text.replace("\ufffe", "").replace("\u0002", "")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\u2011", "-").replace("\t", " ")
    text = _PUA.sub("•", text)
    text = _FOOTER.sub("", text)
    text = _TOC_LINE.sub("", text)
    text = _BARE_NUMBER.sub("\n", text)
    text = _BARE_AFTER_BLANK.sub("", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = _HYPHEN_KEEP.sub(r"\1-\2", text)
    text = _TRAILING.sub("", text)
    return text
