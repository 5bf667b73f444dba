"""Opfølgning in AppTest: a cluster (log, timeline, report, actions) and a council (handover)."""

from __future__ import annotations

import json

from helpers import open_page, texts

PAGE = "pages/opfoelgning.py"


def test_cluster_page_shows_log_report_and_chart(db_path):
    at = open_page(PAGE, "hovedstaden-nord")
    assert [t.label for t in at.tabs] == ["Beslutningslog", "Initiativernes forløb", "Siden sidste møde",
                                          "Handlinger", "Overdragelse"]
    log = at.dataframe[0].value
    assert any("STIME" in change for change in log["Hvad"])
    # What was decided comes right after the date: further right it fell off a 1280 px screen.
    assert list(log.columns[:2]) == ["Dato", "Hvad"]
    # ... and reads in full: the grid wraps text only in rows taller than 4rem (64 px).
    assert at.dataframe[0].proto.row_height > 64
    # The curated decisions give no reasons: the cell says so in Danish, not "None".
    assert log["Begrundelse"].isna().all() and at.dataframe[0].proto.placeholder == "ikke angivet"
    charts = at.get("vega_lite_chart")
    assert charts, "no decided-vs-spent chart"
    # Nothing spent is registered: the legend names only "Besluttet" (a "Forbrugt" beside no
    # bars read as 0 kr. spent).
    spec = json.loads(charts[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Besluttet"]
    shown = texts(at)
    assert "Beslutning" in shown and "Overdragelsesnotatet laves for et sundhedsråd" in " ".join(
        i.value for i in at.info)
    assert any(b.label.startswith("Hent som Word") for b in at.get("download_button"))


def test_status_filter_and_adding_an_action(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    at = open_page(PAGE, "hovedstaden-nord")
    at.selectbox(key="opf_log_status").set_value("afsluttet").run()
    assert any("Ingen beslutninger med" in i.value for i in at.info)
    at.text_input(key="opf_who").set_value("Sekretariatet").run()
    at.button(key="opf_suggest_0").click().run()
    assert not at.exception
    assert any("Handlingen er gemt" in s.value for s in at.success)
    actions = next(frame.value for frame in at.dataframe if "Handling" in frame.value.columns)
    assert len(actions) == 1


def test_council_page_shows_the_handover(db_path):
    at = open_page(PAGE, "sundhedsraad-vendsyssel")
    shown = texts(at)
    assert "Fra Sundhedsklynge Nord (Region Nordjylland)" in shown
    handover_tables = [f.value for f in at.dataframe if "Ikke forbrugt" in f.value.columns and "Kilde" in f.value.columns]
    assert handover_tables and list(handover_tables[0]["Besluttet"]) == ["ikke angivet"]
    assert any(b.label.startswith("Hent overdragelsesnotat") for b in at.get("download_button"))
