"""Exports of a scenario: JSON round trip, XLSX (numbers as numbers, Danish headers, header
facts) and the decision-note draft (DOCX) in the minutes' shape, checked against
Hovedstaden-Nord's figures and read back with python-docx/openpyxl: A4, Danish, real core
properties, earlier decisions listed as decided, unknown costs never "uden udgift"."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from core import export, formatting
from core.scenario import ScenarioError, evaluate_document, parse
from core.scenario_source import from_store
from core.store import Store

NORD_LABEL = "Sundhedsklynge Nord (Region Hovedstaden)"
SHEETS = ["Oversigt", "År", "Fokusområder", "Kommuner", "Initiativer", "Principper"]
SAVED = export.Provenance(version=3, author="Anna Holm", saved_at=dt.datetime(2025, 5, 28, 13, 5))
DECIDED_ON = "besluttet på mødet 10. maj 2023 (Politisk Sundhedsklynge Nord)"


@pytest.fixture(scope="module")
def nord(db_path):
    """Hovedstaden-Nord from the store, proposals included (switched off)."""
    document = from_store(Store(db_path), "hovedstaden-nord", decided_only=False)
    return document, evaluate_document(document)


def small_document(**changes) -> dict:
    """Two municipalities (1:3), a two-year line, a half-scaled drift line, a line left out."""
    document = {
        "format": "klyngeblik-scenario/1",
        "name": "Vest 2024",
        "cluster_id": "nordjylland-vest",
        "funds": [
            {"year": 2024, "party": "kommuner", "amount_dkk": 500_000},
            {"year": 2024, "party": "region", "amount_dkk": 500_000},
        ],
        "settings": {"carry_over": False, "pool_dkk": 0, "region_share": 0.5, "balance_tolerance": 0.1,
                     "no_running_costs": True},
        "municipalities": [{"name": "Aby", "population": 1000}, {"name": "Bby", "population": 3000}],
        "focus_areas": [
            {"id": "unge", "name": "Unge", "target_share": None},
            {"id": "aeldre", "name": "Ældre", "target_share": None},
        ],
        "lines": [
            {"id": "unge-paa-vej", "name": "Unge på vej", "focus_area": "unge", "cost_type": "udvikling",
             "costs": [{"year": 2024, "amount_dkk": 75_000}, {"year": 2025, "amount_dkk": 145_000}],
             "scale": 1.0, "included": True, "recipients": [{"municipality": "Aby", "amount_dkk": 20_000}]},
            {"id": "drift", "name": "Vagtordning", "focus_area": "aeldre", "cost_type": "drift",
             "costs": [{"year": 2024, "amount_dkk": 100_000}], "scale": 0.5, "included": True},
            {"id": "fravalgt", "name": "Fravalgt forsøg", "focus_area": None, "cost_type": "udvikling",
             "costs": [{"year": 2024, "amount_dkk": 300_000}], "scale": 1.0, "included": False},
        ],
    }
    document.update(changes)
    return document


def balanced_document() -> dict:
    """One development line within the funds, no targets: no findings."""
    document = small_document()
    document["lines"] = [{**document["lines"][0], "costs": [{"year": 2024, "amount_dkk": 220_000}]}]
    return document


def with_proposals(document: dict, *ids: str) -> dict:
    """The document with the named proposal lines switched on."""
    return {**document, "lines": [{**line, "included": line["included"] or line["id"] in ids}
                                  for line in document["lines"]]}


def workbook(document: dict, result: dict | None = None, **kwargs) -> openpyxl.Workbook:
    data = export.scenario_xlsx(document, result or evaluate_document(document), **kwargs)
    return openpyxl.load_workbook(io.BytesIO(data))


def overview(book) -> dict:
    return {row[0]: row[1] for row in rows(book["Oversigt"])[1:]}


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def note(document: dict, result: dict | None = None, **kwargs) -> docx.document.Document:
    kwargs.setdefault("cluster_label", NORD_LABEL)
    data = export.decision_note_docx(document, result or evaluate_document(document), drafted=dt.date(2025, 5, 28),
                                     **kwargs)
    return docx.Document(io.BytesIO(data))


def recent(when: dt.datetime) -> bool:
    """Within five minutes of now (core properties are UTC; naive means UTC)."""
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return abs(when - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def all_text(document) -> str:
    """Every paragraph and table cell, in one string."""
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs(document) + cells)


def recommended(text: list[str]) -> list[str]:
    """The "at …" clauses after "Det indstilles," (up to Økonomi)."""
    start = text.index("Det indstilles,")
    return [t for t in text[start + 1:text.index("Økonomi")] if t.startswith("at ")]


def table_after(document, first_header: str) -> list[list[str]]:
    return next(table_rows(t) for t in document.tables if t.rows[0].cells[0].text == first_header)


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def sum_formula(sheet, formula: str) -> int:
    """Evaluate '=SUM(C2:C9)' over the sheet's values (openpyxl does not calculate)."""
    match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert match, formula
    column, first, _, last = match.groups()
    return sum(sheet[f"{column}{row}"].value for row in range(int(first), int(last) + 1))


# -- JSON -----------------------------------------------------------------------------------


def test_json_round_trips_through_parse(nord):
    document, _ = nord
    data = export.scenario_json(document)
    text = data.decode("utf-8")
    assert json.loads(text) == document
    assert parse(json.loads(text)) == parse(document)
    assert "Hørsholm" in text and "\\u00f8" not in text
    assert '\n  "format": "klyngeblik-scenario/1"' in text


