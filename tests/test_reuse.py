"""Find and reuse (issue 10, points 3 and 4): a catalogue suggestion becomes a draft initiative
that Budgetscenarier shows switched off; the matrix of bodies × themes for a cluster and a
council, with search suggestions confirmed or rejected; the XLSX read back."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from core import changelog, reuse, scenario, scenario_edit, scenario_source, theme_matrix, userdata
from core.changelog import UserDataError
from ui.scenario_panels import Keys

BODY = "hovedstaden-nord"
IDEA_TEXT_START = "At sikre aftaler med sygehus om det lægefaglige behandlingsansvar"


def line(document: dict, initiative_id: str) -> tuple[int, dict]:
    return next((i, found) for i, found in enumerate(document["lines"]) if found["id"] == initiative_id)


# -- idea → initiative (core) -------------------------------------------------------------------
def test_an_idea_becomes_a_draft_initiative_that_a_scenario_can_include(fresh_store):
    initiative_id, change_set = reuse.initiative_from_idea(
        fresh_store, BODY, 1, 2, name="Lægeansvar ved udskrivning", focus_area_id="aeldre", who="Mette")
    assert initiative_id == "hovedstaden-nord-laegeansvar-ved-udskrivning"
    row = fresh_store.query("SELECT * FROM initiatives WHERE initiative_id = ?", [initiative_id]).iloc[0]
    assert (row["name"], row["status"], row["cost_type"], row["focus_area_id"], row["origin"]) == (
        "Lægeansvar ved udskrivning", "forslag", "udvikling", "aeldre", "bruger")
    assert row["description"].startswith(IDEA_TEXT_START)
    assert "tema 1 (Den ældre medicinske patient), forslag 2" in row["note"]
    assert reuse.idea_of(fresh_store, initiative_id) == {"theme_no": 1, "idea_no": 2}
    assert not fresh_store.scalar("SELECT count(*) FROM initiative_costs WHERE initiative_id = ?", [initiative_id])
    logged = changelog.entries(fresh_store, BODY)
    assert set(logged[logged["change_set"] == change_set]["table_name"]) == {"user_initiatives", "idea_links"}

    document = scenario_source.editable(fresh_store, BODY)
    position, found = line(document, initiative_id)
    assert found["included"] is False and found["costs"] == [] and found["status"] == "forslag"
    before = scenario.evaluate_document(document)["allocated_dkk"]
    edited = scenario_edit.apply_line_edits(document, {position: {scenario_edit.INCLUDED: True, "2023": 300_000}})
    assert scenario.evaluate_document(edited)["allocated_dkk"] == before + 300_000

    userdata.undo(fresh_store, change_set, who="Mette")  # one undo takes the initiative and its link
    assert not fresh_store.scalar("SELECT count(*) FROM initiatives WHERE initiative_id = ?", [initiative_id])
    assert reuse.idea_of(fresh_store, initiative_id) is None


def test_a_second_initiative_from_the_same_idea_gets_its_own_id_and_default_name(fresh_store):
    first, _ = reuse.initiative_from_idea(fresh_store, BODY, 1, 2, who="Mette")
    second, _ = reuse.initiative_from_idea(fresh_store, BODY, 1, 2, who="Mette")
    assert second == f"{first}-2"
    name = fresh_store.scalar("SELECT name FROM initiatives WHERE initiative_id = ?", [first])
    assert name == "Sikre aftaler med sygehus om det lægefaglige …" and len(name) <= 60


@pytest.mark.parametrize("kwargs, message", [
    ({"theme_no": 9, "idea_no": 1}, "findes ikke i idékataloget"),
    ({"focus_area_id": "findes-ikke"}, "Fokusområde"),
    ({"who": " "}, "Indtastet af"),
    ({"cluster_id": "findes-ikke"}, "Klynge eller sundhedsråd"),
])
def test_bad_input_writes_nothing(fresh_store, kwargs, message):
    call = {"cluster_id": BODY, "theme_no": 1, "idea_no": 2, "who": "Mette", **kwargs}
    before = fresh_store.scalar("SELECT count(*) FROM app.change_log")
    with pytest.raises(UserDataError, match=message):
        reuse.initiative_from_idea(fresh_store, call.pop("cluster_id"), call.pop("theme_no"), call.pop("idea_no"),
                                   **call)
    assert fresh_store.scalar("SELECT count(*) FROM app.change_log") == before


# -- the matrix (core) ----------------------------------------------------------------------------
def cell(found: dict, body: str, theme_no: int) -> list[dict]:
    return next(r for r in found["rows"] if r["cluster_id"] == body)["cells"][theme_no]


def names(entries: list[dict]) -> dict[str, str]:
    return {e["name"]: e["status"] for e in entries}


STIME = "STIME (Styrket tværsektoriel indsats for børn og unges mentale sundhed)"


def test_matrix_for_a_cluster_suggests_then_keeps_what_users_confirm_or_reject(fresh_store):
    found = theme_matrix.matrix(fresh_store, "Region Hovedstaden")
    assert [r["cluster_id"] for r in found["rows"]][:1] and len(found["themes"]) == 7
    assert all(r["region"] == "Region Hovedstaden" for r in found["rows"])
    assert names(cell(found, BODY, 4))[STIME] == "forslag"
    assert "Indsats vedr. kateterpleje" in names(cell(found, "hovedstaden-midt", 1))
    # procedure is never placed on a theme
    every = [e["name"] for r in found["rows"] for c in r["cells"].values() for e in c]
    assert not any("Godkendelse af dagsorden" in n for n in every)

    change = theme_matrix.set_link(fresh_store, BODY, 4, "initiative", "stime", "bekræftet", who="Mette")
    assert names(cell(theme_matrix.matrix(fresh_store, "Region Hovedstaden"), BODY, 4))[STIME] == "bekræftet"
    row = fresh_store.rows("SELECT status, entered_by FROM app.theme_links WHERE item_id = 'stime'")
    assert row == [("bekræftet", "Mette")]
    userdata.undo(fresh_store, change, who="Mette")
    assert names(cell(theme_matrix.matrix(fresh_store, "Region Hovedstaden"), BODY, 4))[STIME] == "forslag"

    theme_matrix.set_link(fresh_store, BODY, 4, "initiative", "stime", "afvist", who="Mette")
    after = theme_matrix.matrix(fresh_store, "Region Hovedstaden")
    assert STIME not in names(cell(after, BODY, 4))  # rejected: never suggested there again
    # a hand-made link to a theme the search did not suggest
    theme_matrix.set_link(fresh_store, BODY, 7, "initiative", "kit", "bekræftet", who="Mette")
    assert "KIT (Koordineret indsats på tværs af sektorer)" in names(
        cell(theme_matrix.matrix(fresh_store, "Region Hovedstaden"), BODY, 7))


def test_matrix_for_a_council_includes_its_predecessors_items(fresh_store):
    found = theme_matrix.matrix(fresh_store, "Region Nordjylland")
    council = next(r for r in found["rows"] if r["cluster_id"] == "sundhedsraad-vendsyssel")
    assert "nordjylland-nord" in council["predecessors"]
    entries = [e for c in council["cells"].values() for e in c]
    assert entries and {e["cluster_id"] for e in entries} == {"nordjylland-nord"}
    assert {e["from"] for e in entries} == {"Sundhedsklynge Nord (Region Nordjylland)"}
    # confirmed on the predecessor's item: shows on both rows, stored on the owner
    theme_matrix.set_link(fresh_store, "nordjylland-nord", 6, "initiative", "nn-tvaersektoriel-diagnostik",
                          "bekræftet", who="Mette")
    found = theme_matrix.matrix(fresh_store, "Region Nordjylland")
    for body in ("nordjylland-nord", "sundhedsraad-vendsyssel"):
        assert names(cell(found, body, 6))["Projekt Tværsektoriel Diagnostik"] == "bekræftet"
    text = theme_matrix.cell_text(cell(found, "sundhedsraad-vendsyssel", 6))
    assert "Projekt Tværsektoriel Diagnostik (fra Sundhedsklynge Nord (Region Nordjylland))" in text
    # Limfjorden continues Nordjylland-Midt, -Syd and -Vest (councils.md): their items only
    other = next(r for r in found["rows"] if r["cluster_id"] == "sundhedsraad-limfjorden")
    other_entries = [e for c in other["cells"].values() for e in c]
    assert other_entries
    assert {e["cluster_id"] for e in other_entries} <= {"nordjylland-midt", "nordjylland-syd", "nordjylland-vest"}


def test_set_link_refuses_what_it_does_not_know(fresh_store):
    with pytest.raises(UserDataError, match="Tema"):
        theme_matrix.set_link(fresh_store, BODY, 8, "initiative", "stime", "bekræftet", who="Mette")
    with pytest.raises(UserDataError, match="kender ikke"):
        theme_matrix.set_link(fresh_store, BODY, 1, "initiative", "kateterpleje", "bekræftet", who="Mette")
    with pytest.raises(UserDataError, match="Status"):
        theme_matrix.set_link(fresh_store, BODY, 1, "initiative", "stime", "måske", who="Mette")


def test_the_matrix_as_xlsx_reads_back(fresh_store):
    from openpyxl import load_workbook

    found = theme_matrix.matrix(fresh_store, "Region Hovedstaden")
    sheet = load_workbook(io.BytesIO(theme_matrix.to_xlsx(found))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Klynge eller sundhedsråd", "Region", "Tema 1: Den ældre medicinske patient")
    assert len(rows[0]) == 9 and len(rows) == 1 + len(found["rows"])
    nord = next(r for r in rows if r[0] == "Sundhedsklynge Nord (Region Hovedstaden)")
    assert f"{STIME} [forslag – bekræft]" in nord[1 + 4].split("\n")
    assert all(c.alignment.wrap_text for c in sheet[2])
    assert sheet.page_setup.paperSize is None  # no paper size set: prints on A4 or Letter


# -- AppTest ---------------------------------------------------------------------------------------
def app(fresh_db, monkeypatch, page: str, cluster_id: str = BODY, **params) -> AppTest:
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["klynge"] = cluster_id
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_lav_initiativ_then_include_it_with_a_cost_on_budgetscenarier(fresh_db, monkeypatch):
    at = app(fresh_db, monkeypatch, "pages/idekatalog.py", tema="1")
    at.text_input(key="idea.1.2.name").set_value("Lægeansvar ved udskrivning")
    at.selectbox(key=f"idea.1.2.area.{BODY}").set_value("aeldre")
    at.text_input(key="idea.1.2.who").set_value("Mette")
    at.button(key="idea.1.2.create").click().run()
    assert not at.exception, at.exception
    assert any("Lægeansvar ved udskrivning" in s.value for s in at.success)

    at.switch_page("pages/budgetscenarier.py").run()
    at.segmented_control(key=Keys.VIEW).set_value("initiativer").run()
    assert not at.exception, at.exception
    before = metric(at, "Fordelt")
    editor = next(d for d in at.dataframe if "Med" in d.value.columns)
    table = editor.value
    position = list(table["Initiativ"]).index("Lægeansvar ved udskrivning")
    assert not table["Med"][position] and table["Status"][position] == "forslag"
    at.session_state[editor.key] = {
        "edited_rows": {position: {"Med": True, "2023": 500_000}}, "added_rows": [], "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    assert before == "4.000.000 kr." and metric(at, "Fordelt") == "4.500.000 kr."


def test_lav_initiativ_from_a_search_hit(fresh_db, monkeypatch):
    at = app(fresh_db, monkeypatch, "pages/soeg.py", q="plejehjemslæge")
    key = next(t.key for t in at.text_input if t.key and t.key.startswith("hit.forslag-") and t.key.endswith(".who"))
    prefix = key.removesuffix(".who")
    at.text_input(key=key).set_value("Mette")
    at.button(key=f"{prefix}.create").click().run()
    assert not at.exception, at.exception
    assert at.success
    store_rows = reuse.initiatives_from_ideas(__import__("core.store").store.Store(fresh_db), BODY)
    assert len(store_rows) == 1


def row_of(at: AppTest, label: str):
    table = at.table[0].value.map(lambda v: v.replace("\\", ""))  # as the reader sees it
    return table[table.iloc[:, 0] == label].iloc[0]


def test_hvem_arbejder_page_for_a_cluster_and_a_council(fresh_db, monkeypatch):
    at = app(fresh_db, monkeypatch, "pages/hvem_arbejder.py")
    assert at.selectbox(key="hvem_region").value == "Region Hovedstaden"
    nord = row_of(at, "Sundhedsklynge Nord (Region Hovedstaden)")
    assert f"{STIME} [forslag – bekræft]" in nord.iloc[4]
    at.text_input(key="hvem_who").set_value("Mette")
    at.button(key="hvem.initiative.stime.4.ja").click().run()
    assert not at.exception, at.exception
    cell_now = row_of(at, "Sundhedsklynge Nord (Region Hovedstaden)").iloc[4]
    assert STIME in cell_now and f"{STIME} [forslag" not in cell_now
    assert at.get("download_button")

    council = app(fresh_db, monkeypatch, "pages/hvem_arbejder.py", cluster_id="sundhedsraad-vendsyssel")
    assert council.selectbox(key="hvem_region").value == "Region Nordjylland"
    row = row_of(council, "Sundhedsråd Vendsyssel (Region Nordjylland)")
    assert "fra Sundhedsklynge Nord (Region Nordjylland)" in " ".join(row.iloc[1:])
