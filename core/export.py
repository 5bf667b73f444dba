"""Exports of a scenario for the minutes: the scenario JSON, an XLSX workbook and a draft
decision note (DOCX) in the minutes' own shape (Indstilling, Økonomi, Principper).

Pure functions from a `klyngeblik-scenario/1` document (and its evaluated result) to bytes;
no store, no Streamlit. Money is whole kroner as in the engine; the XLSX keeps numbers as
numbers, the note shows them the Danish way via core.formatting.

The note states only what the scenario holds: a line with no cost given is "beløb ikke
angivet" (never "uden udgift"), a line the body decided at an earlier meeting is listed as
decided rather than proposed again, and the rules are named with whether the body decided
them or the scenario assumed them. Rules, checks and assumptions come from the engine's
result (`rules`, `checks`, `assumptions`) when it has them, else they are read from the
document's settings the way the engine did before it reported them.

python-docx and openpyxl are imported inside the functions that write a file, so importing
this module (every page does, through the scenario panels) costs nothing until a download
is prepared.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import clock, docx_style, formatting, scenario_edit
from core.docx_style import LANGUAGE, TEXT_WIDTH_MM
from core.docx_style import after_table as _after_table
from core.docx_style import clean as _clean
from core.docx_style import facts as _facts
from core.docx_style import mark_runs_danish as _mark_runs_danish
from core.docx_style import now_utc as _now_utc
from core.docx_style import page_and_language as _page_and_language
from core.docx_style import table as _table
from core.formatting import dkk, pct
from core.scenario import NOT_DECIDED, SETTINGS, Line, Scenario, allocated_text, decided_pool, parse, scaled
from core.scenario_tables import (
    FOCUS_PARTIAL,
    LINES_PARTIAL,
    POOL,
    YEARS_PARTIAL,
    left_out_caption,
    municipalities_caption,
    municipalities_display,
    partial,
    partial_caption,
)
from core.schema import DECIDED_STATUSES

if TYPE_CHECKING:
    from openpyxl import Workbook

KRONER = "#,##0"
SHARE = "0.0%"
SCALE = "0.00"
WHEN = "dd-mm-yyyy hh:mm"
SEVERITY = {"error": "Fejl", "warning": "Advarsel"}
COST_TYPE = {"udvikling": "Udvikling", "drift": "Drift"}
NO_AMOUNT = "beløb ikke angivet"
NOT_SAVED = "ikke gemt"
MIN_WIDTH, MAX_WIDTH = 10, 60

# The scenario's rules (settings keys) in the order the page shows them, with the engine's
# principle and label (one wording for page, note and workbook).
RULES = {key: SETTINGS[key] for key in
         ("region_share", "balance_tolerance", "carry_over", "unused_to_regional_pool", "pool_dkk")}
RULE_STATUSES = ("besluttet", "antaget", "ikke besluttet")


def scenario_json(document: dict) -> bytes:
    """The document as UTF-8 JSON (Danish letters kept, indented); validated first so the
    file always loads again through scenario.parse."""
    parse(document)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- what the export says about the scenario -------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """Which saved version the exported scenario is. `version` None: never saved; `changed`:
    the scenario on screen differs from `version` (its changes are not saved). `author` is
    the version's author, or for an unsaved scenario whoever is preparing it (if known)."""

    version: int | None = None
    author: str | None = None
    saved_at: dt.datetime | None = None
    changed: bool = False

    @property
    def saved(self) -> bool:
        return self.version is not None and not self.changed


def header_facts(parsed: Scenario, provenance: Provenance | None, cluster_label: str,
                 body_name: str, body_noun: str = "klyngen") -> list[tuple[str, Any, str]]:
    """(label, value, text) for the top of the note and the workbook's overview: the body
    ("Klynge", or "Sundhedsråd" when `body_noun` is "rådet"), the scenario, its version,
    author and time saved. `value` is typed for the workbook (int version, datetime saved),
    `text` is what the note shows."""
    p = provenance or Provenance()
    if p.version is None:
        version = (NOT_SAVED, "ikke gemt – scenariet er ikke gemt i Klyngeblik")
        author_text = f"ikke gemt (udarbejdet af {p.author})" if p.author else NOT_SAVED
        author = (author_text, author_text)
        saved = (NOT_SAVED, NOT_SAVED)
    else:
        version_text = str(p.version)
        if p.changed:
            version_text = f"{p.version}, ændret efter gemning – ændringerne er ikke gemt"
        version = (p.version if not p.changed else version_text, version_text)
        author = (p.author or "ikke angivet", p.author or "ikke angivet")
        when = formatting.datetime(p.saved_at) if p.saved_at is not None else "tidspunkt ikke angivet"
        saved = (_naive(p.saved_at) if p.saved_at is not None else when, when)
        if p.changed:
            author = (f"{author[0]} (version {p.version})",) * 2
            saved = (saved[0], f"{when} (version {p.version})")
    facts = [
        ("Sundhedsråd" if body_noun == formatting.COUNCIL else "Klynge", cluster_label, cluster_label),
        ("Beslutningsorgan", body_name, body_name),
        ("Scenarie", parsed.name, parsed.name),
        ("Version", *version),
        ("Gemt af", *author),
        ("Gemt", *saved),
    ]
    return [(label, _clean(v) if isinstance(v, str) else v, _clean(t)) for label, v, t in facts]