def test_json_refuses_an_invalid_document():
    with pytest.raises(ScenarioError, match="format"):
        export.scenario_json(small_document(format="noget-andet"))


# -- XLSX -----------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_with_danish_headers(nord):
    book = openpyxl.load_workbook(io.BytesIO(export.scenario_xlsx(*nord)))
    assert book.sheetnames == SHEETS
    headers = {name: rows(book[name])[0] for name in SHEETS}
    assert headers["Oversigt"] == ["Post", "Værdi", "Status"]
    assert headers["År"] == ["År", "Midler", "Overført fra året før", "Disponibelt", "Fordelt", "Rest"]
    assert headers["Fokusområder"] == ["Fokusområde", "Fordelt", "Andel", "Mål", "Loft"]
    assert headers["Kommuner"] == ["Kommune", "Folketal", "Bidrag", "Modtaget", "Netto"]
    assert headers["Initiativer"] == ["Initiativ", "Fokusområde", "Udgiftstype", "Med", "Skala", "2023", "I alt",
                                      "Bemærkning"]
    assert headers["Principper"] == ["Princip", "Resultat", "Besked"]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 10


def test_xlsx_overview_holds_numbers_not_text(nord):
    book = openpyxl.load_workbook(io.BytesIO(export.scenario_xlsx(*nord)))
    facts = overview(book)
    assert facts["Klyngemidler"] == 8_805_192 and type(facts["Klyngemidler"]) is int
    assert facts["Pulje (H)"] == 250_000
    assert facts["Disponibelt"] == 8_555_192
    assert facts["Fordelt"] == 4_000_000
    assert facts["Rest"] == 4_555_192
    assert facts["Regionen betaler"] == 2_000_000 and facts["Kommunerne betaler"] == 2_000_000
    assert facts["Regel: Overførsel af uforbrugte midler til næste år (G)"] == "Ja"
    assert facts["Regel: Regionens andel af finansieringen (A)"] == 0.5
    assert facts["Klynge"] == "hovedstaden-nord"  # no label given: the document's id
    labels = [row[0] for row in rows(book["Oversigt"])]
    assert book["Oversigt"].cell(labels.index("Klyngemidler") + 1, 2).number_format == "#,##0"
    share = labels.index("Regel: Regionens andel af finansieringen (A)") + 1
    assert book["Oversigt"].cell(share, 2).number_format.endswith("%")
    # Hovedstaden-Nord decided no tolerance: the workbook says so instead of assuming one.
    tolerance = labels.index("Regel: Tolerance for fordelingen mellem fokusområder (D)") + 1
    assert book["Oversigt"].cell(tolerance, 2).value == "ikke besluttet"
    cap = labels.index("Regel: Loft for «Børn og unges mentale mistrivsel samt psykiske udfordringer hos (unge) voksne» (D)") + 1
    assert book["Oversigt"].cell(cap, 2).value == 4_400_000
    years = rows(book["År"])[1:]
    assert years == [[2022, 4_402_596, 0, 4_152_596, 0, 4_152_596],
                     [2023, 4_402_596, 4_152_596, 8_555_192, 4_000_000, 4_555_192]]


def test_xlsx_overview_has_the_header_facts_of_a_saved_version(nord):
    book = workbook(*nord, cluster_label=NORD_LABEL, body_name="Politisk Sundhedsklynge Nord", provenance=SAVED)
    facts = overview(book)
    assert facts["Klynge"] == NORD_LABEL
    assert facts["Beslutningsorgan"] == "Politisk Sundhedsklynge Nord"
    assert facts["Scenarie"] == "Besluttet – Sundhedsklynge Nord (Region Hovedstaden)"
    assert facts["Version"] == 3 and type(facts["Version"]) is int
    assert facts["Gemt af"] == "Anna Holm"
    assert facts["Gemt"] == dt.datetime(2025, 5, 28, 13, 5)  # a typed date, not text
    labels = [row[0] for row in rows(book["Oversigt"])]
    assert book["Oversigt"].cell(labels.index("Gemt") + 1, 2).is_date
    statuses = {row[0]: row[2] for row in rows(book["Oversigt"])[1:] if row[0].startswith("Regel: ")}
    assert statuses["Regel: Regionens andel af finansieringen (A)"] == "besluttet"
    assert set(statuses.values()) <= {"besluttet", "antaget", "ikke besluttet"}
    assert facts["Antagelse"] == "Ingen: scenariet bygger kun på besluttede regler."


def test_xlsx_names_unsaved_and_assumed(nord):
    document = copy.deepcopy(nord[0])
    document["settings"]["assumed"] = ["pool_dkk"]
    book = workbook(document, provenance=export.Provenance(author="Bo Berg"))
    facts = overview(book)
    assert facts["Version"] == "ikke gemt" and facts["Gemt"] == "ikke gemt"
    assert facts["Gemt af"] == "ikke gemt (udarbejdet af Bo Berg)"
    statuses = {row[0]: row[2] for row in rows(book["Oversigt"])[1:]}
    assert statuses["Regel: Pulje til mindre initiativer (H)"] == "antaget"
    assert facts["Antagelse"] == "Antaget, ikke besluttet: Pulje til mindre initiativer (H): 250.000 kr."


def test_xlsx_core_properties_are_its_own():
    data = export.scenario_xlsx(small_document(), evaluate_document(small_document()),
                                provenance=export.Provenance(version=1, author="Anna Holm"))
    props = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert props.title == "Vest 2024: udmøntning af klyngemidler"
    assert props.creator == "Anna Holm"
    assert props.language == "da-DK"
    assert recent(props.created)


