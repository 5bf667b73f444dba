"""Population import (StatBank FOLK1A/FOLK1AM CSV) and indicator import: real-shaped files
(labels, codes, both; with and without BOM; country, region, sex and age rows mixed in),
every class of bad input naming row and column, the preview, one-transaction writes with
provenance, and the merged public views.

Municipalities used: Allerød (201), Aalborg (851), Thisted (787), Gentofte (157) and Rødovre
(no code in data/ on this branch: matched by name), all in data/municipalities.
Christiansø (411) is in FOLK1A but is not a municipality: it must be reported as unmatched."""

from __future__ import annotations

import io
import json
import zipfile

import duckdb
import pandas as pd
import pytest

from core.imports import indicators, population
from core.imports.common import ImportFileError

HEADER = "OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD"


def statbank(rows: list[str], header: str = HEADER, bom: bool = True, newline: str = "\r\n") -> bytes:
    text = newline.join([header, *rows]) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


# A website export with labels: country, a region, sexes and ages beside the totals, two quarters.
LABELS = statbank([
    "Hele landet;I alt;Alder i alt;I alt;2026K2;6001008",
    "Hele landet;I alt;Alder i alt;I alt;2026K3;6010000",
    "Region Hovedstaden;I alt;Alder i alt;I alt;2026K3;1900000",
    "Region Nordjylland;I alt;Alder i alt;I alt;2026K3;600000",
    "Allerød;I alt;Alder i alt;I alt;2026K2;26400",
    "Allerød;I alt;Alder i alt;I alt;2026K3;26512",
    "Allerød;Mænd;Alder i alt;I alt;2026K3;13000",
    "Allerød;Kvinder;Alder i alt;I alt;2026K3;13512",
    "Allerød;I alt;0 år;I alt;2026K3;250",
    "Allerød;I alt;Alder i alt;Ugift;2026K3;11000",
    "Aalborg;I alt;Alder i alt;I alt;2026K3;224000",
    "Aalborg;I alt;100 år;I alt;2026K3;..",
    "Rødovre;I alt;Alder i alt;I alt;2026K3;41000",
    "Christiansø;I alt;Alder i alt;I alt;2026K3;90",
])
# The API's CSV with codes (valuePresentation=Code), no BOM, \n, no CIVILSTAND column.
CODES = statbank([
    "000;TOT;IALT;2026K3;6010000",
    "084;TOT;IALT;2026K3;1900000",
    "201;TOT;IALT;2026K3;26512",
    "201;1;IALT;2026K3;13000",
    "851;TOT;IALT;2026K3;224000",
    "787;TOT;IALT;2026K3;43000",
    "411;TOT;IALT;2026K3;90",
], header="OMRÅDE;KØN;ALDER;TID;INDHOLD", bom=False, newline="\n")
# valuePresentation=CodeAndValue.
BOTH = statbank([
    "000 Hele landet;TOT I alt;IALT Alder i alt;2026K3;6010000",
    "201 Allerød;TOT I alt;IALT Alder i alt;2026K3;26512",
    "157 Gentofte;TOT I alt;IALT Alder i alt;2026K3;75000",
    "157 Gentofte;2 Kvinder;IALT Alder i alt;2026K3;39000",
], header="OMRÅDE;KØN;ALDER;TID;INDHOLD")


@pytest.fixture(scope="module")
def known(store) -> pd.DataFrame:
    return population.known_municipalities(store)


def parse(data: bytes, known: pd.DataFrame, period: str | None = None, name: str = "FOLK1A.csv"):
    return population.parse_population(data, name, known, period)


def new_values(preview) -> dict[str, int]:
    found = preview.changes[preview.changes["status"] == population.STATUS_UPDATED]
    return dict(zip(found["municipality"], found["new_population"].astype(int)))


# -- population: good files ------------------------------------------------------------

def test_labels_with_bom_take_the_latest_quarter_and_only_total_rows(known):
    preview = parse(LABELS, known)
    assert (preview.table, preview.period, preview.periods) == ("FOLK1A", "2026K3", ["2026K2", "2026K3"])
    assert str(preview.as_of) == "2026-07-01"
    assert new_values(preview) == {"Allerød": 26512, "Aalborg": 224000, "Rødovre": 41000}
    assert preview.unmatched == ["Christiansø"]  # not a municipality; country and regions are silent
    old = preview.changes.set_index("municipality")
    curated = known.set_index("municipality").loc["Allerød", "population"]
    assert old.loc["Allerød", "old_population"] == curated  # the curated figure it replaces
    assert old.loc["Allerød", "row"] == 7  # the file line the figure came from (header = 1)


