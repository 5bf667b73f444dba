"""How fast minutes come in from text PDFs, next to the PDF library alone.

For each size (5–100 pages; bench/minutes_pdf.py writes the files, seeded) the script times,
interleaved so both see the same machine load:

- library: pypdfium2 opens the file and extracts every page's text (nothing else);
- ingest:  core.minutes.ingest_file on the same file (read + clean + redact + parse).

It prints pages per second for ingest and the ratio ingest / library (median of the rounds).
Targets (issue 9): at least 50 pages a second and a ratio of at most 2.

    .venv/bin/python bench/ingest_pdf.py [--rounds 7] [--sizes 5,20,50,100] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.minutes_pdf import synthetic_minutes, text_pdf  # noqa: E402
from core.minutes import ingest_file  # noqa: E402


def library_only(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    chars = 0
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return chars


def measure(path: Path, rounds: int) -> dict:
    library, ingest = [], []
    meeting = None
    for _ in range(rounds):
        start = time.perf_counter()
        library_only(path)
        library.append(time.perf_counter() - start)
        start = time.perf_counter()
        meeting = ingest_file(path)
        ingest.append(time.perf_counter() - start)
    pages = meeting.pages
    lib, ing = statistics.median(library), statistics.median(ingest)
    return {"pages": pages, "items": len(meeting.items), "library_ms": round(lib * 1000, 1),
            "ingest_ms": round(ing * 1000, 1), "pages_per_s": round(pages / ing, 1), "ratio": round(ing / lib, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", default="5,20,50,100")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"referat-{size}.pdf"
            path.write_bytes(text_pdf(synthetic_minutes(size)))
            library_only(path)  # warm-up: PDFium loaded, file in the page cache
            ingest_file(path)
            rows.append(measure(path, args.rounds))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"{'pages':>5} {'items':>5} {'library ms':>10} {'ingest ms':>10} {'pages/s':>8} {'ratio':>6}")
        for r in rows:
            print(f"{r['pages']:>5} {r['items']:>5} {r['library_ms']:>10} {r['ingest_ms']:>10} "
                  f"{r['pages_per_s']:>8} {r['ratio']:>6}")
    ok = all(r["pages_per_s"] >= 50 and r["ratio"] <= 2 for r in rows)
    print("mål nået" if ok else "mål IKKE nået", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
