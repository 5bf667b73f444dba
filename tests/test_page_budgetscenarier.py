"""The scenario page with AppTest: sliders move totals; save, reopen, compare, stale save."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import clock, scenario_repo
from core.store import Store
from helpers import compare_saved, open_page
from ui.scenario_panels import Keys
from ui.text import escape

PAGE = "pages/budgetscenarier.py"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page(fresh_db, monkeypatch):
    """The scenario page for Hovedstaden-Nord on a store of its own (tests write to it)."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return open_page(PAGE)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def slider(at, label: str):
    return next(s for s in at.select_slider if s.label.startswith(label))


def widget(collection, suffix: str):
    return next(w for w in collection if w.key and w.key.endswith(suffix))


def show(at, view: str):
    """Switch the page's view (Scenarie, Gem og eksportér, …) like a user would."""
    at.segmented_control(key=Keys.VIEW).set_value(view).run()
    assert not at.exception, at.exception


def save(at, name: str, author: str = "Mette", as_new: bool | None = None):
    show(at, "gem")
    widget(at.text_input, ".save.name").set_value(name)
    widget(at.text_input, ".save.author").set_value(author)
    if as_new is not None:
        widget(at.checkbox, ".save.new").set_value(as_new)
    next(b for b in at.button if b.label == "Gem").click()
    at.run()
    assert not at.exception, at.exception


def test_starts_from_the_stored_decisions(page):
    assert metric(page, "Klyngemidler") == "8.805.192 kr."
    assert metric(page, "Pulje (H)") == "250.000 kr."
    assert metric(page, "Fordelt") == "4.000.000 kr."  # STIME, decided
    assert metric(page, "Rest") == "4.555.192 kr."
    # All money on one focus area: the 50 % target is named, but not judged, since the cluster
    # decided no tolerance (and none is assumed).
    checks = " ".join(m.value for m in page.markdown).replace("\\", "")
    assert "Princip D · ikke besluttet" in checks and "får 100,0 %" in checks


def test_pool_slider_moves_the_totals(page):
    slider(page, "Pulje til mindre initiativer").set_value(500_000).run()
    assert metric(page, "Pulje (H)") == "500.000 kr."
    assert metric(page, "Disponibelt") == "8.305.192 kr."
    assert metric(page, "Rest") == "4.305.192 kr."


def test_region_share_changes_what_municipalities_pay(page):
    slider(page, "Regionens andel").set_value(60.0).run()
    captions = " ".join(c.value for c in page.caption)
    assert "regionen betaler 2.400.000 kr." in captions and "kommunerne 1.600.000 kr." in captions


def test_expected_2024_money_adds_to_the_funds(page):
    widget(page.number_input, "expected.2024").set_value(4_402_596).run()
    assert metric(page, "Klyngemidler") == "13.207.788 kr."


