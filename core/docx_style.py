"""The house style of Klyngeblik's Word documents (the decision note, the "Siden sidste møde"
item and the handover note): A4 with 2,5 cm margins, Danish as the language of the styles,
the theme and every run, core properties of the document's own, grid tables with money
right-aligned, and no e-mail address in any text.

python-docx is imported inside the functions, so importing this module costs nothing until
a document is written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from core.privacy import redact_emails

LANGUAGE = "da-DK"
MARGIN_MM, TEXT_WIDTH_MM = 25, 160  # A4: 210 mm less two margins


def clean(text: Any) -> str:
    """Text for an export: never an e-mail address (personal data the product has no use for)."""
    return redact_emails(str(text))


def now_utc() -> dt.datetime:
    """Now as naive UTC, which both python-docx and openpyxl write as W3CDTF."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def new_document(*, title: str, subject: str, comments: str, author: str = "Klyngeblik"):
    """An empty A4, Danish document with its core properties set."""
    from docx import Document

    document = Document()
    page_and_language(document)
    core_properties(document, title=title, subject=subject, comments=comments, author=author)
    return document


def page_and_language(document) -> None:
    """A4 with 2,5 cm margins; Danish as the language of the styles (Word spell-checks in
    Danish) and of the theme fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            set_lang(rpr)
    set_lang(document.styles["Normal"].element.get_or_add_rPr())
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def set_lang(rpr) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def mark_runs_danish(document) -> None:
    """Every run says it is Danish, so a style from elsewhere cannot make it English."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            set_lang(run._r.get_or_add_rPr())


def core_properties(document, *, title: str, subject: str, comments: str, author: str = "Klyngeblik") -> None:
    """Title, author, created/modified now and language: none of the template's (2013)."""
    now = now_utc()
    props = document.core_properties
    props.title = clean(title)
    props.subject = clean(subject)
    props.author = clean(author)
    props.last_modified_by = "Klyngeblik"
    props.comments = comments
    props.language = LANGUAGE
    props.created = props.modified = now
    props.revision = 1


def facts(document, rows: Sequence[tuple[str, Any, str]]) -> None:
    """Label: text lines (the header facts of a note); the middle value is for other exports."""
    for label, _, text in rows:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(clean(text))
        paragraph.paragraph_format.space_after = 0


def table(document, headers: list[str], rows: list[list[str]], total: list[str] | None = None,
          text_columns: int = 1, widths: Sequence[float] | None = None) -> None:
    """A grid table; the first `text_columns` columns are text, the rest right-aligned money.
    `widths` in millimetres (the A4 text width is 160 mm); else the columns share it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for index, header in enumerate(headers):
        grid.rows[0].cells[index].text = header
    for row in rows + ([total] if total else []):
        cells = grid.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = clean(value)
    grid.autofit = False
    widths = widths or [TEXT_WIDTH_MM / len(headers)] * len(headers)
    for index, column in enumerate(grid.columns):
        column.width = Mm(widths[index])  # the grid (LibreOffice reads it) as well as each cell (Word)
    for row_index, row in enumerate(grid.rows):
        bold = row_index == 0 or (total is not None and row_index == len(grid.rows) - 1)
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths[index])
            for paragraph in cell.paragraphs:
                if index >= text_columns:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.bold = bold


def after_table(paragraph) -> None:
    """Air between a table and the paragraph that follows it."""
    from docx.shared import Pt

    paragraph.paragraph_format.space_before = Pt(8)


def to_bytes(document) -> bytes:
    """The document, every run marked Danish, as .docx bytes."""
    mark_runs_danish(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