def test_xlsx_municipal_contributions_sum_to_the_municipal_share(nord):
    document, result = nord
    sheet = openpyxl.load_workbook(io.BytesIO(export.scenario_xlsx(document, result)))["Kommuner"]
    body = rows(sheet)[1:-1]
    assert [row[0] for row in body][:2] == ["Allerød", "Fredensborg"]
    assert all(type(value) is int for row in body for value in row[1:])
    assert sum(row[2] for row in body) == result["municipalities_dkk"] == 2_000_000
    assert {row[0]: row[2] for row in body}["Hørsholm"] == 149_835
    total = rows(sheet)[-1]
    assert total[0] == "I alt"
    assert total[2] == "=SUM(C2:C9)"
    assert sum_formula(sheet, total[2]) == result["municipalities_dkk"]
    assert sum_formula(sheet, total[3]) == 4_000_000
    assert sheet["C2"].number_format == "#,##0"


def test_xlsx_initiatives_by_year_scaled_and_marked():
    book = workbook(small_document())
    sheet = book["Initiativer"]
    assert rows(sheet)[0][5:] == ["2024", "2025", "I alt", "Bemærkning"]
    lines = {row[0]: row for row in rows(sheet)[1:-1]}
    assert lines["Unge på vej"] == ["Unge på vej", "Unge", "Udvikling", "Ja", 1, 75_000, 145_000, 220_000, None]
    assert lines["Vagtordning"][2:] == ["Drift", "Ja", 0.5, 50_000, None, 50_000, None]
    assert lines["Fravalgt forsøg"][1:4] == [None, "Udvikling", "Nej"]
    total = rows(sheet)[-1]
    assert total[0] == "I alt (med)"
    assert total[-2:] == ['=SUMIF($D$2:$D$4,"Ja",H2:H4)', None]
    findings = [row for row in rows(book["Principper"])[1:] if row[1] in ("Fejl", "Advarsel")]
    assert findings[0][1] == "Fejl"
    assert {row[0] for row in findings} == {"B", "E"}
    assert any("Vagtordning" in row[2] for row in findings)


def test_xlsx_marks_decided_lines_and_unknown_costs(nord):
    document = with_proposals(nord[0], "tidlig-opsporing")
    sheet = rows(workbook(document)["Initiativer"])
    lines = {row[0][:5]: row for row in sheet[1:sheet.index(next(r for r in sheet if r[0] == "I alt (med)"))]}
    assert lines["STIME"][-1] == DECIDED_ON and lines["STIME"][-2] == 4_000_000
    assert lines["KIT ("][-1] == DECIDED_ON and lines["KIT ("][-2] == 0
    assert lines["Tidli"][-2:] == [None, "beløb ikke angivet"]  # no cost given: empty, not 0


def test_xlsx_principles_say_what_was_checked():
    checks = rows(workbook(balanced_document())["Principper"])[1:]
    assert [row[:2] for row in checks] == [["B", "overholdt"], ["A", "overholdt"]] + [["D", "ikke besluttet"]] * 4 + [
        ["E", "overholdt"]]
    assert not any("overholder principperne" in str(row) for row in checks)


def test_xlsx_text_never_becomes_a_formula_or_an_email():
    document = small_document()
    document["lines"][0]["name"] = '=HYPERLINK("http://x","klik")'
    document["lines"][1]["name"] = "Vagt (kontakt anna.hansen@example.dk)"
    sheet = workbook(document)["Initiativer"]
    assert sheet["A2"].value == '=HYPERLINK("http://x","klik")' and sheet["A2"].data_type == "s"
    assert "@" not in sheet["A3"].value and "e-mail fjernet" in sheet["A3"].value


def test_xlsx_overview_names_the_cluster_by_its_label(nord):
    data = export.scenario_xlsx(*nord, cluster_label="Sundhedsklynge Nord (Region Hovedstaden)")
    assert overview(openpyxl.load_workbook(io.BytesIO(data)))["Klynge"] == "Sundhedsklynge Nord (Region Hovedstaden)"


# -- DOCX -----------------------------------------------------------------------------------


def test_note_has_the_minutes_sections_in_order(nord):
    document = note(nord[0])
    text = paragraphs(document)
    assert text[0] == "Besluttet – Sundhedsklynge Nord (Region Hovedstaden): udmøntning af klyngemidler"
    assert "Udkast fra Klyngeblik, 28. maj 2025" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == ["Indstilling", "Økonomi", "Regler", "Principper", "Kilde"]


def test_note_is_a4_with_danish_language(nord):
    document = note(nord[0])
    for section in document.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert 20 <= round(section.left_margin.mm) <= 30 and 20 <= round(section.top_margin.mm) <= 30
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert [lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))] == ["da-DK"]
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "da-DK"
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    assert runs and all(run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "da-DK" for run in runs)
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "da-DK"
    assert "en-US" not in document.styles.element.xml


def test_note_core_properties_are_its_own(nord):
    props = note(nord[0], provenance=SAVED).core_properties
    assert props.title == "Besluttet – Sundhedsklynge Nord (Region Hovedstaden): udmøntning af klyngemidler"
    assert props.author == "Anna Holm"
    assert props.language == "da-DK"
    assert recent(props.created) and recent(props.modified)
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)
    assert note(small_document()).core_properties.author == "Klyngeblik"  # nobody named: the tool