def test_a_council_without_money_or_initiatives_in_the_sources_can_plan(fresh_db, monkeypatch):
    """Sundhedsråd Limfjorden has no funds or initiatives in the sources: the chair still
    gets the year it takes over (2027, or this year when later) and the next to enter
    expected money, and can add an initiative."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["klynge"] = "sundhedsraad-limfjorden"
    at.run()
    at.switch_page(PAGE).run()
    this_year = max(clock.today().year, 2027)  # the council's first year of its own
    widget(at.number_input, f"expected.{this_year}").set_value(500_000).run()
    assert metric(at, "Rådets midler") == "500.000 kr."
    show(at, "initiativer")
    assert any("ingen initiativer" in i.value for i in at.info)
    show(at, "tilfoej")
    widget_by_label(at.text_input, "Navn").set_value("Fælles temadag")
    widget(at.number_input, f"add.{this_year + 1}").set_value(100_000)
    next(b for b in at.button if b.label == "Tilføj").click()
    at.run()
    assert not at.exception, at.exception
    assert metric(at, "Rådets midler") == "500.000 kr."  # the expected money is kept
    assert metric(at, "Fordelt") == "100.000 kr."


def test_target_split_and_tolerance_drive_principle_d(page):
    slider(page, "Målfordeling").set_value(0).run()  # everything to the mental-health area is on target
    assert not any("får 100,0 %" in w.value for w in page.warning)


def test_save_reopen_and_versions(page, fresh_db):
    slider(page, "Pulje til mindre initiativer").set_value(500_000).run()
    save(page, "Forslag A")
    assert any("Gemt: «Forslag A», version 1" in s.value for s in page.success)
    opened = Store(fresh_db)
    try:
        saved = scenario_repo.list_scenarios(opened, "hovedstaden-nord")
        assert saved["name"].tolist() == ["Forslag A"]
        document = scenario_repo.load(opened, saved["scenario_id"][0])["document"]
        assert document["settings"]["pool_dkk"] == 500_000
    finally:
        opened.close()
    # Back in the live view the controls show the saved figures of the opened scenario.
    show(page, "scenarie")
    assert metric(page, "Pulje (H)") == "500.000 kr."
    assert slider(page, "Pulje til mindre initiativer").value == 500_000
    assert any("Åbnet: «Forslag A», version 1" in i.value for i in page.info)


def test_stale_save_is_refused_and_work_stays(page, fresh_db):
    save(page, "Forslag A")
    meta = page.session_state[Keys.META]
    other = Store(fresh_db)
    try:  # another laptop saves version 2 meanwhile
        document = scenario_repo.load(other, meta["scenario_id"])["document"]
        scenario_repo.save(other, document, author="Anden", scenario_id=meta["scenario_id"], base_version=1)
    finally:
        other.close()
    show(page, "scenarie")
    slider(page, "Pulje til mindre initiativer").set_value(100_000).run()
    save(page, "Forslag A", author="Mette")
    errors = " ".join(e.value for e in page.error)
    assert "er blevet gemt igen af Anden" in errors
    show(page, "scenarie")
    assert metric(page, "Pulje (H)") == "100.000 kr."  # the user's work is still there


def test_compare_two_saved_scenarios(page, fresh_db):
    save(page, "Forslag A")
    show(page, "scenarie")
    slider(page, "Pulje til mindre initiativer").set_value(0).run()
    save(page, "Forslag B", as_new=True)
    show(page, "sammenlign")
    compare_saved(page, fresh_db, "hovedstaden-nord")
    headers = [h.value for h in page.subheader]
    assert "Totaler" in headers and any(h.startswith("Kommuner (netto") for h in headers)
    totals = page.table[0].value
    assert list(totals.columns) == ["Forslag A \\(v1\\)", "Forslag B \\(v1\\)", "Forskel til Forslag A \\(v1\\)"]
    # The decided pool is 250.000 kr.; the chair's 0 kr. is an assumption, marked as on the page.
    assert totals.loc["Pulje \\(H\\)"].tolist() == [escape(v) for v in ("250.000 kr.", "0 kr. (antaget)",
                                                                         "-250.000 kr.")]
    # A difference is signed: the room reads "+250.000 kr." as more than the base, not as an amount.
    assert totals.loc["Disponibelt"].tolist()[2] == escape("+250.000 kr.")
    assert totals.loc["Klyngemidler"].tolist()[2] == escape("0 kr.")
    assert "Klyngemidler" in totals.index  # a cluster's money keeps the clusters' word


def test_a_council_compares_its_own_money_by_its_name(fresh_db, monkeypatch):
    """Sammenlign names a council's money "Rådets midler", as its figures do, not "Klyngemidler"."""
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = open_page(PAGE, "sundhedsraad-fyn")
    save(at, "Forslag A")
    show(at, "scenarie")
    widget(at.number_input, "expected.2027").set_value(3_000_000).run()
    save(at, "Forslag B", as_new=True)
    show(at, "sammenlign")
    compare_saved(at, fresh_db, "sundhedsraad-fyn")
    totals = at.table[0].value
    assert "Rådets midler" in totals.index and "Klyngemidler" not in totals.index
    assert totals.loc["Rådets midler"].tolist()[:2] == [escape(v) for v in ("ikke angivet", "3.000.000 kr.")]
    # Forslag B's money is only expected, and the comparison says so under the totals.
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Heraf forventet, men ikke besluttet: 3.000.000 kr. i Forslag B (v1)." in captions
    # Fyn has no focus areas or populations yet: said in Danish, not as tables reading "empty".
    assert "Ingen af scenarierne har fokusområder." in captions
    assert len(at.table) == 2  # the totals and the findings
    # Nothing is wrong, but nothing is decided either: the findings say what was checked.
    assert any("ingen fejl og ingen advarsler. Kontrol af principperne: " in m.value.replace("\\", "")
               for m in at.markdown)
    show(at, "praesentation")
    assert [m.label for m in at.metric][0] == "Rådets midler"


def test_presentation_mode_keeps_the_figures(page):
    slider(page, "Pulje til mindre initiativer").set_value(500_000).run()
    show(page, "praesentation")
    assert metric(page, "Pulje (H)") == "500.000 kr."
    assert not page.select_slider  # controls hidden
    assert not page.segmented_control  # and the view bar: the room sees only the figures
    next(b for b in page.button if b.label == "Afslut præsentation").click()
    page.run()
    assert page.segmented_control(key=Keys.VIEW).value == "scenarie"
    assert slider(page, "Pulje til mindre initiativer").value == 500_000


def test_add_an_initiative(page):
    show(page, "tilfoej")
    widget_by_label(page.text_input, "Navn").set_value("Fælles temadag")
    widget(page.number_input, "add.2023").set_value(100_000)
    next(b for b in page.button if b.label == "Tilføj").click()
    page.run()
    assert not page.exception, page.exception
    assert any("Fælles temadag" in s.value for s in page.success)
    assert metric(page, "Fordelt") == "4.100.000 kr."


