"""Exports of a scenario for the minutes: the scenario JSON, an XLSX workbook and a draft
decision note (DOCX) in the minutes' own shape (Indstilling, Økonomi, Principper).

Pure functions from a `klyngeblik-scenario/1` document (and its evaluated result) to bytes;
no store, no Streamlit. Money is whole kroner as in the engine; the XLSX keeps numbers as
numbers, the note shows them the Danish way via core.formatting.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core import formatting
from core.privacy import redact_emails
from core.formatting import dkk
from core.scenario import Line, Scenario, parse, scaled

KRONER = "#,##0"
SHARE = "0.0%"
SCALE = "0.00"
SEVERITY = {"error": "Fejl", "warning": "Advarsel"}
COST_TYPE = {"udvikling": "Udvikling", "drift": "Drift"}
CHECKED = "B (udgifter inden for midlerne), D (fordeling mellem fokusområder) og E (ingen driftsudgifter)"
MIN_WIDTH, MAX_WIDTH = 10, 60


def scenario_json(document: dict) -> bytes:
    """The document as UTF-8 JSON (Danish letters kept, indented); validated first so the
    file always loads again through scenario.parse."""
    parse(document)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- shared helpers -------------------------------------------------------------------------


def _clean(text: Any) -> str:
    """Text for an export: never an e-mail address (personal data the product has no use for)."""
    return redact_emails(str(text))


def _line_costs(line: Line) -> dict[int, int]:
    """The line's scaled cost per year (whole kroner, as the engine counts it)."""
    costs: dict[int, int] = {}
    for year, amount in line.costs:
        costs[year] = costs.get(year, 0) + scaled(line.scale, amount)
    return costs


def _years(lines: Sequence[Line]) -> list[int]:
    return sorted({year for line in lines for year, _ in line.costs})


def _area_names(parsed: Scenario) -> dict[str, str]:
    return {area.id: area.name for area in parsed.focus_areas}