def test_note_names_body_scenario_version_author_and_saved_time(nord):
    text = paragraphs(note(nord[0], provenance=SAVED, body_name="Politisk Sundhedsklynge Nord"))
    assert "Klynge: Sundhedsklynge Nord (Region Hovedstaden)" in text
    assert "Beslutningsorgan: Politisk Sundhedsklynge Nord" in text
    assert "Scenarie: Besluttet – Sundhedsklynge Nord (Region Hovedstaden)" in text
    assert "Version: 3" in text
    assert "Gemt af: Anna Holm" in text
    assert "Gemt: 28. maj 2025 kl. 13:05" in text


def test_note_says_when_the_scenario_is_not_saved(nord):
    text = paragraphs(note(nord[0]))
    assert "Version: ikke gemt – scenariet er ikke gemt i Klyngeblik" in text
    assert "Gemt: ikke gemt" in text
    changed = paragraphs(note(nord[0], provenance=export.Provenance(3, "Anna Holm", SAVED.saved_at, changed=True)))
    assert "Version: 3, ændret efter gemning – ændringerne er ikke gemt" in changed
    assert "Gemt: 28. maj 2025 kl. 13:05 (version 3)" in changed


def test_note_lists_earlier_decisions_as_decided_not_proposed(nord):
    text = paragraphs(note(with_proposals(nord[0], "tidlig-opsporing")))
    decided = text[text.index("Allerede besluttet (indstilles ikke igen):") + 1:text.index("Det indstilles,")]
    assert decided == [
        f"KIT (Koordineret indsats på tværs af sektorer): {DECIDED_ON}, 0 kr. af klyngemidlerne.",
        f"STIME (Styrket tværsektoriel indsats for børn og unges mentale sundhed): {DECIDED_ON}, 4.000.000 kr.",
    ]
    clauses = recommended(text)
    assert not any("STIME" in clause or "KIT" in clause for clause in clauses)
    assert clauses[0].startswith("at Politisk Sundhedsklynge godkender, at Tidlig opsporing")


def test_note_without_new_proposals_proposes_only_the_rest(nord):
    assert recommended(paragraphs(note(nord[0]))) == ["at de resterende 4.555.192 kr. overføres til næste år"]


def test_note_never_says_without_cost_for_an_unknown_cost(nord):
    document = note(with_proposals(nord[0], "tidlig-opsporing", "unge-voksne"))
    text = all_text(document)
    assert "uden udgift" not in text and "har ingen udgifter" not in text
    assert ("Et initiativ med «beløb ikke angivet» har ingen angivne udgifter i scenariet: det tæller ikke med i "
            "de fordelte midler, som derfor er mindst de viste.") in text
    clauses = recommended(paragraphs(document))
    assert clauses[:2] == [
        ("at Politisk Sundhedsklynge godkender, at Tidlig opsporing af børn og unge med tegn på mistrivsel "
         "(henvisning fra almen praksis til PPR) gennemføres; beløb ikke angivet, så der er ikke afsat klyngemidler"),
        ("at Politisk Sundhedsklynge godkender, at Indsats til unge voksne med psykiatriske udfordringer "
         "gennemføres; beløb ikke angivet, så der er ikke afsat klyngemidler"),
    ]
    lines = table_after(document, "Initiativ")
    assert lines[0] == ["Initiativ", "Status", "2023", "I alt"]
    # Its year is not given either (a dash read as nothing to pay), and the year's sum is "at least".
    assert lines[3][1:] == ["indstilles", "ikke angivet", "beløb ikke angivet"]
    assert lines[-1][0] == "I alt" and lines[-1][2].startswith("mindst ")


def test_note_recommendation_names_the_amounts(nord):
    document = copy.deepcopy(nord[0])
    for line in document["lines"]:  # the same lines as proposals: nothing decided yet
        line.pop("decided", None)
        line["status"] = "forslag"
    clauses = recommended(paragraphs(note(document)))
    assert clauses == [
        ("at Politisk Sundhedsklynge godkender, at KIT (Koordineret indsats på tværs af sektorer) "
         "gennemføres, og at der afsættes 0 kr. af klyngemidlerne"),
        ("at Politisk Sundhedsklynge godkender, at der udmøntes 4.000.000 kr. til STIME (Styrket tværsektoriel "
         "indsats for børn og unges mentale sundhed) i 2023"),
        ("at initiativet finansieres med 2.000.000 kr. fra regionen og 2.000.000 kr. fra kommunerne "
         "fordelt efter befolkningsandel"),
        "at de resterende 4.555.192 kr. overføres til næste år",
    ]


def test_note_financing_covers_only_the_new_proposals(nord):
    document = with_proposals(nord[0], "tidlig-opsporing")
    document["lines"][2]["costs"] = [{"year": 2023, "amount_dkk": 300_001}]
    clauses = recommended(paragraphs(note(document)))
    assert clauses[1] == ("at initiativet finansieres med 150.001 kr. fra regionen og 150.000 kr. fra kommunerne "
                          "fordelt efter befolkningsandel")


def test_note_economy_tables(nord):
    document = note(nord[0], body_name="Politisk Sundhedsklynge Nord")
    lines, municipalities = table_after(document, "Initiativ"), table_after(document, "Kommune")
    assert lines[0] == ["Initiativ", "Status", "2023", "I alt"]
    assert lines[2][1:] == [DECIDED_ON, "4.000.000 kr.", "4.000.000 kr."] and lines[2][0].startswith("STIME")
    assert lines[-1] == ["I alt", "", "4.000.000 kr.", "4.000.000 kr."]
    assert municipalities[0] == ["Kommune", "Bidrag", "Modtaget", "Netto"]
    assert ["Hørsholm", "149.835 kr.", "500.000 kr.", "350.165 kr."] in municipalities
    assert municipalities[-1] == ["I alt", "2.000.000 kr.", "4.000.000 kr.", "2.000.000 kr."]
    economy = " ".join(paragraphs(document))
    assert "8.805.192 kr." in economy and "pulje (princip H) på 250.000 kr." in economy