def test_codes_without_bom_match_by_dst_code(known):
    preview = parse(CODES, known)
    assert new_values(preview) == {"Allerød": 26512, "Aalborg": 224000, "Thisted": 43000}
    assert preview.unmatched == ["411"]


def test_code_and_label_values(known):
    assert new_values(parse(BOTH, known)) == {"Allerød": 26512, "Gentofte": 75000}


def test_chosen_period_and_monthly_table(known):
    assert new_values(parse(LABELS, known, "2026K2")) == {"Allerød": 26400}
    monthly = statbank(["Allerød;2026M08;26500", "Allerød;2026M09;26520"], header="OMRÅDE;TID;INDHOLD")
    preview = parse(monthly, known, name="FOLK1AM.csv")
    assert (preview.table, preview.period, str(preview.as_of)) == ("FOLK1AM", "2026M09", "2026-09-01")
    assert new_values(preview) == {"Allerød": 26520}


def test_suppressed_value_keeps_the_current_figure(known):
    data = statbank(["Allerød;I alt;Alder i alt;2026K3;..", "Aalborg;I alt;Alder i alt;2026K3;224000"],
                    header="OMRÅDE;KØN;ALDER;TID;INDHOLD")
    preview = parse(data, known)
    assert preview.summary()["suppressed"] == ["Allerød"]
    assert new_values(preview) == {"Aalborg": 224000}


def test_apply_writes_once_with_provenance_and_reimport_is_unchanged(fresh_store):
    preview = population.preview_population(fresh_store, LABELS, "FOLK1A (3).csv")
    summary = population.apply_population(fresh_store, preview, "Anna Sekretær")
    assert summary["municipalities"] == 3 and summary["import_id"] == 1
    (imported,) = fresh_store.rows(
        "SELECT file_name, stat_table, period, rows, imported_by, cluster_id, change_set FROM app.imports")
    assert imported == ("FOLK1A (3).csv", "FOLK1A", "2026K3", 3, "Anna Sekretær", None, summary["change_set"])
    # The figures are user data: one row per updated municipality, nothing else.
    assert fresh_store.scalar("SELECT count(*) FROM app.user_populations") == 3
    row = fresh_store.query(
        "SELECT * FROM municipalities WHERE municipality = 'Allerød' AND cluster_id = 'hovedstaden-nord'"
    ).iloc[0]
    assert row["population"] == 26512 and row["population_year"] == 2026
    assert str(row["population_as_of"])[:10] == "2026-07-01"
    assert row["source"].startswith("Danmarks Statistik FOLK1A 2026K3 (fil FOLK1A (3).csv, importeret ")
    assert " · indtastet af Anna Sekretær " in row["source"]  # the view names who (core/views.py _by)
    assert row["origin"] == "bruger" and row["note"] == "Importeret fra Danmarks Statistik"
    again = population.preview_population(fresh_store, LABELS, "FOLK1A (3).csv")
    assert again.summary()["municipalities"] == 0 and again.summary()["unchanged"] == 3
    assert population.apply_population(fresh_store, again, "Anna")["import_id"] is None
    assert fresh_store.scalar("SELECT count(*) FROM app.imports") == 1
    assert fresh_store.scalar("SELECT count(DISTINCT change_set) FROM app.change_log") == 1


