"""Text as PDFs and word processors leave it, made readable: hyphenated line breaks joined
("klynge-\\nmidler" → "klyngemidler"), page footers ("Side 18", a bare page number) removed,
private-use bullet glyphs made "•", non-breaking and soft hyphens normalised."""

from __future__ import annotations

import re

_PUA = re.compile("[\ue000-\uf8ff]")
_FOOTER = re.compile(r"^[ \t]*(?:side|page|s\.)[ \t]+\d{1,4}(?:[ \t]*(?:af|/|of)[ \t]*\d{1,4})?[ \t]*$",
                     re.IGNORECASE | re.MULTILINE)
# (each pattern begins with a literal character so the regex engine skips ahead fast)
_BARE_NUMBER = re.compile(r"(\n[ \t]*\n)[ \t]*\d{1,3}[ \t]*(?=\n[ \t]*\n|\n?$)")
# a word broken at the line end: lower-case letter, hyphen, line break(s), lower-case letter;
# "børne- og unge" (a suspended compound) is left alone
_HYPHEN_BREAK = re.compile(
    r"-(?<=[a-zæøåéü]-)[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?!(?:og|eller|samt|til|&)\b)(?=[a-zæøåéü])")
_HYPHEN_KEEP = re.compile(r"-(?<=[0-9A-ZÆØÅ]-)[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?=[0-9A-ZÆØÅa-zæøå])")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_TOC_LINE = re.compile(r"^.*(?:\.{4,}|…{2,}|\. \. \. )[ \t]*\d{1,4}[ \t]*$", re.MULTILINE)


_PAGE_NUMBER = re.compile(r"\s*(?:(?:side|page)\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?\s*", re.IGNORECASE)


def page_text(text: str) -> str:
    """One page's text with its running footer or header page number removed."""
    text = text.replace("\r\n", "\n").strip("\n\r ")
    cut = text.rfind("\n")
    if cut != -1 and _PAGE_NUMBER.fullmatch(text, cut + 1):
        text = text[:cut].rstrip()
    cut = text.find("\n")
    if cut != -1 and _PAGE_NUMBER.fullmatch(text, 0, cut):
        text = text[cut + 1:]
    return text


def clean(text: str) -> str:
    """The whole document's text, cleaned (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    # PDFium marks a word it joined at a line-end hyphen with U+FFFE
    text = text.replace("\ufffe", "").replace("\u0002", "")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\u2011", "-").replace("\t", " ")
    text = _PUA.sub("•", text)
    text = _FOOTER.sub("", text)
    if "...." in text or "……" in text or ". . . " in text:
        text = _TOC_LINE.sub("", text)
    text = _BARE_NUMBER.sub(r"\1", text)
    text = _HYPHEN_BREAK.sub("", text)
    text = _HYPHEN_KEEP.sub("-", text)
    text = _TRAILING.sub("", text)
    return text