def test_note_municipalities_say_ikke_besluttet_without_a_decided_financing(nord):
    """Not a dash: with no region share (A) decided, no municipality's contribution is known."""
    document = copy.deepcopy(nord[0])
    document["settings"]["region_share"] = None
    municipalities = table_after(note(document, body_name="Politisk Sundhedsklynge Nord"), "Kommune")
    assert ["Hørsholm", "ikke besluttet", "500.000 kr.", "ikke besluttet"] in municipalities
    assert municipalities[-1] == ["I alt", "ikke besluttet", "4.000.000 kr.", "ikke besluttet"]


def test_a_councils_note_and_workbook_name_its_money_for_the_council(nord):
    """A council's money is not cluster money: "Rådets midler", never "klyngemidler" (the
    note said "udmøntning af klyngemidler" and "0 kr. af klyngemidlerne" of Sundhedsråd Fyn)."""
    document = with_proposals(copy.deepcopy(nord[0]), "tidlig-opsporing")
    council = note(document, body_noun="rådet", body_name="Sundhedsråd Fyn")
    text = " ".join(paragraphs(council)) + " ".join(
        cell.text for table in council.tables for row in table.rows for cell in row.cells)
    assert "klyngemidl" not in text.lower()
    assert paragraphs(council)[0].endswith(": udmøntning af midler")
    assert "Rådets midler udgør 8.805.192 kr." in text
    assert "så der er ikke afsat midler" in text  # Tidlig opsporing has no given cost
    assert "KIT (Koordineret indsats på tværs af sektorer): " in text and "0 kr. af rådets midler" in text
    assert council.core_properties.title == paragraphs(council)[0]
    book = workbook(document, body_noun="rådet")
    assert overview(book)["Rådets midler"] == 8_805_192 and "Klyngemidler" not in overview(book)
    # A cluster's keep the clusters' own word.
    assert overview(workbook(document))["Klyngemidler"] == 8_805_192
    assert "Klyngemidlerne udgør 8.805.192 kr." in " ".join(paragraphs(note(document)))


def test_expected_funds_are_never_passed_off_as_decided(nord):
    """Money the chair expects (typed as "Forventet tildeling … ikke besluttet") is said to be
    expected in the note and the workbook; the note's source did not say so and named
    half of it "fra kommunerne" and half "fra regionen", a split nobody gave."""
    from core import scenario_edit

    document = scenario_edit.with_expected_funds(copy.deepcopy(nord[0]), {2026: 3_000_000})
    text = " ".join(paragraphs(note(document)))
    assert "Klyngemidlerne udgør 11.805.192 kr. (heraf forventet, men ikke besluttet: 3.000.000 kr. i 2026)" in text
    assert "en forventet, ikke besluttet tildeling på 3.000.000 kr. i 2026" in text
    assert "i 2026 og" not in text.split("Kilde")[-1]  # no party's share of the expected money
    assert next(row[2] for row in rows(workbook(document)["Oversigt"]) if row[0] == "Klyngemidler") == (
        "heraf forventet, ikke besluttet: 3.000.000 kr. i 2026")
    assert next(row[2] for row in rows(workbook(nord[0])["Oversigt"]) if row[0] == "Klyngemidler") is None


def test_workbook_says_the_financing_is_not_computed_without_a_decided_region_share(nord):
    """Not an empty cell: with no region share (A) decided, what region and municipalities pay
    is "ikke beregnet", and the status says why."""
    document = copy.deepcopy(nord[0])
    document["settings"]["region_share"] = None
    sheet = rows(workbook(document)["Oversigt"])
    for label in ("Regionen betaler", "Kommunerne betaler"):
        assert next(row[1:] for row in sheet if row[0] == label) == [
            "ikke beregnet", "regionens andel (princip A) er ikke besluttet"]
    assert overview(workbook(nord[0]))["Regionen betaler"] == nord[1]["region_dkk"]


def test_workbook_municipalities_are_not_computed_and_never_sum_to_0_without_a_financing(nord):
    """The Kommuner sheet left Bidrag and Netto empty without a decided region share (A), and
    its "I alt" row summed the empty cells: Excel showed 0 kr. paid by the municipalities."""
    document = copy.deepcopy(nord[0])
    document["settings"]["region_share"] = None
    sheet = workbook(document)["Kommuner"]
    body, total = rows(sheet)[1:9], rows(sheet)[9]
    assert {row[0]: row[1:] for row in body}["Hørsholm"] == [24_715, "ikke beregnet", 500_000, "ikke beregnet"]
    assert total == ["I alt", "=SUM(B2:B9)", "ikke beregnet", "=SUM(D2:D9)", "ikke beregnet"]
    assert sum_formula(sheet, total[3]) == 4_000_000
    decided = rows(workbook(nord[0])["Kommuner"])[9]
    assert decided == ["I alt", "=SUM(B2:B9)", "=SUM(C2:C9)", "=SUM(D2:D9)", "=SUM(E2:E9)"]