def test_population_import_is_one_change_in_the_log_and_can_be_undone(fresh_store):
    from core import changelog, userdata

    curated = fresh_store.query("SELECT DISTINCT municipality, population, source FROM municipalities")
    summary = population.apply_population(
        fresh_store, population.preview_population(fresh_store, LABELS, "FOLK1A.csv"), "Anna", "hovedstaden-nord")
    change = summary["change_set"]
    log = changelog.entries(fresh_store, "hovedstaden-nord")
    assert set(log["change_set"]) == {change}
    assert set(log["table_name"]) == {"user_populations"} and set(log["who"]) == {"Anna"}
    assert set(log["why"]) == {"Import af FOLK1A.csv: Danmarks Statistik FOLK1A 2026K3"}
    assert {json.loads(k)["municipality"] for k in log["row_key"]} == {"Allerød", "Aalborg", "Rødovre"}
    undo_set = userdata.undo(fresh_store, change, who="Bo")
    assert fresh_store.scalar("SELECT count(*) FROM app.user_populations") == 0
    after = fresh_store.query("SELECT DISTINCT municipality, population, source FROM municipalities")
    pd.testing.assert_frame_equal(after.sort_values("municipality").reset_index(drop=True),
                                  curated.sort_values("municipality").reset_index(drop=True))
    assert set(fresh_store.query("SELECT undone_by FROM app.change_log WHERE change_set = ?", [change])["undone_by"]) \
        == {undo_set}
    # The provenance stays (what was imported, and which change it was); the figures can come in again.
    assert fresh_store.scalar("SELECT change_set FROM app.imports") == change
    assert population.preview_population(fresh_store, LABELS, "FOLK1A.csv").summary()["municipalities"] == 3


def test_a_cli_import_filed_under_no_body_shows_in_every_body_s_log(fresh_store):
    from core import changelog

    change = population.apply_population(
        fresh_store, population.preview_population(fresh_store, CODES, "FOLK1A.csv"), "cron")["change_set"]
    assert change not in set(changelog.entries(fresh_store, "hovedstaden-nord")["change_set"])
    assert change in set(changelog.entries(fresh_store, "hovedstaden-nord", 500, True)["change_set"])


def test_import_and_its_provenance_are_one_transaction(fresh_store):
    from core.imports import write

    def state():
        return fresh_store.rows(
            "SELECT (SELECT count(*) FROM app.imports), (SELECT count(*) FROM app.user_populations), "
            "(SELECT count(*) FROM app.change_log), (SELECT list(population ORDER BY municipality) FROM municipalities)")

    before = state()
    rows = pd.DataFrame({"municipality": ["Allerød", "Aalborg"], "population": [26512, 224000]})
    as_of = population.period_start("2026K3")
    # The provenance insert fails (file_name is NOT NULL in app.imports): no figure, no log row.
    with pytest.raises(duckdb.ConstraintException):
        write.population(fresh_store, file_name=None, table="FOLK1A", period="2026K3", as_of=as_of,
                         imported_by="Anna", rows=rows)
    assert state() == before
    # A figure fails after the provenance row is in (not a number for a BIGINT): no provenance row either.
    bad = pd.DataFrame({"municipality": ["Allerød", "Aalborg"], "population": [26512, 2**70]})
    with pytest.raises(duckdb.Error):
        write.population(fresh_store, file_name="FOLK1A.csv", table="FOLK1A", period="2026K3", as_of=as_of,
                         imported_by="Anna", rows=bad)
    assert state() == before
    assert write.population(fresh_store, file_name="FOLK1A.csv", table="FOLK1A", period="2026K3", as_of=as_of,
                            imported_by="Anna", rows=rows)[0] == 1


# -- population: bad input, one case per class -------------------------------------------

def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"OMRÅDE": ["Allerød"], "INDHOLD": [1]}).to_excel(buffer, index=False)
    return buffer.getvalue()