def _naive(value: dt.datetime) -> dt.datetime:
    """A datetime a workbook can hold: local time without time zone."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _settings(document: dict) -> dict:
    return document.get("settings") or {}


def _assumed_settings(document: dict) -> set[str]:
    return set(_settings(document).get("assumed") or [])


def rules_used(document: dict, result: dict) -> list[dict]:
    """The rules the scenario is evaluated by: {"key", "principle", "label", "value",
    "status"} with status besluttet / antaget / ikke besluttet. The engine's list when the
    result has one; else read from the document (settings, and the focus areas' targets
    and the caps the document itself holds)."""
    if result.get("rules") is not None:
        return list(result["rules"])
    settings, assumed = _settings(document), _assumed_settings(document)
    rules = []
    for key, (principle, label) in RULES.items():
        if key == "unused_to_regional_pool" and key not in settings:
            continue  # a rule only some bodies have; absent means not part of the scenario
        value = settings.get(key)
        rules.append({"key": key, "principle": principle, "label": label, "value": value,
                      "status": _status(value, key in assumed)})
    for area in document.get("focus_areas") or []:
        area_assumed = set(area.get("assumed") or [])
        if area.get("target_share") is not None:
            rules.append({"key": f"focus_areas.{area['id']}.target_share", "principle": "D",
                          "label": f"Mål for «{area['name']}»", "value": area["target_share"],
                          "status": _status(area["target_share"], "target_share" in area_assumed)})
        if area.get("cap_dkk") is not None:
            rules.append({"key": f"focus_areas.{area['id']}.cap_dkk", "principle": "D",
                          "label": f"Loft for «{area['name']}»", "value": area["cap_dkk"],
                          "status": _status(area["cap_dkk"], "cap_dkk" in area_assumed)})
    return rules


def _status(value: Any, assumed: bool) -> str:
    if value is None:
        return "ikke besluttet"
    return "antaget" if assumed else "besluttet"


def rule_value_text(rule: dict) -> str:
    """A rule's value the Danish way, by what kind of value its key holds."""
    value, key = rule.get("value"), str(rule.get("key", ""))
    if value is None:
        return "ikke besluttet"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if key.endswith("_dkk"):
        return dkk(value)
    if "tolerance" in key:
        return f"± {formatting.number(value * 100, 1 if (value * 100) % 1 else 0)} %-point"
    if "share" in key:
        return pct(value)
    return str(value)


def _rule_cell(rule: dict) -> tuple[Any, str | None]:
    """A rule's value typed for the workbook, with its number format."""
    value, key = rule.get("value"), str(rule.get("key", ""))
    if isinstance(value, bool):
        return _ja_nej(value), None
    if value is None:
        return rule_value_text(rule), None
    if key.endswith("_dkk"):
        return value, KRONER
    if "share" in key or "tolerance" in key:
        return value, SHARE
    return value, None


def assumptions(document: dict, result: dict) -> list[str]:
    """Danish sentences naming every rule the scenario assumed (empty when none)."""
    if result.get("assumptions") is not None:
        return [_clean(sentence) for sentence in result["assumptions"]]
    return [
        _clean(_sentence(f"{rule['label']} ({rule['principle']}) er antaget i scenariet: {rule_value_text(rule)}"))
        for rule in rules_used(document, result) if rule.get("status") == "antaget"
    ]


def _sentence(text: str) -> str:
    """Text with a full stop, unless it ends in one already (an amount ends in "kr.")."""
    return text if text.endswith(".") else text + "."


def principle_checks(document: dict, result: dict) -> list[dict]:
    """What was checked, principle by principle: {"principle", "status", "message"} with
    status overholdt / brudt / ikke besluttet / ikke muligt. The engine's checks when the
    result has them; else derived from the findings, never a blanket "overholdt"."""
    if result.get("checks") is not None:
        return list(result["checks"])
    found = {f["principle"] for f in result.get("findings", [])}
    checks = []
    funds, allocated, available = result.get("funds_dkk") or 0, result.get("allocated_dkk") or 0, \
        result.get("available_dkk")
    if funds == 0 and allocated == 0:
        checks.append(_check("B", "ikke muligt", "Scenariet har ingen midler, så udgifterne kan ikke "
                                                 "holdes op mod midlerne."))
    elif "B" in found:
        checks.append(_check("B", "brudt", f"Udgifterne på {dkk(allocated)} holdt op mod de disponible midler "
                                           f"på {dkk(available)}, samlet og år for år: se bemærkningerne."))
    else:
        checks.append(_check("B", "overholdt", f"Udgifterne på {dkk(allocated)} er inden for de disponible "
                                               f"midler på {dkk(available)}, samlet og år for år."))
    has_rules = any(a.get("target_share") is not None or a.get("cap_dkk") is not None
                    for a in document.get("focus_areas") or [])
    if not has_rules:
        checks.append(_check("D", "ikke besluttet", "Der er ikke besluttet mål eller lofter for fokusområderne, "
                                                    "så fordelingen mellem dem er ikke kontrolleret."))
    elif allocated == 0:
        checks.append(_check("D", "ikke muligt", "Der er ikke fordelt midler, så fordelingen mellem "
                                                 "fokusområderne kan ikke kontrolleres."))
    else:
        checks.append(_check("D", "brudt" if "D" in found else "overholdt",
                             "Fordelingen mellem fokusområderne holdt op mod deres mål og lofter"
                             + (": se bemærkningerne." if "D" in found else ".")))
    checks.append(_check("E", "brudt" if "E" in found else "overholdt",
                         "De medtagne initiativer er kontrolleret for driftsudgifter"
                         + (": se bemærkningerne." if "E" in found else "; der er ingen.")))
    if not document.get("municipalities"):
        checks.append(_check("A", "ikke muligt", "Scenariet har ingen kommuner med folketal, så kommunernes "
                                                 "andel kan ikke fordeles."))
    return checks