def test_workbook_initiatives_total_says_it_is_a_lower_bound_while_a_cost_is_not_given():
    """«I alt (med)» summed only the given amounts; an included line without a cost (its
    Bemærkning says "beløb ikke angivet") made it a lower bound nobody was told of."""
    from tests.helpers import ISSUE_EXAMPLE
    from tests.test_scenario_tables import with_unpriced_line

    last = rows(workbook(with_unpriced_line())["Initiativer"])[-1][0]
    assert last == "Med uden angivet beløb: «Tidlig opsporing». «I alt (med)» er derfor mindst de viste beløb."
    assert rows(workbook(copy.deepcopy(ISSUE_EXAMPLE))["Initiativer"])[-1][0] == "I alt (med)"


def test_note_rules_say_decided_or_assumed(nord):
    document = copy.deepcopy(nord[0])
    document["settings"]["assumed"] = ["region_share"]
    written = note(with_proposals(document, "tidlig-opsporing"))
    rules = table_after(written, "Regel")
    assert ["Regionens andel af finansieringen (A)", "50,0 %", "antaget"] in rules
    assert ["Overførsel af uforbrugte midler til næste år (G)", "ja", "besluttet"] in rules
    assert ["Tolerance for fordelingen mellem fokusområder (D)", "ikke besluttet", "ikke besluttet"] in rules
    text = paragraphs(written)
    assert "Antaget i scenariet (ikke besluttet af klyngen):" in text
    council = paragraphs(note(with_proposals(document, "tidlig-opsporing"), body_noun="rådet"))
    assert "Antaget i scenariet (ikke besluttet af rådet):" in council
    assert any(p.startswith("Sundhedsråd: ") for p in council) and not any(p.startswith("Klynge: ") for p in council)
    book = openpyxl.load_workbook(io.BytesIO(export.scenario_xlsx(document, evaluate_document(document),
                                                                 body_noun="rådet")))
    assert "Sundhedsråd" in overview(book) and "Klynge" not in overview(book)
    assert "Antaget, ikke besluttet: Regionens andel af finansieringen (A): 50 %." in text
    assert "Regionen betaler en antaget andel på 50,0 % (" in " ".join(text)
    assert "(antaget) (" not in " ".join(text)


def test_note_uses_the_engines_rules_checks_and_assumptions_when_given(nord):
    document, result = nord
    result = {**result,
              "rules": [{"key": "region_share", "principle": "A", "label": "Regionens andel", "value": None,
                         "status": "ikke besluttet"},
                        {"key": "focus_areas.mental.cap_dkk", "principle": "D", "label": "Loft for mental sundhed",
                         "value": 4_400_000, "status": "besluttet"}],
              "checks": [{"principle": "B", "status": "overholdt", "message": "Udgifterne er inden for midlerne."},
                         {"principle": "A", "status": "ikke besluttet", "message": "Regionens andel er ikke besluttet."}],
              "assumptions": ["Puljen på 250.000 kr. er antaget."]}
    written = note(document, result)
    assert table_after(written, "Regel")[1:] == [["Regionens andel (A)", "ikke besluttet", "ikke besluttet"],
                                                 ["Loft for mental sundhed (D)", "4.400.000 kr.", "besluttet"]]
    assert table_after(written, "Princip")[1:] == [["B", "overholdt", "Udgifterne er inden for midlerne."],
                                                   ["A", "ikke besluttet", "Regionens andel er ikke besluttet."]]
    assert "Puljen på 250.000 kr. er antaget." in paragraphs(written)


def test_note_financing_without_a_decided_region_share():
    document = balanced_document()
    undecided = {**document, "settings": {**document["settings"], "region_share": None, "carry_over": None}}
    clauses = export.recommendation_clauses(parse(document), undecided, evaluate_document(document), "Politisk Vest")
    assert clauses == [
        "at Politisk Vest godkender, at der udmøntes 220.000 kr. til Unge på vej i 2024",
        "at initiativet finansieres (220.000 kr.) af regionen og kommunerne; fordelingen mellem dem (princip A) "
        "er ikke besluttet",
    ]  # and no clause on the rest: carry-over is not decided


def test_note_principles_and_source(nord):
    written = note(nord[0])
    checks = table_after(written, "Princip")
    assert checks[0] == ["Princip", "Resultat", "Hvad er kontrolleret"]
    # Hovedstaden-Nord decided targets and the 4,4 mio. kr. cap, not a tolerance: D says so.
    assert [row[:2] for row in checks[1:]] == [["B", "overholdt"], ["A", "overholdt"]] + [
        ["D", "ikke besluttet"]] * 3 + [["D", "overholdt"], ["E", "overholdt"]]
    text = paragraphs(written)
    principles = text[text.index("Principper") + 1:text.index("Kilde")]
    assert principles == []  # no findings: the checks table says what was checked, nothing more
    source = " ".join(text[text.index("Kilde") + 1:])
    assert "scenariet «Besluttet – Sundhedsklynge Nord (Region Hovedstaden)»" in source
    assert "2.221.991 kr. fra kommunerne i 2022" in source and "2.180.605 kr. fra regionen i 2023" in source


