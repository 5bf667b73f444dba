"""Text PDFs written by hand (no PDF library): minutes of any length for the ingest
benchmark and the tests.

A page is a list of lines set in Helvetica (one of the PDF standard fonts, so no font file
is embedded) with WinAnsiEncoding, which covers Danish letters, the en dash, curly quotes
and the bullet. Lines are laid out top to bottom; nothing wraps."""

from __future__ import annotations

import random
import zlib

PAGE_LINES = 48


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[str]) -> bytes:
    out = [b"BT /F1 10 Tf 12 TL 56 790 Td"]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def text_pdf(pages: list[list[str]], *, image_only: bool = False) -> bytes:
    """A PDF with one page per list of lines. image_only=True draws grey boxes instead of
    text: a page with marks on it but no text layer, as a scanner makes."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    page_tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if image_only:
            stream = b"0.5 g " + b" ".join(f"56 {790 - 14 * i} 480 9 re f".encode() for i in range(len(lines)))
        else:
            stream = _content(lines)
        packed = zlib.compress(stream)
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (page_tree, font, content)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def paginate(lines: list[str], per_page: int = PAGE_LINES) -> list[list[str]]:
    """Lines cut into pages, each ending in a footer "Side N" as the regions' PDFs do."""
    pages = []
    for start in range(0, len(lines), per_page - 2):
        number = len(pages) + 1
        pages.append(lines[start:start + per_page - 2] + ["", f"Side {number}"])
    return pages


_FILLER = (
    "Faglig sundhedsklynge har drøftet det tværsektorielle samarbejde om indlæggelser og udskri-",
    "velser med fokus på den ældre medicinske patient og borgere med kronisk sygdom.",
    "Arbejdsgruppen foreslår at fokusere på 65+årige borgere, som er skrøbelige, og vil",
    "inddrage data om genindlæggelser inden for 30 dage og færdigbehandlede ventedage.",
    "Udgifterne svarer til ca. 0,5 mio. kr. pr. kommune og 244.350kr/år for det første spor.",
    "Der var enighed om at genbesøge de eksisterende aftaler den 23. november 2023 kl. 10.",
)


def synthetic_minutes(pages: int, seed: int = 9) -> list[list[str]]:
    """Minutes of about `pages` pages: a header, then items of 2–4 pages each with
    Indstilling, Beslutning and Sagsfremstilling, amounts and hyphenated line breaks."""
    rng = random.Random(seed)
    lines = ["Referat", "Politisk Sundhedsklynge Nord", "Mødedato: 10. maj 2023 kl. 10:00",
             "Mødested: Nordsjællands Hospital, Hillerød", ""]
    item = 0
    target = pages * (PAGE_LINES - 2)
    while len(lines) < target - 20:
        item += 1
        lines += [f"{item}. Indsats nummer {item} for klyngen - beslutning", "", "INDSTILLING", "",
                  "Det indstilles:", "",
                  f"at Politisk sundhedsklynge Nord godkender indsats {item} for {rng.randint(1, 9)},"
                  f"{rng.randint(1, 9)} mio. kr.", "", "POLITISK BEHANDLING", "", "Udvalgets beslutning:", "",
                  "Politisk sundhedsklynge Nord godkendte indstillingen.", "", "SAGSFREMSTILLING", ""]
        for _ in range(rng.randint(60, 160)):
            lines.append(rng.choice(_FILLER))
        lines.append("")
    return paginate(lines[:target])
