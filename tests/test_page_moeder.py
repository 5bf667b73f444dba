"""AppTest: the Møder og beslutninger page for every cluster, and its real content."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import helpers
from helpers import texts

from core import queries

PAGE = "pages/moeder.py"


def open_page(cluster_id: str = "hovedstaden-nord", **params: str) -> AppTest:
    return helpers.open_page(PAGE, cluster_id, **params)


def expander_labels(at: AppTest) -> list[str]:
    return [e.label.replace("\\", "") for e in at.expander]


def test_every_cluster_runs(db_path, store):
    for cluster_id in queries.clusters(store)["cluster_id"]:
        at = open_page(cluster_id)
        assert at.title[0].value == "Møder og beslutninger"
        if queries.counts(store, cluster_id)["meetings"] == 0:
            assert any("Der er ingen møder for" in i.value for i in at.info), cluster_id


def test_hovedstaden_nord_meeting(db_path):
    at = open_page("hovedstaden-nord")
    assert at.query_params["moede"] == "hovedstaden-nord-2023-05-10-politisk"
    assert at.selectbox(key="moeder_valgt").value == "hovedstaden-nord-2023-05-10-politisk"
    shown = texts(at)
    assert "10. maj 2023" in shown
    assert "Dagsorden (7 punkter)" in shown
    assert "Initiativer besluttet på mødet (2)" in shown
    assert "Referatet angiver ingen deltagere." in shown
    labels = expander_labels(at)
    assert "Punkt 2 · Principper for fordeling af klyngemidler (B: Beslutning)" in labels
    assert "Politisk sundhedsklynge Nord godkendte indstillingen." in shown


def test_nordjylland_nord_meeting_and_participants(db_path):
    at = open_page("nordjylland-nord")
    shown = texts(at)
    assert "28. maj 2025" in shown
    assert "Hjørring Rådhus, lokale 329" in shown
    assert "16 på deltagerlisten, heraf 2 afbud." in shown
    people = next(df.value for df in at.dataframe if "status" in df.value.columns)
    assert people.set_index("name").loc["Søren Olsson", "status"] == "Afbud"
    assert "Punkt 8 · Kommende møde(r)" in expander_labels(at)


def test_undated_meeting_says_so(db_path):
    shown = texts(open_page("hovedstaden-midt"))
    assert "Dato ikke angivet" in shown
    assert "Om datoen:" in shown


def test_meeting_query_param_is_read_and_bad_values_fall_back(db_path):
    at = open_page("nordjylland-vest", moede="nordjylland-vest-2023-05-10-politisk")
    assert at.selectbox(key="moeder_valgt").value == "nordjylland-vest-2023-05-10-politisk"
    items = [label for label in expander_labels(at) if label.startswith("Punkt ")]
    assert items[-2:] == ["Punkt 4 · Børn og unges mentale sundhed", "Punkt 6 · Eventuelt"]
    at = open_page("nordjylland-vest", moede="hovedstaden-nord-2023-05-10-politisk")  # another cluster's
    assert at.query_params["moede"] == "nordjylland-vest-2023-05-10-politisk"


def test_original_document_without_emails(db_path):
    at = open_page("nordjylland-vest")
    document = at.code[0].value
    assert "Referat politisk møde Sundhedsklynge Vest" in document
    assert "@" not in document
    assert "003_8ce13542b95a5fde.txt" in texts(at)


def test_search_box_filters(db_path):
    at = open_page("hovedstaden-nord")
    at.text_input(key="moeder_soeg").input("STIME").run()
    assert not at.exception
    shown = texts(at)
    assert "1 punkt matcher »STIME«" in shown.replace("**", "")
    links = [link.label.replace("\\", "") for link in at.get("page_link")]
    assert "10. maj 2023 · Punkt 3: Indsatser vedrørende børn og unges mentale mistrivsel" in links
    assert "**STIME**" in shown
    at.text_input(key="moeder_soeg").input("xyzzy-findes-ikke").run()
    assert any("Ingen dagsordenspunkter matcher" in i.value for i in at.info)


def test_decisions_overview(db_path):
    at = open_page("nordjylland-vest")
    table = next(t.value for t in at.table if "Beslutning" in t.value.columns)
    assert list(table.columns) == ["Dato", "Punkt", "Titel", "Beslutning"]
    assert table["Punkt"].tolist() == ["2", "3", "4", "6"]
    assert table["Beslutning"].iloc[0].replace("\\", "") == "Indstillingen blev godkendt."


def test_decided_initiatives_are_shown_whole_with_their_budgets(db_path):
    """A wrapping table (st.table), so a long name is never cut; amounts in Danish kroner."""
    at = open_page("nordjylland-vest")
    decided = next(t.value for t in at.table if "Initiativ" in t.value.columns)
    assert list(decided.columns) == ["Initiativ", "Fokusområde", "Status", "Budget i alt"]
    assert decided["Initiativ"].str.contains("fortsættelse og udvidelse til nye målgrupper").any()
    assert decided["Budget i alt"].str.replace("\\", "").tolist() == ["900.000\u00a0kr.", "220.000\u00a0kr."]


@pytest.mark.parametrize("cluster_id", ["nordjylland-midt", "sundhedsraad-limfjorden"])
def test_no_meetings_message(db_path, cluster_id):
    at = open_page(cluster_id)
    assert "Der er ingen møder for" in at.info[0].value
    assert not at.expander