def test_an_initiative_added_without_amounts_has_no_cost_given(page):
    """The form's amounts start empty ("ikke angivet"): it showed 0 for each year, and the line
    then had no cost given at all. Left empty, the cost is not given; a typed 0 is 0 kr."""
    show(page, "tilfoej")
    assert widget(page.number_input, "add.2023").value is None
    widget_by_label(page.text_input, "Navn").set_value("Temadag uden budget")
    next(b for b in page.button if b.label == "Tilføj").click()
    page.run()
    assert not page.exception, page.exception
    assert metric(page, "Fordelt") == "mindst 4.000.000 kr."  # STIME, and one cost not given
    show(page, "tilfoej")
    widget_by_label(page.text_input, "Navn").set_value("Gratis temadag")
    widget(page.number_input, "add.2023").set_value(0)
    next(b for b in page.button if b.label == "Tilføj").click()
    page.run()
    line = next(x for x in page.session_state[Keys.BASE]["lines"] if x["name"] == "Gratis temadag")
    assert [c["amount_dkk"] for c in line["costs"]] == [0]


def widget_by_label(collection, label: str):
    return next(w for w in collection if w.label == label)


def test_import_validates_before_writing(page, fresh_db):
    show(page, "gemte")
    bad = b'{"format": "klyngeblik-scenario/9", "name": "X"}'
    page.file_uploader(key="scn.upload").set_value(("forslag.json", bad, "application/json")).run()
    page.text_input(key="scn.import.author").set_value("Mette")
    next(b for b in page.button if b.label == "Importér").click()
    page.run()
    errors = " ".join(e.value for e in page.error).replace("\\", "")  # as the reader sees it
    assert "forslag.json" in errors and '"format"' in errors and "Intet er gemt" in errors
    opened = Store(fresh_db)
    try:
        assert scenario_repo.list_scenarios(opened, "hovedstaden-nord").empty
    finally:
        opened.close()

    good = (ROOT / "docs" / "examples" / "forslag-a.json").read_bytes()
    page.file_uploader(key="scn.upload").set_value(("forslag-a.json", good, "application/json")).run()
    next(b for b in page.button if b.label == "Importér").click()
    page.run()
    assert not page.exception, page.exception
    assert any("Importeret som" in s.value for s in page.success)
    assert page.session_state[Keys.VIEW] == "scenarie"  # opened in the live view
    assert metric(page, "Klyngemidler") == "8.805.192 kr."


def test_initiatives_view_shows_the_table_and_the_figures_it_drives(page):
    show(page, "initiativer")
    assert metric(page, "Fordelt") == "4.000.000 kr."
    assert "Princip D" in " ".join(m.value for m in page.markdown)
    assert not page.select_slider  # the money and rule controls belong to the Scenarie view
    editor = next(d for d in page.dataframe if "Med" in d.value.columns)
    assert list(editor.value["Initiativ"].str[:4]) == ["KIT ", "STIM", "Tidl", "Inds"]
    # The two proposals give no cost: their cells are empty and read "ikke angivet".
    assert [None if pd.isna(v) else v for v in editor.value["2023"]] == [0, 4_000_000, None, None]


def test_controls_carry_over_between_the_live_views(page):
    slider(page, "Pulje til mindre initiativer").set_value(500_000).run()
    show(page, "initiativer")
    assert metric(page, "Pulje (H)") == "500.000 kr."
    show(page, "scenarie")
    assert slider(page, "Pulje til mindre initiativer").value == 500_000
    assert metric(page, "Disponibelt") == "8.305.192 kr."


def test_expected_money_can_be_changed_after_leaving_the_view(page):
    widget(page.number_input, "expected.2024").set_value(1_000_000).run()
    show(page, "initiativer")
    show(page, "scenarie")
    expected = widget(page.number_input, "expected.2024")
    assert expected.value == 1_000_000
    assert metric(page, "Klyngemidler") == "9.805.192 kr."
    expected.set_value(400_000).run()
    assert metric(page, "Klyngemidler") == "9.205.192 kr."


def test_exports_are_built_on_click_and_name_the_saved_version(page, monkeypatch):
    """The download buttons get callables (nothing is built while the page renders); called,
    they give a note that names the version, its author and time, or says "ikke gemt"."""
    import io

    import docx
    from streamlit.delta_generator import DeltaGenerator

    offered: dict[str, object] = {}
    real = DeltaGenerator.download_button

    def recording(self, label, data, *args, **kwargs):
        offered[label] = data
        return real(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)

    def note_text() -> str:
        data = offered["Beslutningsnotat (DOCX)"]
        assert callable(data)
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data())).paragraphs)

    show(page, "gem")
    assert all(callable(data) for data in offered.values()) and len(offered) == 3
    assert any("ikke gemt" in c.value for c in page.caption)
    assert "Version: ikke gemt" in note_text()
    assert "Beslutningsorgan: Politisk Sundhedsklynge Nord" in note_text()
    save(page, "Forslag A", author="Mette")
    text = note_text()
    assert "Version: 1" in text and "Gemt af: Mette" in text
    assert f"Gemt: {clock.today().day}." in text
    assert not any("ikke gemt" in c.value for c in page.caption)
    show(page, "scenarie")
    slider(page, "Pulje til mindre initiativer").set_value(500_000).run()
    show(page, "gem")
    assert "Version: 1, ændret efter gemning – ændringerne er ikke gemt" in note_text()