def _check(principle: str, status: str, message: str) -> dict:
    return {"principle": principle, "status": status, "message": message}


def decision_text(raw_line: dict) -> str | None:
    """'besluttet på mødet 10. maj 2023 (…)' for a line the body already decided (its
    `decided` meeting, else its status); None for a proposal."""
    decided = raw_line.get("decided")
    status = raw_line.get("status")
    if isinstance(decided, dict):
        date = decided.get("meeting_date")
        text = f"besluttet på mødet {formatting.date(date)}" if date else "besluttet på et tidligere møde"
        if decided.get("meeting_title"):
            text += f" ({decided['meeting_title']})"
    elif status in DECIDED_STATUSES:
        text = "besluttet på et tidligere møde (mødet er ikke angivet i scenariet)"
    else:
        return None
    if status in ("igangsat", "afsluttet"):
        text += f"; {status}"
    return _clean(text)


def _raw_lines(document: dict) -> dict[str, dict]:
    return {raw.get("id"): raw for raw in document.get("lines") or [] if isinstance(raw, dict)}


# -- shared helpers -------------------------------------------------------------------------


def _line_costs(line: Line) -> dict[int, int]:
    """The line's scaled cost per year (whole kroner, as the engine counts it)."""
    costs: dict[int, int] = {}
    for year, amount in line.costs:
        costs[year] = costs.get(year, 0) + scaled(line.scale, amount)
    return costs


def _cost_text(line: Line) -> str:
    """The line's total the Danish way, or "beløb ikke angivet" when no cost is given."""
    if not line.costs:
        return NO_AMOUNT
    return dkk(sum(_line_costs(line).values()))


def _years(lines: Sequence[Line]) -> list[int]:
    return sorted({year for line in lines for year, _ in line.costs})


def _area_names(parsed: Scenario) -> dict[str, str]:
    return {area.id: area.name for area in parsed.focus_areas}


def _expected(document: dict) -> str | None:
    """The money the chair expects but nobody has decided, in words ("3.000.000 kr. i 2027"),
    or None: the note and the workbook never pass it off as decided funds."""
    expected = scenario_edit.expected_funds(document)
    return _danish_list([f"{dkk(amount)} i {year}" for year, amount in sorted(expected.items())]) or None


def _danish_list(parts: Sequence[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"


def _ja_nej(value: bool) -> str:
    return "Ja" if value else "Nej"


def _title(parsed: Scenario, body_noun: str) -> str:
    return _clean(f"{parsed.name}: udmøntning af {formatting.some_funds(body_noun)}")


# -- XLSX ---------------------------------------------------------------------------------


def scenario_xlsx(document: dict, result: dict, *, cluster_label: str | None = None,
                  body_name: str = "Politisk Sundhedsklynge", provenance: Provenance | None = None,
                  body_noun: str = "klyngen") -> bytes:
    """A workbook with a sheet per table: Oversigt, År, Fokusområder, Kommuner, Initiativer,
    Principper. Kroner are ints formatted '#,##0', shares floats formatted '0.0%'. The
    overview names the cluster by `cluster_label` when given, else by the document's id, and
    carries the same header facts as the note (version, author, saved, rules, assumptions)."""
    from openpyxl import Workbook

    parsed = parse(document)
    label = cluster_label or parsed.cluster_id
    workbook = Workbook()
    workbook.remove(workbook.active)
    _overview_sheet(workbook, parsed, document, result,
                    header_facts(parsed, provenance, label, _clean(body_name), body_noun), body_noun)
    _years_sheet(workbook, result)
    _focus_areas_sheet(workbook, result)
    _municipalities_sheet(workbook, result)
    _lines_sheet(workbook, parsed, document, result)
    _findings_sheet(workbook, document, result)
    now = _now_utc()
    props = workbook.properties
    props.title = _title(parsed, body_noun)
    props.subject = _clean(label)
    props.creator = _clean(provenance.author) if provenance and provenance.author else "Klyngeblik"
    props.lastModifiedBy = "Klyngeblik"
    props.description = f"Scenarie for udmøntning af {formatting.some_funds(body_noun)}, beregnet af Klyngeblik"
    props.language = LANGUAGE
    props.created = props.modified = now
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list[Any]],
                 formats: dict[int, str] | None = None, total: list[Any] | None = None):
    """A sheet with a bold, frozen header row; `formats` maps a 0-based column to its number
    format. Text in `rows` never becomes a formula (a name starting with '=' stays text);
    `total` is a bold last row whose strings may be formulas (=SUM(…))."""
    from openpyxl.styles import Font

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
    if isinstance(value, dt.datetime):
        return 16
    return len(str(value))


