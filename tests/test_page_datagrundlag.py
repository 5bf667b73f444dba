"""Datagrundlag: source documents, how many rows cite each, population provenance and build
info (core.provenance), and the page for every cluster in the store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import provenance, queries
from ui.state import SELECTED_KEY

SEEDS = [
    "000_4c393243a3be118f.txt",
    "001_4df392b2b95eca09.txt",
    "002_070862dbf3aff259.txt",
    "003_8ce13542b95a5fde.txt",
    "004_2375811468b4594b.txt",
    "councils.md",
    "municipality-codes.md",
    "populations.md",
]


def open_page(cluster_id: str = "hovedstaden-nord") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["klynge"] = cluster_id
    at.run()
    return at.switch_page("pages/datagrundlag.py").run()


def test_every_source_file_is_described():
    assert provenance.source_files() == SEEDS
    assert set(provenance.DESCRIPTIONS) == set(SEEDS)
    assert provenance.DESCRIPTIONS["000_4c393243a3be118f.txt"].startswith(
        "Referat, Politisk Sundhedsklynge Nord (Region Hovedstaden), 10. maj 2023"
    )


def test_every_seed_is_cited_by_rows_in_the_store(store):
    sources = provenance.sources(store).set_index("file")
    for name in SEEDS:
        assert sources.loc[name, "rows"] > 0, name
    # seed 000: 24 indicators, 8 principles, 4 fund rows, … ; populations.md: every membership row
    assert sources.loc["000_4c393243a3be118f.txt", "rows"] >= 24 + 8 + 4
    assert "indikatorer 24" in sources.loc["000_4c393243a3be118f.txt", "by_view"]
    assert sources.loc["populations.md", "rows"] >= len(
        store.query("SELECT * FROM municipalities WHERE source LIKE 'populations.md%'")
    )


def test_citation_counts_cover_every_view_with_a_source(store):
    views = provenance.cited_views(store)
    assert {"indicators", "funds", "municipalities", "meetings", "principles", "catalogue_themes"} <= set(
        views
    )
    assert "scenarios" not in views
    counts = provenance.citation_counts(store)
    total = sum(store.scalar(f"SELECT count(*) FROM {view} WHERE source IS NOT NULL") for view in views)
    assert counts["rows"].sum() == total


def test_source_text_reads_only_plain_names_in_data_sources():
    assert "FOLK1A" in provenance.source_text("populations.md")
    assert provenance.source_text("000_4c393243a3be118f.txt").lstrip().startswith("Referat")
    for bad in (
        "../app.py",
        "sources/populations.md",
        "..\\app.py",
        ".hidden",
        "",
        "nope.txt",
        "/etc/passwd",
    ):
        with pytest.raises(ValueError):
            provenance.source_text(bad)


def test_population_provenance_shows_year_and_caveat(store):
    table = provenance.population_table(queries.municipalities(store, "hovedstaden-nord")).set_index(
        "Kommune"
    )
    assert len(table) == 8
    assert table.loc["Allerød", "Folketal"] == "26.061"
    assert table.loc["Allerød", "Opgjort"] == "2023"
    assert table.loc["Allerød", "Pr. dato"] == "1. januar 2023"
    assert table.loc["Halsnæs", "Pr. dato"] == "–"  # day not stated
    assert table["Forbehold"].str.contains("FOLK1A").all()
    midt = provenance.population_table(queries.municipalities(store, "hovedstaden-midt")).set_index("Kommune")
    assert midt.loc["Rødovre", "Folketal"] == "ikke angivet"


def test_build_info(store):
    info = provenance.build_info(store)
    assert info["built_at"] is not None
    assert len(info["fingerprint"]) == 64
    assert info["schema_version"] == store.schema_version() >= 1


# -- the page -------------------------------------------------------------------------------------


def test_datagrundlag_runs_for_every_cluster(store):
    at = open_page()
    for cluster_id, label in zip(*queries.clusters(store)[["cluster_id", "label"]].T.values):
        at.session_state[SELECTED_KEY] = cluster_id
        at.run()
        assert not at.exception, (cluster_id, at.exception)
        assert label in at.header[0].value.replace("\\", "")


def test_datagrundlag_shows_population_provenance_and_sources(db_path):
    at = open_page()
    assert "Wikipedia-kopier med henvisning til Danmarks Statistik FOLK1A" in at.warning[0].value
    # st.table cells are Markdown, escaped by the page: compare the text a reader sees
    population, sources = (
        table.value.map(lambda c: c.replace("\\", "") if isinstance(c, str) else c) for table in at.table
    )
    assert "26.061" in population["Folketal"].tolist()
    assert population["Kilde"].str.startswith("populations.md › ").all()
    assert len(sources) == len(SEEDS)
    assert (sources["Rækker der henviser hertil"] > 0).all()
    assert "Skemaversion" in at.caption[-1].value


def test_datagrundlag_shows_the_chosen_source_as_plain_text(db_path):
    at = open_page()
    at.selectbox(key="source_document").set_value("populations.md").run()
    assert not at.exception
    assert at.code[0].value.startswith("# Municipal populations")
    assert at.code[0].language in (None, "", "plaintext")