def test_note_multi_year_line_errors_and_unspent_rest():
    text = paragraphs(note(small_document(), cluster_label="Sundhedsklynge Vest", body_name="Politisk Vest"))
    assert ("at Politisk Vest godkender, at der udmøntes 220.000 kr. til Unge på vej, "
            "heraf 75.000 kr. i 2024 og 145.000 kr. i 2025") in text
    assert "at Politisk Vest godkender, at der udmøntes 50.000 kr. til Vagtordning i 2024" in text
    assert ("at initiativerne finansieres med 135.000 kr. fra regionen og 135.000 kr. fra kommunerne "
            "fordelt efter befolkningsandel") in text
    assert "at de resterende 730.000 kr. ikke udmøntes" in text
    assert not any("Fravalgt" in t for t in text)
    assert any(t.startswith("Bemærk: scenariet bryder principperne på 2 punkter") for t in text)
    assert any(t.startswith("Princip E (fejl): «Vagtordning» er driftsudgifter på 50.000 kr.") for t in text)


def test_note_municipal_table_for_a_small_document():
    municipalities = table_after(note(small_document(), cluster_label="Vest"), "Kommune")
    assert municipalities[1:] == [
        ["Aby", "33.750 kr.", "20.000 kr.", "-13.750 kr."],
        ["Bby", "101.250 kr.", "0 kr.", "-101.250 kr."],
        ["I alt", "135.000 kr.", "20.000 kr.", "-115.000 kr."],
    ]


def test_note_without_findings_says_what_was_checked():
    written = note(balanced_document(), cluster_label="Vest")
    assert "overholder principperne" not in all_text(written)
    assert [row[:2] for row in table_after(written, "Princip")[1:]] == [
        ["B", "overholdt"], ["A", "overholdt"]] + [["D", "ikke besluttet"]] * 4 + [["E", "overholdt"]]
    assert not any(t.startswith("Bemærk") for t in paragraphs(written))


def test_note_without_money_or_municipalities_claims_nothing():
    document = small_document(funds=[], municipalities=[])
    document["lines"] = []
    checks = table_after(note(document, cluster_label="Tom"), "Princip")[1:]
    assert ["B", "ikke muligt"] == checks[0][:2]
    assert ["A", "ikke muligt"] == checks[1][:2]
    assert ["E", "ikke muligt"] == checks[-1][:2]
    assert not any(row[1] == "overholdt" for row in checks if row[0] in ("A", "B"))


def test_exports_say_not_given_for_a_scenario_without_funds():
    """No funds in the scenario (Nordjylland-Vest's sources decide none): the note and the
    workbook say the money is "ikke angivet", never "0 kr." or a deficit."""
    document = small_document(funds=[])
    text = paragraphs(note(document, cluster_label="Nordjylland-Vest"))
    economy = next(t for t in text if "Scenariet fordeler" in t)
    assert "ingen klyngemidler angivet" in economy and "ikke angivet" in economy
    assert not re.search(r"(?<![\d.])0 kr\.", economy) and "mere end de disponible midler" not in economy
    assert ".." not in economy
    book = workbook(document)
    figures = overview(book)
    assert figures["Klyngemidler"] == figures["Disponibelt"] == figures["Rest"] == "ikke angivet"
    assert isinstance(figures["Fordelt"], int) and figures["Fordelt"] > 0  # what is known stays a number
    years = rows(book["År"])
    assert years[0][:2] == ["År", "Midler"]
    assert {row[1] for row in years[1:]} == {"ikke angivet"}
    assert figures["Pulje (H)"] == 0  # decided: nothing set aside
    undecided = small_document(funds=[], settings={**document["settings"], "pool_dkk": None})
    assert overview(workbook(undecided))["Pulje (H)"] == "ikke besluttet"  # as on the page, never 0