def _danish_list(parts: Sequence[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"


def _ja_nej(value: bool) -> str:
    return "Ja" if value else "Nej"


# -- XLSX ---------------------------------------------------------------------------------


def scenario_xlsx(document: dict, result: dict, *, cluster_label: str | None = None) -> bytes:
    """A workbook with a sheet per table: Oversigt, År, Fokusområder, Kommuner, Initiativer,
    Principper. Kroner are ints formatted '#,##0', shares floats formatted '0.0%'. The
    overview names the cluster by `cluster_label` when given, else by the document's id."""
    parsed = parse(document)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _overview_sheet(workbook, parsed, result, cluster_label or parsed.cluster_id)
    _years_sheet(workbook, result)
    _focus_areas_sheet(workbook, result)
    _municipalities_sheet(workbook, result)
    _lines_sheet(workbook, parsed)
    _findings_sheet(workbook, result)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list[Any]],
                 formats: dict[int, str] | None = None, total: list[Any] | None = None):
    """A sheet with a bold, frozen header row; `formats` maps a 0-based column to its number
    format. Text in `rows` never becomes a formula (a name starting with '=' stays text);
    `total` is a bold last row whose strings may be formulas (=SUM(…))."""
    formats = formats or {}
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_clean(v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif cell.column - 1 in formats:
                cell.number_format = formats[cell.column - 1]
    if total:
        sheet.append(total)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            if cell.column - 1 in formats:
                cell.number_format = formats[cell.column - 1]
    sheet.freeze_panes = "A2"
    _set_widths(sheet, headers, rows, formats)
    return sheet


def _shown_width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if number_format == KRONER and isinstance(value, int | float):
        return len(f"{value:,.0f}")
    if number_format == SHARE:
        return 7
    return len(str(value))


def _set_widths(sheet, headers: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
    for index, header in enumerate(headers):
        longest = max([len(header)] + [_shown_width(row[index], formats.get(index)) for row in rows])
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(MIN_WIDTH, min(longest + 3, MAX_WIDTH))


def _overview_sheet(workbook: Workbook, parsed: Scenario, result: dict, cluster: str) -> None:
    settings = parsed.settings
    rows = [
        ["Navn", parsed.name, None],
        ["Klynge", cluster, None],
        ["Klyngemidler", result["funds_dkk"], KRONER],
        ["Pulje (H)", result["pool_dkk"], KRONER],
        ["Disponibelt", result["available_dkk"], KRONER],
        ["Fordelt", result["allocated_dkk"], KRONER],
        ["Rest", result["remaining_dkk"], KRONER],
        ["Regionen betaler", result["region_dkk"], KRONER],
        ["Kommunerne betaler", result["municipalities_dkk"], KRONER],
        ["Overførsel (G)", _ja_nej(settings.carry_over), None],
        ["Regionens andel", settings.region_share, SHARE],
        ["Tolerance", settings.balance_tolerance, SHARE],
        ["Kilde", f"Scenariet «{parsed.name}» og dets klyngemidler, beregnet af Klyngeblik", None],
    ]
    sheet = _write_sheet(workbook, "Oversigt", ["Post", "Værdi"], [[label, value] for label, value, _ in rows])
    for row_number, (_, _, number_format) in enumerate(rows, start=2):
        if number_format:
            sheet.cell(row_number, 2).number_format = number_format


def _years_sheet(workbook: Workbook, result: dict) -> None:
    headers = ["År", "Midler", "Overført fra året før", "Disponibelt", "Fordelt", "Rest"]
    rows = [
        [y["year"], y["funds_dkk"], y["carried_in_dkk"], y["available_dkk"], y["allocated_dkk"], y["remaining_dkk"]]
        for y in result["years"]
    ]
    _write_sheet(workbook, "År", headers, rows, {i: KRONER for i in range(1, 6)})


def _focus_areas_sheet(workbook: Workbook, result: dict) -> None:
    headers = ["Fokusområde", "Fordelt", "Andel", "Mål", "Loft"]
    rows = [[a["name"], a["allocated_dkk"], a["share"], a["target_share"], a["cap_dkk"]] for a in result["focus_areas"]]
    _write_sheet(workbook, "Fokusområder", headers, rows, {1: KRONER, 2: SHARE, 3: SHARE, 4: KRONER})


def _municipalities_sheet(workbook: Workbook, result: dict) -> None:
    headers = ["Kommune", "Folketal", "Bidrag", "Modtaget", "Netto"]
    rows = [
        [m["name"], m["population"], m["contribution_dkk"], m["received_dkk"], m["net_dkk"]]
        for m in result["municipalities"]
    ]
    last = len(rows) + 1
    total = ["I alt"] + ([f"=SUM({col}2:{col}{last})" for col in "BCDE"] if rows else [0, 0, 0, 0])
    _write_sheet(workbook, "Kommuner", headers, rows, {i: KRONER for i in range(1, 5)}, total)


def _lines_sheet(workbook: Workbook, parsed: Scenario) -> None:
    """Every line, included or not, at its scaled cost; the total row counts only those
    with Med = Ja (the allocated amount)."""
    years = _years(parsed.lines)
    headers = ["Initiativ", "Fokusområde", "Udgiftstype", "Med", "Skala"] + [str(y) for y in years] + ["I alt"]
    areas = _area_names(parsed)
    rows = []
    for line in parsed.lines:
        costs = _line_costs(line)
        rows.append(
            [line.name, areas.get(line.focus_area) if line.focus_area else None, COST_TYPE[line.cost_type],
             _ja_nej(line.included), line.scale]
            + [costs.get(year) for year in years]
            + [sum(costs.values())]
        )
    money = {i: KRONER for i in range(5, 6 + len(years))}
    last = len(rows) + 1
    sums = [
        f'=SUMIF($D$2:$D${last},"Ja",{get_column_letter(i + 1)}2:{get_column_letter(i + 1)}{last})' if rows else 0
        for i in sorted(money)
    ]
    total = ["I alt (med)", None, None, None, None] + sums
    _write_sheet(workbook, "Initiativer", headers, rows, {4: SCALE} | money, total)


def _findings_sheet(workbook: Workbook, result: dict) -> None:
    rows = [[f["principle"], SEVERITY.get(f["severity"], f["severity"]), f["message"]] for f in result["findings"]]
    # What was checked, principle by principle (never a blanket "overholder principperne").
    rows += [[c["principle"], c["status"], c["message"]] for c in result.get("checks", [])]
    _write_sheet(workbook, "Principper", ["Princip", "Alvor", "Besked"], rows)


# -- DOCX ---------------------------------------------------------------------------------


def decision_note_docx(document: dict, result: dict, *, cluster_label: str,
                       body_name: str = "Politisk Sundhedsklynge", drafted: dt.date | None = None) -> bytes:
    """A draft decision note in the minutes' shape: Indstilling ("Det indstilles," and
    "at …" clauses naming the amounts), Økonomi (initiatives by year, municipalities),
    Principper (the findings) and Kilde. `drafted` is the date on the draft (today)."""
    parsed = parse(document)
    body_name = _clean(body_name)
    note = Document()
    note.core_properties.title = _clean(f"{parsed.name}: udmøntning af klyngemidler")
    note.core_properties.author = "Klyngeblik"
    note.core_properties.last_modified_by = "Klyngeblik"
    note.core_properties.language = "da-DK"
    note.add_heading(_clean(f"{parsed.name}: udmøntning af klyngemidler"), level=1)
    note.add_paragraph(_clean(cluster_label))
    note.add_paragraph(f"Udkast fra Klyngeblik, {formatting.date(drafted or dt.date.today())}").runs[0].italic = True
    _recommendation(note, parsed, result, body_name)
    _economy(note, parsed, result)
    _principles(note, result)
    _source(note, parsed, cluster_label)
    buffer = io.BytesIO()
    note.save(buffer)
    return buffer.getvalue()


def recommendation_clauses(parsed: Scenario, result: dict, body_name: str) -> list[str]:
    """The "at …" clauses of the Indstilling, in the minutes' order: what is allocated to
    which initiative, how it is financed, and what happens to the rest."""
    included = [line for line in parsed.lines if line.included]
    clauses = [_line_clause(line, body_name) for line in included]
    paid = [line for line in included if sum(_line_costs(line).values()) > 0]
    if paid:
        subject = "initiativet finansieres" if len(paid) == 1 else "initiativerne finansieres"
        clauses.append(
            f"at {subject} med {dkk(result['region_dkk'])} fra regionen og {dkk(result['municipalities_dkk'])} "
            "fra kommunerne fordelt efter befolkningsandel"
        )
    remaining = result["remaining_dkk"]
    if remaining > 0:
        fate = "overføres til næste år" if parsed.settings.carry_over else "ikke udmøntes"
        clauses.append(f"at de resterende {dkk(remaining)} {fate}")
    return [_clean(clause) for clause in clauses]


def _line_clause(line: Line, body_name: str) -> str:
    costs = _line_costs(line)
    total = sum(costs.values())
    if total == 0:
        return f"at {body_name} godkender, at {line.name} gennemføres uden udgift for klyngemidlerne"
    clause = f"at {body_name} godkender, at der udmøntes {dkk(total)} til {line.name}"
    # No parentheses around the years: initiative names often end in one of their own.
    if len(costs) == 1:
        return f"{clause} i {next(iter(costs))}"
    return f"{clause}, heraf " + _danish_list([f"{dkk(amount)} i {year}" for year, amount in sorted(costs.items())])


def _recommendation(note, parsed: Scenario, result: dict, body_name: str) -> None:
    note.add_heading("Indstilling", level=2)
    note.add_paragraph("Det indstilles,")
    clauses = recommendation_clauses(parsed, result, body_name)
    if not clauses:
        note.add_paragraph("(Scenariet medtager ingen initiativer, og der er ingen midler at disponere.)")
    for clause in clauses:
        note.add_paragraph(clause).paragraph_format.left_indent = Pt(18)
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    if errors:
        note.add_paragraph(
            f"Bemærk: scenariet bryder principperne på {len(errors)} punkt{'er' if len(errors) > 1 else ''}; "
            "se Principper nedenfor."
        ).runs[0].bold = True


def _economy(note, parsed: Scenario, result: dict) -> None:
    note.add_heading("Økonomi", level=2)
    note.add_paragraph(
        f"Klyngemidlerne udgør {dkk(result['funds_dkk'])}, heraf en pulje (princip H) på {dkk(result['pool_dkk'])}, "
        f"så {dkk(result['available_dkk'])} er disponible. Scenariet fordeler {dkk(result['allocated_dkk'])}, "
        f"{_rest_phrase(result['remaining_dkk'])}. Regionen betaler {formatting.pct(parsed.settings.region_share)} "
        f"({dkk(result['region_dkk'])}), kommunerne resten ({dkk(result['municipalities_dkk'])}) "
        "fordelt efter befolkningsandel (princip A)."
    )
    included = [line for line in parsed.lines if line.included]
    if included:
        _lines_table(note, included)
    else:
        note.add_paragraph("Scenariet medtager ingen initiativer.")
    if result["municipalities"]:
        note.add_paragraph(
            "Kommunernes bidrag er deres andel efter folketal; modtaget er de midler, initiativerne tildeler "
            "kommunen; netto er modtaget minus bidrag."
        )
        _municipalities_table(note, result["municipalities"])
    else:
        note.add_paragraph("Scenariet har ingen kommuner med folketal, så bidragene kan ikke fordeles.")


def _rest_phrase(remaining: int) -> str:
    if remaining >= 0:
        return f"og {dkk(remaining)} er ikke fordelt"
    return f"hvilket er {dkk(-remaining)} mere end de disponible midler"


def _table(note, headers: list[str], rows: list[list[str]], total: list[str] | None = None) -> None:
    """A grid table; every column but the first is right-aligned money."""
    table = note.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for index, header in enumerate(headers):
        table.rows[0].cells[index].text = header
    for row in rows + ([total] if total else []):
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = _clean(value)
    for row_index, row in enumerate(table.rows):
        bold = row_index == 0 or (total is not None and row_index == len(table.rows) - 1)
        for index, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                if index > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.bold = bold


def _lines_table(note, lines: list[Line]) -> None:
    years = _years(lines)
    rows, totals = [], {year: 0 for year in years}
    for line in lines:
        costs = _line_costs(line)
        for year, amount in costs.items():
            totals[year] += amount
        rows.append([line.name] + [dkk(costs[y]) if y in costs else "–" for y in years] + [dkk(sum(costs.values()))])
    total = ["I alt"] + [dkk(totals[y]) for y in years] + [dkk(sum(totals.values()))]
    _table(note, ["Initiativ"] + [str(y) for y in years] + ["I alt"], rows, total)


def _municipalities_table(note, municipalities: list[dict]) -> None:
    rows = [[m["name"], dkk(m["contribution_dkk"]), dkk(m["received_dkk"]), dkk(m["net_dkk"])] for m in municipalities]
    total = ["I alt"] + [dkk(sum(m[key] for m in municipalities))
                         for key in ("contribution_dkk", "received_dkk", "net_dkk")]
    _table(note, ["Kommune", "Bidrag", "Modtaget", "Netto"], rows, total)


def _principles(note, result: dict) -> None:
    note.add_heading("Principper", level=2)
    findings = result["findings"]
    for finding in findings:
        severity = SEVERITY.get(finding["severity"], finding["severity"]).lower()
        note.add_paragraph(_clean(f"Princip {finding['principle']} ({severity}): {finding['message']}"),
                           style="List Bullet")
    for check in result.get("checks", []):  # what was checked: kept, broken, not decided, not possible
        note.add_paragraph(_clean(f"Princip {check['principle']} ({check['status']}): {check['message']}"),
                           style="List Bullet")
    for assumption in result.get("assumptions", []):
        note.add_paragraph(_clean(assumption), style="List Bullet")


def _source(note, parsed: Scenario, cluster_label: str) -> None:
    note.add_heading("Kilde", level=2)
    party_names = {"kommuner": "kommunerne", "region": "regionen"}
    funds = _danish_list([f"{dkk(f.amount_dkk)} fra {party_names[f.party]} i {f.year}" for f in parsed.funds])
    text = (
        f"Tallene er beregnet af Klyngeblik ud fra scenariet «{parsed.name}» for {cluster_label} "
        f"og dets klyngemidler{': ' + funds if funds else ''}. "
        "Beløb er hele kroner, afrundet halvt op; kommunernes bidrag summer præcist."
    )
    note.add_paragraph(_clean(text))
