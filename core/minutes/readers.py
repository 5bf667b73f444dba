"""One reader per format, each giving the document's text: PDF (pypdfium2, PDFium's text
layer), DOCX (python-docx), HTML (lxml), Markdown and plain text.

Headings come out as Markdown headings ("## Indstilling"), list items as "- …" and table rows
as "cell | cell", so one parser serves every format. A file that cannot be read raises
UnreadableFile with one Danish sentence: a PDF without text (scanned), an encrypted PDF, an
unknown format, a file over 50 MB."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.minutes.layout import page_text

MAX_BYTES = 50 * 1024 * 1024
MIN_TEXT_PER_PAGE = 20  # fewer letters than this on every page: a scan

Progress = Callable[[int, int], None]
_NOT_LETTER = re.compile(r"[\W\d_]+")


class UnreadableFile(Exception):
    """A file the importer cannot read; str() is one Danish sentence."""


@dataclass
class Document:
    text: str
    kind: str  # pdf, docx, html, markdown, text
    pages: int = 1
    warnings: list[str] = field(default_factory=list)


def kind_of(path: Path, head: bytes) -> str | None:
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx" if suffix in (".docx", ".docm", "") or _is_docx(path) else None
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    sniff = head[:512].lstrip().lower()
    if sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".txt", ".text", "") and b"\x00" not in head:
        return "text"
    return None


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_document(path: Path, progress: Progress | None = None) -> Document:
    if not path.is_file():
        raise UnreadableFile("filen findes ikke.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableFile(f"filen er {size / 1024 / 1024:.0f} MB; grænsen er 50 MB.")
    with path.open("rb") as handle:
        head = handle.read(2048)
    kind = kind_of(path, head)
    if kind is None:
        label = path.suffix.lower() or "uden endelse"
        hint = " Gem den som .docx eller PDF." if path.suffix.lower() in (".doc", ".rtf", ".odt", ".pages") else ""
        raise UnreadableFile(f"ukendt filformat ({label}); kun PDF, DOCX, HTML, Markdown og tekst kan læses.{hint}")
    reader = {"pdf": read_pdf, "docx": read_docx, "html": read_html, "markdown": read_plain,
              "text": read_plain}[kind]
    document = reader(path, progress) if kind == "pdf" else reader(path)
    if kind != "pdf" and progress:
        progress(1, 1)
    return document


# --- PDF -----------------------------------------------------------------------------------

def read_pdf(path: Path, progress: Progress | None = None) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFile("PDF'en er krypteret (beskyttet med adgangskode) og kan ikke læses.") from exc
        raise UnreadableFile("PDF'en er beskadiget og kan ikke læses.") from exc
    try:
        total = len(pdf)
        pages: list[str] = []
        empty: list[int] = []
        for index in range(total):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            if len(text) < 400 and len(_NOT_LETTER.sub("", text)) < MIN_TEXT_PER_PAGE:
                empty.append(index + 1)
            pages.append(page_text(text))
            if progress:
                progress(index + 1, total)
    finally:
        pdf.close()
    if total == 0 or len(empty) == total:
        raise UnreadableFile("PDF'en har ingen tekst (den er måske scannet); kør tekstgenkendelse (OCR) først.")
    warnings = []
    if empty:
        listed = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        warnings.append(f"Side {listed} har ingen tekst (scannet?) og er ikke læst.")
    return Document("\n".join(pages), "pdf", total, warnings)


# --- DOCX ----------------------------------------------------------------------------------

def read_docx(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise UnreadableFile("DOCX-filen er beskadiget og kan ikke læses.") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                lines.append("")
                continue
            style = (block.style.name if block.style is not None else "") or ""
            level = re.search(r"(?:heading|overskrift)\s*(\d)", style, re.IGNORECASE)
            if style.lower() == "title":
                lines.append(f"# {text}")
            elif level:
                lines.append(f"{'#' * int(level.group(1))} {text}")
            elif "list" in style.lower() or "liste" in style.lower():
                lines.append(f"- {text}")
            else:
                lines.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if not cells or cells[-1] != value:  # merged cells repeat
                        cells.append(value)
                lines.append(" | ".join(cells))
            lines.append("")
    return Document("\n".join(lines), "docx")


# --- HTML ----------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "form", "button", "svg", "template", "head"}
_BLOCK = {"p", "div", "section", "article", "main", "aside", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
          "pre", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "address", "figure",
          "figcaption", "details", "summary", "fieldset", "center"}


def _inline_text(element) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in _SKIP:
            return
        if tag.lower() == "br":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()


def _html_lines(element, out: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in _SKIP:
        return
    if re.fullmatch(r"h[1-6]", tag):
        out.extend(["", f"{'#' * int(tag[1])} {_inline_text(element)}", ""])
        return
    if tag == "table":
        for row in element.iter("tr"):
            cells = [" ".join(_inline_text(c).split()) for c in row if isinstance(c.tag, str)
                     and c.tag.lower() in ("td", "th")]
            if any(cells):
                out.append(" | ".join(cells))
        out.append("")
        return
    has_block = any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK for c in element)
    if tag == "li" and not has_block:
        out.append(f"- {_inline_text(element)}")
        return
    if not has_block:
        text = _inline_text(element)
        if text:
            out.extend([text, ""] if tag in ("p", "div", "dd", "dt") else [text])
        return
    if element.text and element.text.strip():
        out.append(element.text.strip())
    for child in element:
        _html_lines(child, out)
        if child.tail and child.tail.strip():
            out.append(child.tail.strip())


def read_html(path: Path) -> Document:
    import lxml.html

    raw = path.read_bytes()
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.IGNORECASE)
    try:
        text = raw.decode(declared.group(1).decode()) if declared else _decode(raw)
    except (LookupError, UnicodeDecodeError):
        text = _decode(raw)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError or ValueError on empty/broken input
        raise UnreadableFile("HTML-filen er tom eller beskadiget og kan ikke læses.") from exc
    body = root.find("body")
    out: list[str] = []
    _html_lines(body if body is not None else root, out)
    return Document("\n".join(out), "html")


# --- Markdown and plain text ---------------------------------------------------------------

def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp1252", errors="replace")


def read_plain(path: Path) -> Document:
    raw = path.read_bytes()
    text = _decode(raw)
    if "\x00" in text:
        raise UnreadableFile("filen er ikke tekst (ukendt filformat).")
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return Document(text, kind)
