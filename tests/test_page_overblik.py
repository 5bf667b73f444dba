"""Overblik: the cluster's key figures, municipalities and initiatives (core.overview) against
the sources, and the page itself for every cluster in the store."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from core import overview, queries
from ui.state import SELECTED_KEY

HN = "hovedstaden-nord"
# populations.md, the eight municipalities of seed 000
HN_POPULATION = 26061 + 42009 + 46117 + 41920 + 31515 + 63399 + 54159 + 24715


def page_text(at: AppTest) -> str:
    """Every text a user reads on the page (Markdown escapes removed)."""
    parts = [
        element.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
        for element in getattr(at, kind)
    ]
    parts += [metric.value for metric in at.metric] + [metric.label for metric in at.metric]
    for table in at.table:
        parts += table.value.astype(str).to_numpy().ravel().tolist()
    return "\n".join(map(str, parts)).replace("\\", "")


def overblik(cluster_id: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["klynge"] = cluster_id
    return at.run()


# -- core ------------------------------------------------------------------------------------


def test_key_figures_of_hovedstaden_nord(store):
    figures = overview.key_figures(store, HN)
    assert figures["funds_dkk"] == 8_805_192
    assert (figures["first_fund_year"], figures["last_fund_year"]) == (2022, 2023)
    assert figures["municipalities"] == 8
    assert figures["municipalities_with_population"] == 8
    assert figures["population"] == HN_POPULATION
    assert (figures["initiatives_decided"], figures["initiatives_proposed"]) == (2, 2)
    assert figures["meetings"] == 1
    assert figures["latest_meeting"] == dt.date(2023, 5, 10)


def test_key_figures_of_a_cluster_without_data(store):
    figures = overview.key_figures(store, "hovedstaden-byen")
    assert figures["funds_dkk"] is None
    assert figures["municipalities"] == 0
    assert figures["population"] is None
    assert figures["meetings"] == 0 and figures["latest_meeting"] is None
    assert overview.population_figure(figures) == ("ikke angivet", None)


def test_a_population_summed_over_some_municipalities_is_no_total(store):
    """Hovedstaden-Midt: Rødovre's population is not in the sources, so the sum of the other
    eight is "at least", and the headline says what it leaves out."""
    figures = overview.key_figures(store, "hovedstaden-midt")
    assert (figures["municipalities"], figures["municipalities_with_population"]) == (9, 8)
    assert overview.population_figure(figures) == (
        "mindst 428.527", "1 kommune uden folketal")
    assert overview.population_figure(overview.key_figures(store, HN)) == ("329.895", None)


def test_profile_names_successor_and_predecessor(store):
    nord = overview.cluster_profile(store, "nordjylland-nord")
    assert nord["successor_name"] == "Sundhedsråd Vendsyssel"
    assert nord["kind_label"].startswith("Sundhedsklynge")
    council = overview.cluster_profile(store, "sundhedsraad-vendsyssel")
    assert council["predecessors"] == ["Sundhedsklynge Nord (Region Nordjylland)"]
    assert council["kind_label"] == "Sundhedsråd"
    assert overview.cluster_profile(store, HN)["successor_name"] == "Sundhedsråd Nordsjælland"
    assert overview.cluster_profile(store, "hovedstaden-byen")["successor_name"] is None


def test_population_shares_are_principle_a_key(store):
    shares = overview.municipality_shares(store, HN)
    assert shares["population_share"].sum() == pytest.approx(1.0)
    helsingoer = shares.set_index("municipality").loc["Helsingør"]
    assert helsingoer["population_share"] == pytest.approx(63399 / HN_POPULATION)
    table = overview.municipality_table(shares).set_index("Kommune")
    assert table.loc["Helsingør", "Andel af befolkningen"] == "19,2 %"
    assert table.loc["Allerød", "Folketal"] == "26.061"
    assert table.loc["Fredensborg", "Opgjort"].startswith("pr. 1. januar 2024")
    assert "Bemærkning" not in table.columns  # nothing to remark on in Hovedstaden-Nord


def test_missing_population_and_uncertain_membership_are_remarked(store):
    table = overview.municipality_table(overview.municipality_shares(store, "hovedstaden-midt")).set_index(
        "Kommune"
    )
    assert table.loc["Rødovre", "Folketal"] == "ikke angivet"
    assert table.loc["Rødovre", "Andel af befolkningen"] == "–"
    assert "Folketal mangler" in table.loc["Rødovre", "Bemærkning"]
    assert "Medlemskab usikkert" in table.loc["Rudersdal", "Bemærkning"]


def test_funds_chart_data_sums_to_the_allocated_funds(store):
    frame = overview.funds_frame(queries.funds(store, HN))
    assert frame["Beløb"].sum() == 8_805_192
    assert set(frame["Part"]) == {"Kommunerne", "Regionen"}
    assert "2.221.991 kr." in set(frame["Beløb (tekst)"])


def test_initiative_table_in_danish(store):
    table = overview.initiative_table(queries.initiatives(store, HN)).set_index("Initiativ")
    stime = table.loc[table.index.str.startswith("STIME")].iloc[0]
    assert (stime["Status"], stime["Budget"], stime["Besluttet på møde"]) == (
        "Besluttet",
        "4.000.000 kr.",
        "10. maj 2023",
    )
    proposal = table.loc[table.index.str.startswith("Tidlig opsporing")].iloc[0]
    assert (proposal["Status"], proposal["Budget"], proposal["Besluttet på møde"]) == (
        "Forslag",
        "ikke angivet",
        "",
    )
    assert table["Kilde"].str.startswith("000_").all()


# -- the page -----------------------------------------------------------------------------------


def test_overblik_runs_for_every_cluster(store):
    clusters = queries.clusters(store)
    at = overblik(HN)
    for cluster_id, name in zip(clusters["cluster_id"], clusters["name"]):
        at.session_state[SELECTED_KEY] = cluster_id
        at.run()
        assert not at.exception, (cluster_id, at.exception)
        assert at.title[0].value.replace("\\", "") == f"Overblik · {name}"  # as the reader sees it


def test_overblik_shows_hovedstaden_nord_in_danish(db_path):
    at = overblik(HN)
    text = page_text(at)
    for expected in (
        "8.805.192 kr.",
        "329.895",
        "10. maj 2023",
        "19,2 %",
        "4.000.000 kr.",
        "Nordsjællands Hospital",
    ):
        assert expected in text, expected
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Klyngemidler i alt"] == "8.805.192 kr."
    assert metrics["Kommuner"] == "8"
    assert len(at.get("vega_lite_chart")) == 2  # funds per year, population shares


def test_overblik_names_the_successor_council(db_path):
    at = overblik("nordjylland-nord")
    assert "Efterfølges af Sundhedsråd Vendsyssel" in [info.value for info in at.info]


def test_overblik_headline_population_says_what_it_leaves_out(db_path):
    metric = next(m for m in overblik("hovedstaden-midt").metric if m.label == "Borgere i alt")
    assert (metric.value, metric.delta) == ("mindst 428.527", "1 kommune uden folketal")


def test_a_meeting_without_a_date_is_not_no_meeting(db_path):
    """Hovedstaden-Midt's one meeting has no date in its minutes."""
    metrics = {metric.label: (metric.value, metric.delta) for metric in overblik("hovedstaden-midt").metric}
    assert metrics["Seneste møde"] == ("uden dato", "1 møde i referaterne")
    assert metrics["Klyngemidler i alt"][0] == "ikke angivet"


def test_overblik_says_so_when_a_cluster_has_nothing(db_path):
    at = overblik("hovedstaden-byen")
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Borgere i alt"] == "ikke angivet"
    assert metrics["Seneste møde"] == "intet i kilderne"
    infos = " ".join(info.value for info in at.info)
    assert "Der er ikke registreret midler for denne klynge i kilderne." in infos
    assert "nævner ikke, hvilke kommuner" in infos
    assert "ikke registreret initiativer" in infos


def test_the_municipalities_whose_population_is_not_given(store):
    assert queries.municipalities_without_population(store, "hovedstaden-midt") == ["Rødovre"]
    assert queries.municipalities_without_population(store, HN) == []