H = "OMRÅDE;KØN;ALDER;TID;INDHOLD"
BAD_POPULATION = {
    # name: (file bytes, row, column, text in the message)
    "no-total-rows": (statbank(["Allerød;Mænd;Alder i alt;2026K3;13000"], header=H), None, "KØN", "ingen rækker med I alt"),
    "negative": (statbank(["Allerød;I alt;0 år;2026K3;5", "Allerød;I alt;Alder i alt;2026K3;-26000"], header=H),
                 3, "INDHOLD", "negativ"),
    "non-numeric": (statbank(["Allerød;I alt;Alder i alt;2026K3;26 tusind"], header=H), 2, "INDHOLD", "er ikke et tal"),
    "fraction": (statbank(["Allerød;I alt;Alder i alt;2026K3;26000.5"], header=H), 2, "INDHOLD", "helt tal"),
    "over-limit": (statbank(["Allerød;I alt;Alder i alt;2026K3;10000001"], header=H), 2, "INDHOLD", "10.000.000"),
    "empty-value": (statbank(["Allerød;I alt;Alder i alt;2026K3;"], header=H), 2, "INDHOLD", "tom"),
    "not-a-csv": ('{"OMRÅDE": "Allerød", "INDHOLD": 26000}\n'.encode(), 1, None, "ikke en CSV-fil fra Statistikbanken"),
    "other-table": (statbank(["Allerød;I alt;Alder i alt;Dansk;2026K3;1"], header="OMRÅDE;KØN;ALDER;HERKOMST;TID;INDHOLD"),
                    1, "HERKOMST", "findes ikke i FOLK1A"),
    "missing-value-column": (statbank(["Allerød;2026K3"], header="OMRÅDE;TID"), 1, "INDHOLD", "mangler"),
    "no-municipality": (statbank(["Hele landet;I alt;Alder i alt;2026K3;6000000", "Atlantis;I alt;Alder i alt;2026K3;5"],
                                 header=H), None, "OMRÅDE", "ingen kommuner genkendt"),
    "not-utf8": ("OMRÅDE;TID;INDHOLD\nHele landet;2026K3;1\nAllerød;2026K3;26000\n".encode("cp1252"), 1, None, "UTF-8"),
    "not-utf8-later-line": (b"OMRADE;TID;INDHOLD\nHele landet;2026K3;1\nAller\xf8d;2026K3;26000\n", 3, None, "UTF-8"),
    "xlsx-renamed": (None, None, None, "Excel-regneark"),
    "duplicate-rows": (statbank(["Allerød;I alt;Alder i alt;2026K3;26000", "201;I alt;Alder i alt;2026K3;26000"], header=H),
                       3, "OMRÅDE", "mere end én gang"),
    "bad-period": (statbank(["Allerød;I alt;Alder i alt;3. kvartal 2026;26000"], header=H), 2, "TID", "ikke en periode"),
    "period-not-in-file": (statbank(["Allerød;I alt;Alder i alt;2026K3;26000"], header=H), None, "TID", "findes ikke i filen"),
    "wrong-field-count": (statbank(["Allerød;I alt;Alder i alt;2026K3;26000", "Aalborg;I alt;2026K3;1;2;3"], header=H),
                          3, None, "felter"),
    "empty": (b"", None, None, "tom"),
    "header-only": (statbank([], header=H), None, None, "ingen rækker"),
}


@pytest.mark.parametrize("case", sorted(BAD_POPULATION))
def test_bad_population_file_names_row_and_column(case, known):
    data, row, column, text = BAD_POPULATION[case]
    if case == "xlsx-renamed":
        data = xlsx_bytes()
    period = "2026K1" if case == "period-not-in-file" else None
    with pytest.raises(ImportFileError) as raised:
        parse(data, known, period, name="folk1a.csv")
    error = raised.value
    assert (error.row, error.field) == (row, column), str(error)
    assert text in str(error)
    assert str(error).startswith("folk1a.csv")
    if row is not None:
        assert f"række {row}" in str(error)


def test_a_file_over_the_size_limit_is_refused_before_parsing(known, monkeypatch):
    from core.imports import common

    monkeypatch.setattr(common, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match="højst importeres"):
        parse(LABELS, known)


# -- indicators ----------------------------------------------------------------------------

def ind(text: str) -> bytes:
    return text.encode("utf-8")


GOOD_INDICATORS = ind(
    "name,geography,period,value,value_low,value_high,unit,source,cluster_id,note\n"
    'Genindlæggelser 30 dage,Allerød,2025,"6,3",,,pct.,eSundhed 2025,hovedstaden-nord,\n'
    "Ventetid genoptræning,Allerød,2025,,113,182,dage,Kommunens opgørelse,hovedstaden-nord,interval\n"
    "Borgere 85+,Hele landet,2025,140000,,,antal,Danmarks Statistik,,\n"
)
SEMICOLON_INDICATORS = ind(
    "\ufeffname;geography;period;value;unit;source\n"
    "Borgere 85+;Hele landet;2026;1.234,5;antal;Danmarks Statistik\n"
    "Andel;Thisted;2026;9.6;pct.;RKKP\n"
)


def preview_ind(store, data: bytes, name: str = "indikatorer.csv"):
    return indicators.preview_indicators(store, data, name)


