"""Decision log, initiative timelines, actions from the minutes, "Siden sidste møde" and the
council's handover note (issue 9 points 3–5), on stores built from data/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from docx import Document

from core import clock, decisions, followup, handover, scenario_source, userdata
from core import store as store_module
from core.changelog import UserDataError

ROOT = Path(__file__).resolve().parent.parent
BODY = "hovedstaden-nord"
MEETING = "hovedstaden-nord-2023-05-10-politisk"
COUNCIL = "sundhedsraad-nordsjaelland"


def _lines(document: dict) -> dict:
    return {line["id"]: line for line in document["lines"]}


def test_new_initiative_from_an_item_reaches_budgetscenarier(fresh_store):
    change = decisions.link_decision(
        fresh_store, BODY, MEETING, 4, "nyt-initiativ", who="Sekretariatet", name="Unge voksne i Nordsjælland",
        focus_area_id="mental", amounts={2024: 300_000, 2025: 200_000},
        reasons="Relevans: unge voksne; forslaget har været i høring hos kommunerne")
    assert change is not None
    line = next(line for line in scenario_source.editable(fresh_store, BODY)["lines"]
                if line["name"] == "Unge voksne i Nordsjælland")
    assert line["status"] == "besluttet" and line["included"] is True
    assert line["costs"] == [{"year": 2024, "amount_dkk": 300_000}, {"year": 2025, "amount_dkk": 200_000}]
    assert line["decided"]["meeting_id"] == MEETING
    assert line["id"] in _lines(scenario_source.from_store(fresh_store, BODY))  # decided: in --from-store too
    log = decisions.decision_log(fresh_store, BODY)
    entry = log[log["initiative_id"] == line["id"]].iloc[0]
    assert entry["item_no"] == "4" and entry["who"] == "Sekretariatet"
    assert "300.000 kr." in entry["change"] and "høring" in entry["reasons"]
    # One change set: undo takes the initiative, its amounts and the link away together.
    userdata.undo(fresh_store, change, who="Sekretariatet")
    assert line["id"] not in _lines(scenario_source.editable(fresh_store, BODY))
    assert fresh_store.scalar("SELECT count(*) FROM app.decision_links") == 0


def test_status_change_updates_the_initiative_and_keeps_its_decision(fresh_store):
    decisions.link_decision(fresh_store, BODY, MEETING, 3, "status", who="S", initiative_id="stime",
                            status="igangsat", reasons="Kommunerne er i gang")
    row = fresh_store.query("SELECT * FROM initiatives WHERE initiative_id = 'stime'").iloc[0]
    assert row["status"] == "igangsat" and row["decided_meeting_id"] == MEETING
    assert row["start_date"] == dt.date(2023, 5, 10) or str(row["start_date"])[:10] == "2023-05-10"
    assert _lines(scenario_source.editable(fresh_store, BODY))["stime"]["costs"] == [
        {"year": 2023, "amount_dkk": 4_000_000}]
    with pytest.raises(UserDataError, match="Ny status"):
        decisions.link_decision(fresh_store, BODY, MEETING, 3, "status", who="S", initiative_id="stime",
                                status="forslag")
    with pytest.raises(UserDataError, match="Punkt"):
        decisions.link_decision(fresh_store, BODY, MEETING, 99, "status", who="S", initiative_id="stime",
                                status="afsluttet")
    with pytest.raises(UserDataError, match="anden klynge"):
        decisions.link_decision(fresh_store, "nordjylland-vest", MEETING, 3, "orientering", who="S",
                                initiative_id="stime")


def test_timeline_runs_proposal_decision_started_reported_finished(fresh_store):
    decisions.link_decision(fresh_store, BODY, MEETING, 5, "orientering", who="S", initiative_id="stime",
                            reasons="Første status")
    decisions.link_decision(fresh_store, BODY, MEETING, 3, "status", who="S", initiative_id="stime",
                            status="igangsat")
    steps = decisions.initiative_timeline(fresh_store, "stime")
    assert [s["step"] for s in steps] == ["forslag", "beslutning", "igangsat", "afrapporteret", "afsluttet"]
    assert [s["done"] for s in steps] == [True, True, True, True, False]
    assert steps[0]["item_no"] == "3" and steps[1]["meeting_id"] == MEETING
    assert steps[2]["item_no"] == "3" and steps[3]["item_no"] == "5"
    assert steps[4]["text"] == "Ikke registreret endnu"
    proposal = decisions.initiative_timeline(fresh_store, "tidlig-opsporing")
    assert [s["done"] for s in proposal] == [True, False, False, False, False]


def test_decision_log_is_chronological_and_filters(fresh_store):
    decisions.link_decision(fresh_store, "nordjylland-vest", "nordjylland-vest-2023-05-10-politisk", 3, "beloeb",
                            who="S", initiative_id="nv-unge-paa-vej", year=2024, amount_dkk=150_000)
    decisions.link_decision(fresh_store, BODY, MEETING, 2, "regel", who="S", rule_key="pool_dkk",
                            rule_value=300_000, reasons="Puljen øges")
    decisions.link_decision(fresh_store, BODY, MEETING, 3, "status", who="S", initiative_id="kit",
                            status="igangsat")
    log = decisions.decision_log(fresh_store, BODY)
    assert list(log["item_no"]) == sorted(log["item_no"], key=int)  # one meeting: in item order
    assert set(log["kind"]) == {"regel", "nyt-initiativ", "status"}
    assert "Pulje: 250.000 kr. → 300.000 kr." in set(log["change"])
    assert set(decisions.decision_log(fresh_store, BODY, status="igangsat")["initiative_id"]) == {"kit"}
    assert decisions.decision_log(fresh_store, BODY, focus_area="findes-ikke").empty
    assert set(decisions.decision_log(fresh_store, BODY, focus_area="mental")["initiative_id"]) == {"stime", "kit"}
    other = decisions.decision_log(fresh_store, "nordjylland-vest")
    assert "145.000 kr. → 150.000 kr." in " ".join(other["change"])
    assert fresh_store.scalar(
        "SELECT amount_dkk FROM initiative_costs WHERE initiative_id = 'nv-unge-paa-vej' AND year = 2024") == 150_000


# -- actions ------------------------------------------------------------------------------------
def test_actions_are_suggested_from_the_minutes_with_their_deadlines(store):
    found = followup.suggest_actions(store, MEETING)
    by_deadline = {(a["item_no"], a["deadline"]) for a in found}
    assert ("6", dt.date(2023, 11, 23)) in by_deadline  # "forelægges … på møde den 23. november 2023"
    assert ("3", dt.date(2023, 10, 9)) in by_deadline
    assert ("4", dt.date(2023, 11, 30)) in by_deadline  # "forventeligt i november 2023"
    working_group = next(a for a in found if a["item_no"] == "6" and a["deadline"])
    assert working_group["responsible"] == "Arbejdsgruppen"
    assert all(a["deadline"] is None or a["deadline"] > dt.date(2023, 5, 10) for a in found)  # no past dates
    vest = followup.suggest_actions(store, "nordjylland-vest-2023-05-10-politisk")
    assert ("2", dt.date(2023, 12, 31)) in {(a["item_no"], a["deadline"]) for a in vest}  # ved udgangen af 2023
    assert any("20. november" in a["text"] and a["deadline"] == dt.date(2023, 11, 20) for a in vest)


def test_deadline_words():
    meeting = dt.date(2023, 5, 10)
    assert followup.deadline_in("Sagen forelægges på næste møde den 23. november 2023.", meeting) == (
        dt.date(2023, 11, 23), "23. november 2023")
    assert followup.deadline_in("Evaluering inden udgangen af 2023.", meeting)[0] == dt.date(2023, 12, 31)
    assert followup.deadline_in("Det drøftes på næste møde.", meeting, dt.date(2023, 9, 1))[0] == dt.date(2023, 9, 1)
    assert followup.deadline_in("Status blev givet den 5. januar 2023.", meeting) == (None, "")


def test_actions_open_overdue_and_done(fresh_store):
    proposed = followup.suggest_actions(fresh_store, MEETING)
    late = next(a for a in proposed if a["deadline"] == dt.date(2023, 11, 23))
    followup.add_action(fresh_store, BODY, late["text"], who="S", responsible=late["responsible"],
                        deadline=late["deadline"], meeting_id=MEETING, item_position=late["item_position"])
    followup.add_action(fresh_store, BODY, "Afklar finansiering med kommunerne", who="S")
    assert late["text"] not in {a["text"] for a in followup.suggest_actions(fresh_store, MEETING)}
    before = followup.actions(fresh_store, BODY, dt.date(2023, 11, 1))
    assert not before["overdue"].any()
    after = followup.actions(fresh_store, BODY, dt.date(2023, 11, 24))
    assert after["overdue"].sum() == 1 and "Overskredet" in set(after["status_text"])
    assert "frist ikke angivet" in set(after["deadline_shown"])
    action_id = after[after["overdue"]].iloc[0]["action_id"]
    followup.set_action_done(fresh_store, action_id, who="S", on=dt.date(2023, 11, 25))
    assert not followup.actions(fresh_store, BODY, dt.date(2023, 11, 26))["overdue"].any()
    with pytest.raises(UserDataError, match="Handling"):
        followup.add_action(fresh_store, BODY, "  ", who="S")


def test_since_last_meeting(fresh_store):
    userdata.set_initiative(fresh_store, BODY, "KIT (Koordineret indsats på tværs af sektorer)", initiative_id="kit",
                            focus_area_id="mental", status="igangsat", start_date="2023-09-01", who="S",
                            why="Orientering fra Faglig sundhedsklynge")
    with fresh_store.transaction() as cur:  # an actual cost reported for STIME
        cur.execute("INSERT INTO app.user_initiative_costs VALUES ('stime', 2023, 'actual', 3500000, NULL, "
                    "'Regnskab 2023', 'S', now()::TIMESTAMP)")
    followup.add_action(fresh_store, BODY, "Forslag til politisk møde", who="S", deadline="2023-11-23")
    userdata.add_indicators(fresh_store, [{"name": "Genindlæggelser 30 dage", "cluster_id": BODY, "geography": "Nord",
                                           "period": "2023", "value": 17, "unit": "pct.", "source": "Datapakke"}],
                            who="S", why="Datapakke")
    report = followup.since_last_meeting(fresh_store, BODY, clock.today())
    assert report["last_meeting"]["meeting_id"] == MEETING
    assert [e["initiative_id"] for e in report["started"]] == ["kit"]
    money = report["money"].set_index("initiative_id")
    assert money.loc["stime", "decided_dkk"] == 4_000_000 and money.loc["stime", "spent_dkk"] == 3_500_000
    assert money.loc["stime", "unspent_text"] == "500.000 kr."
    assert money.loc["kit", "spent_text"] == "ikke angivet"  # unknown, never 0
    assert len(report["overdue_actions"]) == 1
    assert list(report["new_indicators"]["value_text"]) == ["17 %"]
    early = followup.since_last_meeting(fresh_store, BODY, dt.date(2023, 8, 1))
    assert early["started"] == []


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _check_house_style(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 25
    assert document.core_properties.language == "da-DK"
    assert document.core_properties.author == "Klyngeblik"
    assert document.core_properties.created.year >= 2025
    langs = {el.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
             for el in document.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")}
    assert langs == {"da-DK"}


def test_since_last_meeting_docx_reads_back(fresh_store):
    report = followup.since_last_meeting(fresh_store, BODY, dt.date(2024, 1, 15))
    document = Document(io.BytesIO(followup.since_last_meeting_docx(report, body_label="Sundhedsklynge Nord",
                                                                    item_no="4")))
    _check_house_style(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Punkt 4: Status på initiativer (princip F)"
    for section in ("Baggrund for sagens fremlæggelse", "Sagsfremstilling", "Indstilling"):
        assert section in headings
    text = _text(document)
    assert "4.000.000 kr." in text and "ikke angivet" in text
    assert "STIME" in text and "10. maj 2023" in text
    kit = next(row for row in document.tables[0].rows if row.cells[0].text.startswith("KIT"))
    assert [c.text for c in kit.cells[2:]] == ["0 kr.", "ikke angivet", "ikke angivet"]  # 0 decided, spent unknown


# -- handover -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def council_store(tmp_path_factory):
    """A store whose data/ names the council that succeeds hovedstaden-nord (the councils
    helper adds it to data/clusters; until then this copy adds it)."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb*"))
    path = data / "clusters" / "clusters.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if row["cluster_id"] == BODY and not row["successor_id"]:
            row["successor_id"] = COUNCIL
    if not any(row["cluster_id"] == COUNCIL for row in rows):
        rows.append({**{f: "" for f in fields}, "cluster_id": COUNCIL, "name": "Sundhedsråd Nordsjælland",
                     "region": "Region Hovedstaden", "body_kind": "sundhedsraad", "source": "populations.md › test"})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    db = tmp_path_factory.mktemp("council") / "k.duckdb"
    store_module.build(db, data_dir=data)
    opened = store_module.Store(db)
    yield opened
    opened.close()


