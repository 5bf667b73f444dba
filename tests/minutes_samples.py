"""Minutes written in the tests, in each format the importer reads, all saying the same
meeting: Politisk Sundhedsklynge Nord (Region Hovedstaden), 10 May 2023."""

from __future__ import annotations

from pathlib import Path

from bench.minutes_pdf import paginate, text_pdf

HEAD = ["Referat", "Politisk Sundhedsklynge Nord", "Mødedato: den 10. maj 2023 kl. 10:00",
        "Mødested: Nordsjællands Hospital, mødelokale 2"]
PEOPLE = [("Mette Hansen", "Borgmester", "Allerød Kommune", True),
          ("Lars Jensen", "Regionsrådsmedlem", "Region Hovedstaden", False)]
ITEMS = [
    ("38", "Godkendelse af dagsorden", ["at dagsordenen godkendes."], "Godkendt.", ["Dagsordenen skal godkendes."]),
    ("39", "Beslutning om midler til STIME",
     ["at der bevilges 1,4 mio. kr. til STIME, og", "1. at kommunerne følger op", "2. at status gives"],
     "Godkendt med 0,26 mio. kr. til evaluering.",
     ["Udgiften er 12.581 t.kr. i alt (sagsnr. 23/12345, kontakt tlf. 12 34 56 78 eller a.b@rn.dk)."]),
    ("41", "Eventuelt", [], "Intet.", []),
]

EXPECTED_ITEMS = [("38", "Godkendelse af dagsorden"), ("39", "Beslutning om midler til STIME"), ("41", "Eventuelt")]


def plain_lines(glued: bool = False) -> list[str]:
    lines = list(HEAD) + ["", "Deltagere:"]
    lines += [f"• {name}, {role}, {org}" for name, role, org, came in PEOPLE if came]
    lines += ["Afbud:"] + [f"• {name}, {role}, {org}" for name, role, org, came in PEOPLE if not came]
    for no, title, rec, dec, case in ITEMS:
        lines += ["", f"{no}{title}" if glued else f"{no}. {title}", ""]
        if case:
            lines += ["Sagsfremstilling", *case, ""]
        if rec:
            lines += ["Indstilling", "Det indstilles:", *rec, ""]
        lines += ["Beslutning", dec]
    return lines


def write_text(path: Path) -> Path:
    path.write_text("\n".join(plain_lines()), encoding="utf-8")
    return path


def write_markdown(path: Path) -> Path:
    lines = [f"# {HEAD[1]}", "", f"**Mødedato** {HEAD[2].split(': ')[1]}", "", f"**Mødested** {HEAD[3].split(': ')[1]}",
             "", "## Deltagere"]
    lines += [f"- {n}, {r}, {o}" + ("" if came else " (Afbud)") for n, r, o, came in PEOPLE]
    for no, title, rec, dec, case in ITEMS:
        lines += ["", f"## Punkt {no}: {title}", ""]
        if case:
            lines += ["### Sagsfremstilling", "", *case, ""]
        if rec:
            lines += ["### Indstilling", "", "Det indstilles:", "", *rec, ""]
        lines += ["### **Beslutning**", "", dec]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_pdf(path: Path, glued: bool = True) -> Path:
    lines = plain_lines(glued=glued)
    # a word broken at the line end, as PDFs print them
    lines = [ln.replace("Udgiften er 12.581", "Udgif-\nten er 12.581") for ln in lines]
    lines = [part for ln in lines for part in ln.split("\n")]
    path.write_bytes(text_pdf(paginate(lines, per_page=20)))
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(HEAD[1], level=1)
    document.add_paragraph(HEAD[2])
    document.add_paragraph(HEAD[3])
    document.add_heading("Deltagere", level=2)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Navn", "Titel", "Organisation", "Fremmøde")):
        cell.text = text
    for name, role, org, came in PEOPLE:
        for cell, text in zip(table.add_row().cells, (name, role, org, "Deltog" if came else "Afbud")):
            cell.text = text
    for no, title, rec, dec, case in ITEMS:
        document.add_heading(f"{no}. {title}", level=2)
        if case:
            document.add_heading("Sagsfremstilling", level=3)
            for text in case:
                document.add_paragraph(text)
        if rec:
            document.add_heading("Indstilling", level=3)
            document.add_paragraph("Det indstilles:")
            for text in rec:
                document.add_paragraph(text)
        document.add_heading("Beslutning", level=3)
        document.add_paragraph(dec)
    document.save(str(path))
    return path


def write_html(path: Path) -> Path:
    """As a region's agenda portal publishes minutes: navigation, headings per item, a table
    of participants."""
    rows = "".join(f"<tr><td>{n}</td><td>{r}</td><td>{o}</td><td>{'Deltog' if c else 'Afbud'}</td></tr>"
                   for n, r, o, c in PEOPLE)
    items = []
    for no, title, rec, dec, case in ITEMS:
        parts = [f"<h2>{no}. {title}</h2>"]
        if case:
            parts.append("<h3>Sagsfremstilling</h3>" + "".join(f"<p>{t}</p>" for t in case))
        if rec:
            parts.append("<h3>Indstilling</h3><p>Det indstilles:</p><ul>" + "".join(f"<li>{t}</li>" for t in rec)
                         + "</ul>")
        parts.append(f"<h3>Beslutning</h3><div class='beslutning'><p>{dec}</p></div>")
        items.append("<section class='punkt'>" + "".join(parts) + "</section>")
    html = (
        "<!DOCTYPE html><html lang='da'><head><title>Referat</title><style>p{color:red}</style>"
        "<script>var x = '1. Ikke et punkt';</script></head><body>"
        "<nav><a href='/'>Forside</a> <a href='/moeder'>Møder</a></nav>"
        f"<main><h1>{HEAD[1]}</h1><p>{HEAD[2]}</p><p>{HEAD[3]}</p>"
        f"<h2>Deltagere</h2><table><tr><th>Navn</th><th>Titel</th><th>Organisation</th><th>Fremmøde</th></tr>"
        f"{rows}</table>{''.join(items)}</main><footer>Region Hovedstaden · Side 1</footer></body></html>"
    )
    path.write_text(html, encoding="utf-8")
    return path


WRITERS = {"txt": write_text, "md": write_markdown, "pdf": write_pdf, "docx": write_docx, "html": write_html}