def test_indicator_file_with_danish_decimals_and_a_range(store):
    preview = preview_ind(store, GOOD_INDICATORS)
    rows = preview.rows.set_index("name")
    assert rows.loc["Genindlæggelser 30 dage", "value"] == pytest.approx(6.3)
    assert (rows.loc["Ventetid genoptræning", "value_low"], rows.loc["Ventetid genoptræning", "value_high"]) == (113, 182)
    assert rows.loc["Borgere 85+", "value"] == 140000 and rows.loc["Borgere 85+", "cluster_id"] is None
    assert preview.summary() == {"file": "indikatorer.csv", "rows": 3, "new": 3, "changed": 0, "unchanged": 0}
    semicolon = preview_ind(store, SEMICOLON_INDICATORS).rows.set_index("name")
    assert semicolon.loc["Borgere 85+", "value"] == pytest.approx(1234.5)
    assert semicolon.loc["Andel", "value"] == pytest.approx(9.6)


def test_indicator_import_stands_beside_curated_figures_and_replaces_its_own(fresh_store):
    curated = fresh_store.scalar("SELECT count(*) FROM indicators WHERE origin = 'kurateret'")
    summary = indicators.apply_indicators(fresh_store, preview_ind(fresh_store, GOOD_INDICATORS), "Bo")
    assert summary["import_id"] == 1 and summary["new"] == 3
    shown = fresh_store.query("SELECT * FROM indicators WHERE origin = 'bruger' ORDER BY name")
    assert len(shown) == 3 and shown["indicator_id"].str.startswith("import-").all()
    assert fresh_store.scalar("SELECT count(*) FROM indicators WHERE origin = 'kurateret'") == curated
    assert shown["source"].str.match(
        r".+ \(fil indikatorer\.csv\) · indtastet af Bo \d\d\.\d\d\.\d{4} \d\d:\d\d$").all()
    assert {s.split(" (fil")[0] for s in shown["source"]} == {"eSundhed 2025", "Kommunens opgørelse",
                                                              "Danmarks Statistik"}
    assert shown["entered_at"].notna().all()
    changed = GOOD_INDICATORS.replace(b'"6,3"', b'"7,1"')
    again = preview_ind(fresh_store, changed)
    status = dict(zip(again.rows["name"], again.rows["status"]))
    assert status["Genindlæggelser 30 dage"] == indicators.STATUS_CHANGED
    assert status["Borgere 85+"] == indicators.STATUS_UNCHANGED
    assert again.rows.set_index("name").loc["Genindlæggelser 30 dage", "old"] == "6,3 %"
    second = indicators.apply_indicators(fresh_store, again, "Bo")
    values = fresh_store.query(
        "SELECT value FROM indicators WHERE name = 'Genindlæggelser 30 dage' AND origin = 'bruger'"
    )["value"].tolist()
    assert values == [pytest.approx(7.1)]  # the newer import replaces the older, no duplicate
    # Only the changed figure is in the second change set.
    assert fresh_store.scalar("SELECT count(DISTINCT row_key) FROM app.change_log WHERE change_set = ?",
                              [second["change_set"]]) == 1


def test_indicator_ids_are_deterministic_and_distinct():
    from core.imports.write import indicator_id

    first = indicator_id("Andel 65+", "Allerød", "2025", None)
    assert first == indicator_id("Andel 65+", "Allerød", "2025", None)
    assert first.startswith("import-andel-65-alleroed-2025-")
    assert first != indicator_id("Andel 65", "Allerød", "2025", None)  # same slug, other figure
    assert first != indicator_id("Andel 65+", "Allerød", "2025", "hovedstaden-nord")


def test_imported_indicator_shows_its_source_on_the_indicator_table(fresh_store):
    from core import indicators as indicator_reads

    indicators.apply_indicators(fresh_store, preview_ind(fresh_store, GOOD_INDICATORS), "Bo")
    table = indicator_reads.table(indicator_reads.indicators(fresh_store, "hovedstaden-nord"))
    row = table[table["Indikator"] == "Genindlæggelser 30 dage"].iloc[0]
    assert row["Værdi"] == "6,3 %"
    assert row["Kilde"].startswith("eSundhed 2025 (fil indikatorer.csv) · importeret af Bo ")
    assert row["Opgjort"]  # as-of from the period