def test_handover_lists_stime_and_kit_with_status_and_money(council_store):
    followup.add_action(council_store, BODY, "Status på STIME til rådet", who="S", deadline="2026-03-01")
    handover.add_lesson(council_store, COUNCIL, "Kommunerne skal have tid til at implementere.", who="S",
                        from_cluster_id=BODY)
    assert BODY in handover.predecessors(council_store, COUNCIL)
    note = handover.handover(council_store, COUNCIL, dt.date(2026, 1, 5))
    assert note["is_council"]
    section = next(s for s in note["predecessors"] if s["cluster_id"] == BODY)
    money = section["initiatives"].set_index("initiative_id")
    assert money.loc["stime", "status_text"] == "Besluttet" and money.loc["stime", "decided_text"] == "4.000.000 kr."
    assert money.loc["stime", "spent_text"] == "ikke angivet" and money.loc["stime", "unspent_text"] == "ikke angivet"
    assert money.loc["kit", "decided_text"] == "0 kr."
    assert money.loc["tidlig-opsporing", "decided_text"] == "ikke angivet"
    assert section["funds_total_text"] != "ikke angivet"
    assert all(fact["source"] for fact in section["binding"])
    assert any("STIME" in fact["text"] for fact in section["binding"])
    assert list(section["open_actions"]["text"]) == ["Status på STIME til rådet"]
    document = Document(io.BytesIO(handover.handover_docx(note)))
    _check_house_style(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Overdragelsesnotat til Sundhedsråd Nordsjælland (" + note["council_label"].split(" (")[1]
    assert {"Initiativer og økonomi", "Klyngemidler", "Åbne handlinger", "Beslutninger, der binder rådet",
            "Erfaringer"} <= set(headings)
    text = _text(document)
    assert "STIME" in text and "KIT" in text and "Kommunerne skal have tid" in text
    assert "000_4c393243a3be118f.txt" in text  # facts with their source
    stime = next(row for row in document.tables[0].rows if row.cells[0].text.startswith("STIME"))
    assert [c.text for c in stime.cells[1:]] == ["Besluttet", "4.000.000 kr.", "ikke angivet", "ikke angivet"]
    opsporing = next(row for row in document.tables[0].rows if row.cells[0].text.startswith("Tidlig"))
    assert "0 kr." not in [c.text for c in opsporing.cells]


def test_handover_of_a_cluster_or_council_without_predecessors_is_empty(store):
    assert handover.handover(store, "hovedstaden-midt")["predecessors"] == []
    assert not handover.handover(store, "hovedstaden-midt")["is_council"]
    vendsyssel = handover.handover(store, "sundhedsraad-vendsyssel")
    assert [s["cluster_id"] for s in vendsyssel["predecessors"]] == ["nordjylland-nord"]
    money = vendsyssel["predecessors"][0]["initiatives"]
    assert list(money["decided_text"]) == ["ikke angivet"]