def test_note_never_contains_an_email_address():
    document = small_document(name="Forslag fra anna.hansen@example.dk")
    document["lines"][0]["name"] = "Unge på vej (kontakt: bo@kommune.dk)"
    data = export.decision_note_docx(document, evaluate_document(document),
                                     cluster_label="Vest (sekretariat@rn.dk)", body_name="Politisk Vest",
                                     provenance=export.Provenance(1, "anna@region.dk"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "example.dk" not in xml and "kommune.dk" not in xml and "rn.dk" not in xml and "region.dk" not in xml
    assert "e-mail fjernet" in xml


def test_export_imports_without_streamlit_docx_or_openpyxl():
    code = ("import sys, core.export; loaded = {'streamlit', 'docx', 'openpyxl'} & set(sys.modules); "
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=export.__file__.rsplit("/core/", 1)[0])


def test_note_tables_fit_the_a4_text_width(nord):
    """Columns sized for their content within 160 mm, so messages are not squeezed."""
    written = note(with_proposals(nord[0], "tidlig-opsporing"))
    for table in written.tables:
        widths = [column.width.mm for column in table.columns]
        assert 155 <= sum(widths) <= 161, widths
    checks = next(t for t in written.tables if t.rows[0].cells[0].text == "Princip")
    assert checks.columns[2].width.mm > 3 * checks.columns[0].width.mm


def test_xlsx_years_show_money_leaving_to_a_regional_pool(nord):
    document, result = nord
    years = [{**y, "to_regional_pool_dkk": 0} for y in result["years"]]
    years[0]["to_regional_pool_dkk"] = 4_152_596
    sheet = workbook(document, {**result, "years": years})["År"]
    assert rows(sheet)[0][-1] == "Til regional pulje"
    assert [row[-1] for row in rows(sheet)[1:]] == [4_152_596, 0]
    assert sheet["G2"].number_format == "#,##0"
    assert rows(workbook(*nord)["År"])[0][-1] == "Rest"  # no such rule: no such column


def test_the_note_and_sheet_say_at_least_while_an_included_line_has_no_cost():
    from tests.test_scenario_tables import with_unpriced_line

    document = with_unpriced_line()
    said = " ".join(paragraphs(note(document)))
    assert "Scenariet fordeler mindst 4.000.000 kr., og højst 750.000 kr. er ikke fordelt." in said
    assert "Regionen betaler 50,0 % (mindst 2.000.000 kr.), kommunerne resten (mindst 2.000.000 kr.)" in said
    book = workbook(document)
    status = {row[0]: row[2] for row in rows(book["Oversigt"])[1:]}
    assert status["Fordelt"] == "mindst: 1 initiativ(er) med uden angivet beløb"
    lines_total = next(t for t in note(document).tables if t.rows[0].cells[0].text == "Initiativ").rows[-1]
    assert lines_total.cells[-1].text == "mindst 4.000.000 kr."
    only_unknown = with_unpriced_line(stime_included=False)
    only_unknown["funds"] = []
    shown = note(only_unknown)
    assert ("Scenariet angiver ingen udgifter for de initiativer, det medtager, og har ingen klyngemidler angivet"
            in " ".join(paragraphs(shown)))
    assert ("Regionen betaler 50,0 % (beløb ikke angivet), kommunerne resten (beløb ikke angivet)"
            in " ".join(paragraphs(shown)))
    lines_total = next(t for t in shown.tables if t.rows[0].cells[0].text == "Initiativ").rows[-1]
    assert lines_total.cells[-1].text == "ikke angivet"


def test_the_note_names_the_municipalities_left_out_of_the_split():
    from tests.helpers import ISSUE_EXAMPLE

    said = " ".join(paragraphs(note(copy.deepcopy(ISSUE_EXAMPLE), without_population=["Rødovre"])))
    assert "Ikke med i fordelingen, da folketallet ikke er angivet: Rødovre." in said
    assert "Ikke med i fordelingen" not in " ".join(paragraphs(note(copy.deepcopy(ISSUE_EXAMPLE))))


def test_a_rest_whose_fate_is_not_decided_is_not_called_no_rest():
    """Sundhedsråd Fyn with 2.500.000 kr. expected, no initiatives and no rule for unused money
    (G): the note said "der er ingen rest at tage stilling til" of a 2.500.000 kr. rest."""
    from core import scenario_edit

    document = scenario_edit.with_expected_funds(copy.deepcopy(small_document()), {2024: 2_500_000})
    document["lines"], document["settings"]["carry_over"] = [], None
    document["settings"]["unused_to_regional_pool"] = None
    result = evaluate_document(document)
    said = " ".join(paragraphs(note(document, result)))
    assert "ingen rest at tage stilling til" not in said
    assert (f"Resten på {formatting.dkk(result['remaining_dkk'])} er ikke fordelt; det er ikke besluttet, "
            "hvad der sker med den (princip G).") in said


def test_without_funds_the_note_does_not_say_there_is_no_rest():
    """Hovedstaden-Midt: no funds in the sources, so the rest is not known; "no rest to decide
    on" would read as 0 kr."""
    from tests.test_scenario_tables import with_unpriced_line

    document = with_unpriced_line(stime_included=False)
    document["funds"] = []
    document["lines"][1]["decided"] = {"meeting_id": "m1", "meeting_date": "2023-05-10", "meeting_title": "Politisk møde"}
    said = " ".join(paragraphs(note(document)))
    assert "Resten er ikke angivet, da scenariet ingen klyngemidler har." in said
    assert "ingen rest at tage stilling til" not in said
    # The source names no funds it does not have ("… og dets klyngemidler." listed nothing).
    assert "og dets klyngemidler (scenariet angiver ingen, hverken besluttede eller forventede)." in said


def test_municipal_figures_of_a_partial_allocation_say_what_they_leave_out():
    """An included line without a cost: the note's municipality table reads "mindst …" and
    says that the nets count only the given amounts; the workbook keeps its typed numbers and
    says the same under its tables and beside the financing."""
    from tests.helpers import ISSUE_EXAMPLE
    from tests.test_scenario_tables import with_unpriced_line

    document = with_unpriced_line()
    shown = note(document)
    municipalities = table_after(shown, "Kommune")
    assert municipalities[1][1].startswith("mindst ") and municipalities[-1][1] == "mindst 2.000.000 kr."
    said = " ".join(paragraphs(shown))
    assert ("Med uden angivet beløb: «Tidlig opsporing». Kommunernes bidrag og det modtagne er derfor mindst de "
            "viste beløb, og netto er kun regnet af initiativerne med angivet beløb.") in said
    book = workbook(document)
    status = {row[0]: row[2] for row in rows(book["Oversigt"])[1:]}
    assert status["Rest"] == "højst: 1 initiativ(er) med uden angivet beløb"
    assert status["Regionen betaler"] == status["Kommunerne betaler"] == "mindst: 1 initiativ(er) med uden angivet beløb"
    for sheet, words in (("Kommuner", "netto er kun regnet"), ("År", "Fordelt er derfor mindst"),
                         ("Fokusområder", "andelene er regnet af de angivne beløb")):
        last = rows(book[sheet])[-1][0]
        assert last.startswith("Med uden angivet beløb: «Tidlig opsporing».") and words in last, sheet
    assert isinstance(rows(book["Kommuner"])[1][2], int)  # still typed kroner
    exact = workbook(copy.deepcopy(ISSUE_EXAMPLE))
    assert not str(rows(exact["Kommuner"])[-1][0]).startswith("Med uden")
    assert {row[0]: row[2] for row in rows(exact["Oversigt"])[1:]}["Rest"] is None
