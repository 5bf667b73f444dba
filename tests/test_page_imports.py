"""The *Importér* tab on Data og regler under AppTest: upload a StatBank export, see the
preview, import it as one change in the change log, undo it there; a bad file gives a Danish
error naming file, row and column and writes nothing. Runs against a store of its own (the
panel writes)."""

from __future__ import annotations

import pytest

from core import store as store_module
from helpers import open_page
from test_imports import GOOD_INDICATORS, LABELS

PAGE = "pages/data_og_regler.py"


@pytest.fixture
def own_store(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    return fresh_db


def count(db, sql: str, params=()) -> int:
    opened = store_module.Store(db)
    try:
        return opened.scalar(sql, list(params))
    finally:
        opened.close()


def uploader(at, label_start: str):
    return next(u for u in at.file_uploader if u.label.startswith(label_start))


def who(at, name: str):
    next(t for t in at.text_input if t.label == "Indtastet af").input(name)
    return at


def frame_with(at, *columns: str):
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_population_upload_preview_import_and_undo(own_store):
    at = open_page(PAGE)
    assert "Sådan henter du filen fra Statistikbanken" in [e.label for e in at.expander]
    uploader(at, "Vælg CSV-fil fra Statistikbanken").upload("FOLK1A.csv", LABELS, "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    preview = frame_with(at, "Folketal 2026K3")
    assert list(preview["Kommune"]) == ["Aalborg", "Allerød", "Rødovre"]
    assert list(preview["Folketal 2026K3"]) == ["224.000", "26.512", "41.000"]
    assert list(preview["Status"]) == ["opdateres"] * 3
    assert at.button(key="import_population_apply").disabled  # nobody named under »Indtastet af« yet
    who(at, "Anna Sekretær").run()
    at.button(key="import_population_apply").click().run()
    assert not at.exception, at.exception
    (done,) = [s.value for s in at.success]
    assert "3 kommuner opdateret (ændring nr. 1)" in done
    assert count(own_store, "SELECT count(*) FROM app.user_populations") == 3
    assert count(own_store, "SELECT change_set FROM app.imports WHERE cluster_id = 'hovedstaden-nord'") == 1
    # The Folketal tab shows the new figure as entered, with its source.
    table = frame_with(at, "Kommune", "Opgjort pr.", "Oprindelse")
    row = table[table["Kommune"] == "Allerød"].iloc[0]
    assert row["Folketal"] == "26.512" and row["Oprindelse"] == "Indtastet"
    assert row["Kilde"].startswith("Danmarks Statistik FOLK1A 2026K3 (fil FOLK1A.csv, importeret ")
    # The change log shows the import as one change; its undo brings the curated figures back.
    assert any("Import af FOLK1A.csv: Danmarks Statistik FOLK1A 2026K3" in c.value.replace("\\", "")
               for c in at.caption)
    at.button(key="dor_undo_1").click().run()
    assert not at.exception, at.exception
    assert any("Ændring nr. 1 er fortrudt" in s.value for s in at.success)
    assert count(own_store, "SELECT count(*) FROM app.user_populations") == 0


def test_bad_population_file_names_file_row_and_column_and_writes_nothing(own_store):
    at = open_page(PAGE, "sundhedsraad-vendsyssel")
    bad = LABELS.replace(b"Aalborg;I alt;Alder i alt;I alt;2026K3;224000", b"Aalborg;I alt;Alder i alt;I alt;2026K3;mange")
    uploader(at, "Vælg CSV-fil fra Statistikbanken").upload("FOLK1A.csv", bad, "text/csv")
    who(at, "Anna")
    at.run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert "FOLK1A.csv, række 12, kolonne INDHOLD" in error.value.replace("\\", "")
    assert "Intet er gemt" in error.value
    assert not any("Status" in d.value.columns for d in at.dataframe)  # no preview, no button
    assert count(own_store, "SELECT count(*) FROM app.imports") == 0
    assert count(own_store, "SELECT count(*) FROM app.change_log") == 0


def test_indicator_upload_and_import(own_store):
    at = open_page(PAGE)
    who(at, "Bo")
    uploader(at, "Vælg CSV-fil med indikatorer").upload("indikatorer.csv", GOOD_INDICATORS, "text/csv")
    at.run()
    assert not at.exception, at.exception
    preview = frame_with(at, "Ny værdi")
    assert list(preview["Status"]) == ["ny", "ny", "ny"]
    at.button(key="import_indicators_apply").click().run()
    assert any("3 nye" in s.value for s in at.success)
    at = open_page("pages/indikatorer.py")
    shown = at.table[0].value
    row = shown[shown["Indikator"].str.replace("\\", "") == "Genindlæggelser 30 dage"].iloc[0]
    assert "(fil indikatorer.csv) · importeret af Bo" in row["Kilde"].replace("\\", "")