def _set_widths(sheet, headers: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
    from openpyxl.utils import get_column_letter

    for index, header in enumerate(headers):
        longest = max([len(header)] + [_shown_width(row[index] if index < len(row) else None, formats.get(index))
                                       for row in rows])
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(MIN_WIDTH, min(longest + 3, MAX_WIDTH))


def _overview_sheet(workbook: Workbook, parsed: Scenario, document: dict, result: dict,
                    facts: list[tuple[str, Any, str]], body_noun: str) -> None:
    """Post | Værdi | Status: the header facts, the money (typed kroner), every rule with
    whether it is decided or assumed, the assumptions in words, and the source."""
    rows: list[tuple[str, Any, str | None, str | None]] = [
        (label, value, WHEN if isinstance(value, dt.datetime) else None, None) for label, value, _ in facts
    ]
    # While included lines have no given cost, the typed sums leave them out: say which way.
    unpriced = f"{len(result['unpriced'])} initiativ(er) med uden angivet beløb" if partial(result) else None
    at_least = unpriced and f"mindst: {unpriced}"
    computed = result.get("region_dkk") is not None  # not when the region's share (A) is not decided
    paid = at_least if computed else "regionens andel (princip A) er ikke besluttet"
    rows += [
        (formatting.funds_label(body_noun), _given(result.get("funds_dkk")), KRONER,
         (expected := _expected(document)) and f"heraf forventet, ikke besluttet: {expected}"),
        (POOL, _pool_cell(result), KRONER, None),
        ("Disponibelt", _given(result.get("available_dkk")), KRONER, None),
        ("Fordelt", result.get("allocated_dkk"), KRONER, at_least),
        ("Rest", _given(result.get("remaining_dkk")), KRONER,
         f"højst: {unpriced}" if unpriced and result.get("remaining_dkk") is not None else None),
        ("Regionen betaler", result["region_dkk"] if computed else formatting.NOT_COMPUTED, KRONER, paid),
        ("Kommunerne betaler", result["municipalities_dkk"] if computed else formatting.NOT_COMPUTED, KRONER, paid),
    ]
    for rule in rules_used(document, result):
        value, number_format = _rule_cell(rule)
        rows.append((f"Regel: {rule['label']} ({rule['principle']})", value, number_format, rule.get("status")))
    for sentence in assumptions(document, result) or ["Ingen: scenariet bygger kun på besluttede regler."]:
        rows.append(("Antagelse", sentence, None, None))
    rows.append(("Kilde", f"Scenariet «{parsed.name}» og dets {formatting.some_funds(body_noun)}, beregnet af Klyngeblik", None, None))
    sheet = _write_sheet(workbook, "Oversigt", ["Post", "Værdi", "Status"],
                         [[label, value, status] for label, value, _, status in rows])
    for row_number, (_, _, number_format, _) in enumerate(rows, start=2):
        if number_format:
            sheet.cell(row_number, 2).number_format = number_format


def _given(amount: int | None) -> int | str:
    """A typed amount, or the words "ikke angivet" in its cell when the scenario lists no
    funds (an empty cell would read as nothing, a 0 as no money)."""
    return formatting.NOT_GIVEN if amount is None else amount


def _pool_cell(result: dict) -> int | str:
    """The pool in kroner, or "ikke besluttet" (as on the page) when the body decided none."""
    pool = decided_pool(result)
    return NOT_DECIDED if pool is None else pool


def _years_sheet(workbook: Workbook, result: dict) -> None:
    """Year by year; with a column for money leaving to a regional pool when the rules send
    unused money there (the engine's `to_regional_pool_dkk`)."""
    headers = ["År", "Midler", "Overført fra året før", "Disponibelt", "Fordelt", "Rest"]
    to_pool = any(y.get("to_regional_pool_dkk") for y in result["years"])
    rows = [
        [y["year"], _given(y["funds_dkk"]), y["carried_in_dkk"], _given(y["available_dkk"]), y["allocated_dkk"],
         _given(y["remaining_dkk"])]
        + ([y.get("to_regional_pool_dkk", 0)] if to_pool else [])
        for y in result["years"]
    ]
    if to_pool:
        headers.append("Til regional pulje")
    sheet = _write_sheet(workbook, "År", headers, rows, {i: KRONER for i in range(1, len(headers))})
    _note(sheet, partial_caption(result, YEARS_PARTIAL))


def _focus_areas_sheet(workbook: Workbook, result: dict) -> None:
    headers = ["Fokusområde", "Fordelt", "Andel", "Mål", "Loft"]
    rows = [[a["name"], a["allocated_dkk"], a["share"], a.get("target_share"), a.get("cap_dkk")]
            for a in result["focus_areas"]]
    sheet = _write_sheet(workbook, "Fokusområder", headers, rows, {1: KRONER, 2: SHARE, 3: SHARE, 4: KRONER})
    _note(sheet, partial_caption(result, FOCUS_PARTIAL))


def _municipalities_sheet(workbook: Workbook, result: dict) -> None:
    """Contribution, received and net per municipality. Without a decided financing (A) the
    contributions and nets are "ikke beregnet", and so is their total: an empty cell summed
    to 0 kr. in the "I alt" row."""
    headers = ["Kommune", "Folketal", "Bidrag", "Modtaget", "Netto"]

    def computed(value: int | None) -> int | str:
        return formatting.NOT_COMPUTED if value is None else value

    rows = [
        [m["name"], m["population"], computed(m.get("contribution_dkk")), m["received_dkk"], computed(m.get("net_dkk"))]
        for m in result["municipalities"]
    ]
    last = len(rows) + 1
    sums = [
        formatting.NOT_COMPUTED if any(isinstance(row[i], str) for row in rows) else f"=SUM({col}2:{col}{last})"
        for i, col in enumerate("BCDE", start=1)
    ] if rows else [0, 0, 0, 0]
    sheet = _write_sheet(workbook, "Kommuner", headers, rows, {i: KRONER for i in range(1, 5)}, ["I alt"] + sums)
    _note(sheet, municipalities_caption(result))


def _note(sheet, text: str | None) -> None:
    """A plain-text remark under a sheet's table, after an empty row (never a formula)."""
    if text:
        sheet.append([])
        sheet.append([_clean(text)])
        sheet.cell(sheet.max_row, 1).data_type = "s"


def _lines_sheet(workbook: Workbook, parsed: Scenario, document: dict, result: dict) -> None:
    """Every line, included or not, at its scaled cost; the total row counts only those
    with Med = Ja (the allocated amount). A line with no cost given has an empty total and
    says so in Bemærkning, as does a line the body already decided; while one is included,
    a note under the table says the total is a lower bound."""
    from openpyxl.utils import get_column_letter

    years = _years(parsed.lines)
    headers = (["Initiativ", "Fokusområde", "Udgiftstype", "Med", "Skala"] + [str(y) for y in years]
               + ["I alt", "Bemærkning"])
    areas = _area_names(parsed)
    raw = _raw_lines(document)
    rows = []
    for line in parsed.lines:
        costs = _line_costs(line)
        remarks = [text for text in (decision_text(raw.get(line.id, {})),) if text]
        if not line.costs:
            remarks.append(NO_AMOUNT)
        rows.append(
            [line.name, areas.get(line.focus_area) if line.focus_area else None, COST_TYPE[line.cost_type],
             _ja_nej(line.included), line.scale]
            + [costs.get(year) for year in years]
            + [sum(costs.values()) if line.costs else None, "; ".join(remarks) or None]
        )
    money = {i: KRONER for i in range(5, 6 + len(years))}
    last = len(rows) + 1
    sums = [
        f'=SUMIF($D$2:$D${last},"Ja",{get_column_letter(i + 1)}2:{get_column_letter(i + 1)}{last})' if rows else 0
        for i in sorted(money)
    ]
    total = ["I alt (med)", None, None, None, None] + sums
    sheet = _write_sheet(workbook, "Initiativer", headers, rows, {4: SCALE} | money, total)
    _note(sheet, partial_caption(result, LINES_PARTIAL))


def _findings_sheet(workbook: Workbook, document: dict, result: dict) -> None:
    """What was checked per principle, then each finding (Fejl / Advarsel)."""
    rows = [[c["principle"], c["status"], c["message"]] for c in principle_checks(document, result)]
    rows += [[f["principle"], SEVERITY.get(f["severity"], f["severity"]), f["message"]] for f in result["findings"]]
    _write_sheet(workbook, "Principper", ["Princip", "Resultat", "Besked"], rows)


# -- DOCX ---------------------------------------------------------------------------------


def decision_note_docx(document: dict, result: dict, *, cluster_label: str,
                       body_name: str = "Politisk Sundhedsklynge", drafted: dt.date | None = None,
                       provenance: Provenance | None = None, without_population: list[str] | None = None,
                       body_noun: str = "klyngen") -> bytes:
    """A draft decision note in the minutes' shape: the header facts (body, scenario,
    version, author, saved), Indstilling (what is already decided, then "Det indstilles,"
    and the "at …" clauses for what is proposed), Økonomi (initiatives by year,
    municipalities), Regler (decided or assumed), Principper (what was checked, findings)
    and Kilde. A4, Danish language, core properties of its own. `drafted` is the date on
    the draft (today). `without_population` names the body's municipalities left out of the
    split because their population is not given (the note says so under its table).
    `body_noun` is the body in a sentence ("klyngen", or "rådet" for a council)."""
    from docx import Document

    parsed = parse(document)
    body_name = _clean(body_name)
    cluster_label = _clean(cluster_label)
    note = Document()
    _page_and_language(note)
    _core_properties(note, parsed, cluster_label, provenance, body_noun)
    note.add_heading(_title(parsed, body_noun), level=1)
    note.add_paragraph(f"Udkast fra Klyngeblik, {formatting.date(drafted or clock.today())}").runs[0].italic = True
    _facts(note, header_facts(parsed, provenance, cluster_label, body_name, body_noun))
    _recommendation(note, parsed, document, result, body_name, body_noun)
    _economy(note, parsed, document, result, without_population or [], body_noun)
    _rules(note, document, result, body_noun)
    _principles(note, document, result)
    _source(note, document, parsed, cluster_label, body_noun)
    _mark_runs_danish(note)
    buffer = io.BytesIO()
    note.save(buffer)
    return buffer.getvalue()


def _core_properties(note, parsed: Scenario, cluster_label: str, provenance: Provenance | None,
                     body_noun: str) -> None:
    """Title, author, created/modified now and language: none of the template's (2013)."""
    docx_style.core_properties(
        note, title=_title(parsed, body_noun), subject=cluster_label,
        author=provenance.author if provenance and provenance.author else "Klyngeblik",
        comments="Udkast til beslutningsnotat, dannet af Klyngeblik")


def _proposed(parsed: Scenario, document: dict) -> list[Line]:
    """The included lines that are proposals (not decided at an earlier meeting)."""
    raw = _raw_lines(document)
    return [line for line in parsed.lines if line.included and decision_text(raw.get(line.id, {})) is None]


def recommendation_clauses(parsed: Scenario, document: dict, result: dict, body_name: str,
                           body_noun: str = "klyngen") -> list[str]:
    """The "at …" clauses of the Indstilling, in the minutes' order: what is allocated to
    which proposed initiative, how that is financed, and what happens to the rest. Lines
    already decided are not proposed again (they are listed apart, see decided_lines). The
    money is named for the body (`body_noun`)."""
    settings, assumed = _settings(document), _assumed_settings(document)
    proposed = _proposed(parsed, document)
    clauses = [_line_clause(line, body_name, body_noun) for line in proposed]
    paid = [line for line in proposed if sum(_line_costs(line).values()) > 0]
    if paid:
        subject = "initiativet finansieres" if len(paid) == 1 else "initiativerne finansieres"
        total = sum(sum(_line_costs(line).values()) for line in paid)
        share = settings.get("region_share")
        if share is None:
            clauses.append(f"at {subject} ({dkk(total)}) af regionen og kommunerne; fordelingen mellem dem "
                           "(princip A) er ikke besluttet")
        else:
            region = scaled(share, total)
            marked = f" (regionens andel på {pct(share)} er antaget)" if "region_share" in assumed else ""
            clauses.append(f"at {subject} med {dkk(region)} fra regionen og {dkk(total - region)} "
                           f"fra kommunerne fordelt efter befolkningsandel{marked}")
    remaining = result.get("remaining_dkk") or 0
    if remaining > 0:
        fate = _rest_fate(settings, assumed)
        if fate:
            clauses.append(f"at de resterende {dkk(remaining)} {fate}")
    return [_clean(clause) for clause in clauses]


def _rest_fate(settings: dict, assumed: set[str]) -> str | None:
    if settings.get("unused_to_regional_pool"):
        fate, key = "går til den regionale pulje ved årets udgang", "unused_to_regional_pool"
    elif settings.get("carry_over") is True:
        fate, key = "overføres til næste år", "carry_over"
    elif settings.get("carry_over") is False:
        fate, key = "ikke udmøntes", "carry_over"
    else:
        return None
    return fate + (" (antaget regel)" if key in assumed else "")


def _line_clause(line: Line, body_name: str, body_noun: str) -> str:
    costs = _line_costs(line)
    total = sum(costs.values())
    if not line.costs:
        return (f"at {body_name} godkender, at {line.name} gennemføres; {NO_AMOUNT}, så der er ikke afsat "
                f"{formatting.some_funds(body_noun)}")
    if total == 0:
        return (f"at {body_name} godkender, at {line.name} gennemføres, og at der afsættes 0 kr. af "
                f"{formatting.the_funds(body_noun)}")
    clause = f"at {body_name} godkender, at der udmøntes {dkk(total)} til {line.name}"
    # No parentheses around the years: initiative names often end in one of their own.
    if len(costs) == 1:
        return f"{clause} i {next(iter(costs))}"
    return f"{clause}, heraf " + _danish_list([f"{dkk(amount)} i {year}" for year, amount in sorted(costs.items())])


def decided_lines(parsed: Scenario, document: dict, body_noun: str = "klyngen") -> list[str]:
    """One sentence per line the body already decided: name, meeting and amount, and
    whether this scenario counts it."""
    raw = _raw_lines(document)
    sentences = []
    for line in parsed.lines:
        decision = decision_text(raw.get(line.id, {}))
        if decision is None:
            continue
        amount = _cost_text(line) if line.costs and sum(_line_costs(line).values()) else (
            NO_AMOUNT if not line.costs else f"0 kr. af {formatting.the_funds(body_noun)}")
        counted = "" if line.included else "; ikke medregnet i dette scenarie"
        sentences.append(_clean(_sentence(f"{line.name}: {decision}, {amount}{counted}")))
    return sentences


def _recommendation(note, parsed: Scenario, document: dict, result: dict, body_name: str, body_noun: str) -> None:
    from docx.shared import Pt

    note.add_heading("Indstilling", level=2)
    decided = decided_lines(parsed, document, body_noun)
    if decided:
        note.add_paragraph("Allerede besluttet (indstilles ikke igen):")
        for sentence in decided:
            note.add_paragraph(sentence, style="List Bullet")
    note.add_paragraph("Det indstilles,")
    clauses = recommendation_clauses(parsed, document, result, body_name, body_noun)
    if not clauses and result.get("remaining_dkk") is None:  # no funds given: the rest is not known, not nil
        note.add_paragraph("(Scenariet indstiller ingen nye initiativer. Resten er ikke angivet, da scenariet "
                           f"ingen {formatting.some_funds(body_noun)} har.)")
    elif not clauses and result["remaining_dkk"] > 0:  # a rest whose fate (G) nobody decided
        note.add_paragraph(f"(Scenariet indstiller ingen nye initiativer. Resten på {dkk(result['remaining_dkk'])} "
                           "er ikke fordelt; det er ikke besluttet, hvad der sker med den (princip G).)")
    elif not clauses:
        note.add_paragraph("(Scenariet indstiller ingen nye initiativer, og der er ingen rest at tage stilling til.)")
    for clause in clauses:
        note.add_paragraph(clause).paragraph_format.left_indent = Pt(18)
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    if errors:
        note.add_paragraph(
            f"Bemærk: scenariet bryder principperne på {len(errors)} punkt{'er' if len(errors) > 1 else ''}; "
            "se Principper nedenfor."
        ).runs[0].bold = True


def _amount_at_least(value: int, partial_sum: bool) -> str:
    """A share of the allocation in kroner: "mindst …" when it leaves out unknown costs, and
    «beløb ikke angivet» when none of them is given (beside a percentage, a bare "ikke
    angivet" would seem to say the percentage is unknown)."""
    text = formatting.dkk_at_least(value, partial_sum)
    return NO_AMOUNT if text == formatting.NOT_GIVEN else text


def _economy(note, parsed: Scenario, document: dict, result: dict, without_population: list[str],
             body_noun: str) -> None:
    note.add_heading("Økonomi", level=2)
    settings = _settings(document)
    pool = (f"heraf en pulje (princip H) på {dkk(result.get('pool_dkk'))}"
            if settings.get("pool_dkk") is not None else "ingen pulje (princip H) er besluttet")
    share = settings.get("region_share")
    if share is None or result.get("region_dkk") is None:
        financing = ("Regionens andel af finansieringen (princip A) er ikke besluttet, så fordelingen mellem "
                     "region og kommuner er ikke beregnet.")
    else:
        # "50,0 % (antaget) (ikke angivet)" read as two remarks on the share: the assumption
        # is named with the share, and an amount nobody gave is the amount's.
        share_text = f"en antaget andel på {pct(share)}" if "region_share" in _assumed_settings(document) else pct(share)
        region, municipalities = (_amount_at_least(result[key], partial(result))
                                  for key in ("region_dkk", "municipalities_dkk"))
        financing = (f"Regionen betaler {share_text} ({region}), kommunerne resten ({municipalities}) fordelt "
                     "efter befolkningsandel (princip A).")
    allocates = _allocates(result)
    if result.get("funds_dkk") is None:  # no funds listed: say so, never "0 kr."
        but = "og" if partial(result) and not result["allocated_dkk"] else "men"
        money = (f"{allocates}, {but} har ingen {formatting.some_funds(body_noun)} angivet, hverken "
                 f"besluttede eller forventede, så de disponible midler og resten er {formatting.NOT_GIVEN}.")
    else:
        rest = _rest_phrase(result["remaining_dkk"], partial(result))
        expected = _expected(document)
        expected = f" (heraf forventet, men ikke besluttet: {expected})" if expected else ""
        money = (f"{formatting.the_funds(body_noun).capitalize()} udgør {dkk(result['funds_dkk'])}{expected}, {pool}, "
                 f"så {dkk(result['available_dkk'])} er disponible. {allocates}, {rest}.")
    note.add_paragraph(f"{money} {financing}")
    included = [line for line in parsed.lines if line.included]
    if included:
        _lines_table(note, included, _raw_lines(document))
        if any(not line.costs for line in included):
            # Not "har ingen udgifter": its costs exist, the sources just do not give them.
            _after_table(note.add_paragraph(f"Et initiativ med «{NO_AMOUNT}» har ingen angivne udgifter i scenariet: "
                                            "det tæller ikke med i de fordelte midler, som derfor er mindst de viste."))
    else:
        note.add_paragraph("Scenariet medtager ingen initiativer.")
    if result["municipalities"]:
        _after_table(note.add_paragraph(
            "Kommunernes bidrag er deres andel efter folketal; modtaget er de midler, initiativerne tildeler "
            "kommunen; netto er modtaget minus bidrag."
        ))
        _municipalities_table(note, result)
        for said in (municipalities_caption(result), left_out_caption(result, without_population)):
            if said:
                _after_table(note.add_paragraph(said))
    else:
        note.add_paragraph("Scenariet har ingen kommuner med folketal, så bidragene kan ikke fordeles.")


def _rest_phrase(remaining: int, unpriced: bool = False) -> str:
    """What is left; while included lines have no given cost, it is at most that much (and
    an overrun at least that much)."""
    if remaining >= 0:
        return f"og {formatting.dkk_at_most(remaining, unpriced)} er ikke fordelt"
    return f"hvilket er {formatting.dkk_at_least(-remaining, unpriced)} mere end de disponible midler"


def _allocates(result: dict) -> str:
    """"Scenariet fordeler …": "mindst" while included lines have no given cost, and no amount
    at all when none of them has one."""
    if partial(result) and not result["allocated_dkk"]:
        return "Scenariet angiver ingen udgifter for de initiativer, det medtager"
    return f"Scenariet fordeler {allocated_text(result)}"


def _lines_table(note, lines: list[Line], raw: dict[str, dict]) -> None:
    years = _years(lines)
    rows, totals = [], {year: 0 for year in years}
    for line in lines:
        costs = _line_costs(line)
        for year, amount in costs.items():
            totals[year] += amount
        status = decision_text(raw.get(line.id, {})) or "indstilles"
        # A year a priced line has no cost in is "–"; every year of a line whose cost is not
        # given is "ikke angivet" (a dash there read as nothing to pay).
        cells = [dkk(costs[y]) if y in costs else "–" for y in years] if line.costs else [formatting.NOT_GIVEN] * len(years)
        rows.append([line.name, status] + cells + [_cost_text(line)])
    unpriced = any(not line.costs for line in lines)  # its cost is unknown: the sums are "at least"
    total = ["I alt", ""] + [formatting.dkk_at_least(totals[y], unpriced) for y in years] + [
        formatting.dkk_at_least(sum(totals.values()), unpriced)]
    money = max(24.0, (TEXT_WIDTH_MM - 92) / (len(years) + 1))
    _table(note, ["Initiativ", "Status"] + [str(y) for y in years] + ["I alt"], rows, total, text_columns=2,
           widths=[52, 40] + [money] * (len(years) + 1))


def _municipalities_table(note, result: dict) -> None:
    """The page's municipality table (scenario_tables.municipalities_display) without the
    population column; its last row is the total."""
    shown = municipalities_display(result)
    header = ["Kommune", "Bidrag", "Modtaget", "Netto"]
    rows = [list(row) for row in zip(*(shown[column] for column in header))]
    _table(note, header, rows[:-1], rows[-1])


def _rules(note, document: dict, result: dict, body_noun: str) -> None:
    """Every rule used, its value and whether the body decided it or the scenario assumed it."""
    note.add_heading("Regler", level=2)
    rules = rules_used(document, result)
    if rules:
        rows = [[f"{rule['label']} ({rule['principle']})", rule_value_text(rule), rule.get("status", "")]
                for rule in rules]
        _table(note, ["Regel", "Værdi", "Status"], rows, text_columns=3, widths=[85, 40, 35])
    found = assumptions(document, result)
    if found:
        _after_table(note.add_paragraph(f"Antaget i scenariet (ikke besluttet af {body_noun}):"))
        for sentence in found:
            note.add_paragraph(sentence, style="List Bullet")
    else:
        _after_table(note.add_paragraph(f"Scenariet antager ingen regler: de viste regler er {body_noun}s egne, "
                                        "eller de er ikke besluttet."))


def _principles(note, document: dict, result: dict) -> None:
    """What was checked per principle (never a blanket "overholder"), then the findings."""
    note.add_heading("Principper", level=2)
    checks = principle_checks(document, result)
    if checks:
        _table(note, ["Princip", "Resultat", "Hvad er kontrolleret"],
               [[c["principle"], c["status"], c["message"]] for c in checks], text_columns=3,
               widths=[20, 30, 110])
    findings = result["findings"]
    if findings:
        _after_table(note.add_paragraph("Bemærkninger:"))
    for finding in findings:
        severity = SEVERITY.get(finding["severity"], finding["severity"]).lower()
        note.add_paragraph(_clean(f"Princip {finding['principle']} ({severity}): {finding['message']}"),
                           style="List Bullet")


def _source(note, document: dict, parsed: Scenario, cluster_label: str, body_noun: str) -> None:
    note.add_heading("Kilde", level=2)
    party_names = {"kommuner": "kommunerne", "region": "regionen"}
    # Expected money is the chair's, not a party's: its split between them is the tool's guess.
    decided = [f for f in document["funds"] if not f.get("expected")]
    expected = _expected(document)
    funds = _danish_list([f"{dkk(f['amount_dkk'])} fra {party_names[f['party']]} i {f['year']}" for f in decided]
                         + ([f"en forventet, ikke besluttet tildeling på {expected}"] if expected else []))
    text = (
        f"Tallene er beregnet af Klyngeblik ud fra scenariet «{parsed.name}» for {cluster_label} "
        f"og dets {formatting.some_funds(body_noun)}"
        f"{': ' + funds if funds else ' (scenariet angiver ingen, hverken besluttede eller forventede)'}. "
        "Beløb er hele kroner, afrundet halvt op; kommunernes bidrag summer præcist."
    )
    note.add_paragraph(_clean(text))