IH = "name,geography,period,value,value_low,value_high,unit,source,cluster_id\n"
BAD_INDICATORS = {
    "missing-column": (ind("name,geography,period,value,unit\nA,B,2025,1,pct.\n"), 1, "source", "mangler"),
    "unknown-column": (ind("name,geography,period,value,unit,source,farve\nA,B,2025,1,pct.,K,rød\n"), 1, "farve", "ukendt"),
    "empty-required": (ind(IH + "A,B,2025,1,,,pct.,K,\nA2,,2025,1,,,pct.,K,\n"), 3, "geography", "tomt"),
    "not-a-number": (ind(IH + "A,B,2025,mange,,,pct.,K,\n"), 2, "value", "ikke et tal"),
    "no-value": (ind(IH + "A,B,2025,,,,pct.,K,\n"), 2, "value", "hverken"),
    "value-and-range": (ind(IH + "A,B,2025,1,1,2,pct.,K,\n"), 2, "value", "ikke begge"),
    "half-range": (ind(IH + "A,B,2025,,1,,pct.,K,\n"), 2, "value_high", "højeste"),
    "range-backwards": (ind(IH + "A,B,2025,,5,2,pct.,K,\n"), 2, "value_high", "mindre end"),
    "unknown-cluster": (ind(IH + "A,B,2025,1,,,pct.,K,atlantis\n"), 2, "cluster_id", "atlantis"),
    "duplicate-rows": (ind(IH + "A,B,2025,1,,,pct.,K,\nC,B,2025,1,,,pct.,K,\nA,B,2025,2,,,pct.,K,\n"), 4, "name",
                       "række 2, 4"),
    "over-limit": (ind(IH + "A,B,2025,100000000001,,,pct.,K,\n"), 2, "value", "over grænsen"),
    "too-long-name": (ind(IH + "A" * 201 + ",B,2025,1,,,pct.,K,\n"), 2, "name", "200 tegn"),
    "not-utf8": ("name;geography;period;value;unit;source\nØ;B;2025;1;pct.;K\n".encode("cp1252"), 2, None, "UTF-8"),
    "xlsx-renamed": (None, None, None, "Excel-regneark"),
}


@pytest.mark.parametrize("case", sorted(BAD_INDICATORS))
def test_bad_indicator_file_names_row_and_column(case, store):
    data, row, column, text = BAD_INDICATORS[case]
    if case == "xlsx-renamed":
        data = xlsx_bytes()
    with pytest.raises(ImportFileError) as raised:
        preview_ind(store, data)
    assert (raised.value.row, raised.value.field) == (row, column), str(raised.value)
    assert text in str(raised.value)


def test_xlsx_fixture_is_a_real_zip():
    assert zipfile.is_zipfile(io.BytesIO(xlsx_bytes()))


# -- the batch write an import uses gives the same rows and log as writing row by row --------

def test_batch_write_equals_row_by_row(fresh_store):
    from core import userdata

    def rows(values: dict[str, int]):
        return [("user_populations", {"municipality": m},
                 {"population": p, "population_year": 2026, "population_as_of": population.period_start("2026K3"),
                  "note": None, "source": "FOLK1A 2026K3"}) for m, p in values.items()]

    def written(change_set: int):
        log = fresh_store.rows(
            "SELECT who, cluster_id, table_name, row_key, field, old_value, new_value, action, why "
            "FROM app.change_log WHERE change_set = ? ORDER BY change_id", [change_set])
        table = fresh_store.rows("SELECT * EXCLUDE (entered_at) FROM app.user_populations ORDER BY ALL")
        return log, table

    log = {"who": "Anna", "why": "test", "cluster_id": "hovedstaden-nord"}
    first = rows({"Allerød": 26512, "Aalborg": 224000})
    userdata._write(fresh_store, first, **log)  # row by row: the state the next write changes
    second = rows({"Allerød": 26600, "Aalborg": 224000, "Thisted": 43000})  # one changed, one same, one new
    batch = userdata.write_rows(fresh_store, second, **log)
    by_batch = written(batch)
    userdata.undo(fresh_store, batch, who="Anna")
    row_by_row = written(userdata._write(fresh_store, second, **log))
    assert by_batch == row_by_row
    assert [entry[7] for entry in by_batch[0]] == ["ret", "opret", "opret", "opret", "opret"]
    assert userdata.write_rows(fresh_store, second, **log) is None  # nothing changed: nothing written
