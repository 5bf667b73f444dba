"""AppTest: the Idékatalog page for every cluster, theme selection via ?tema=…, search."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import helpers
from helpers import texts

from core import queries

PAGE = "pages/idekatalog.py"


def open_page(cluster_id: str = "hovedstaden-nord", **params: str) -> AppTest:
    return helpers.open_page(PAGE, cluster_id, **params)


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def test_every_cluster_runs_and_shows_the_same_catalogue(db_path, store):
    for cluster_id in queries.clusters(store)["cluster_id"]:
        at = open_page(cluster_id)
        assert at.title[0].value == "Idékatalog"
        assert [m.value for m in at.metric] == ["7", "51"]
        assert "fælles for alle klynger" in at.info[0].value
        assert headers(at) == ["Tema 1 · Den ældre medicinske patient"]


def test_default_theme_and_its_content(db_path):
    at = open_page()
    assert at.query_params["tema"] == "1"
    assert at.pills(key="idekatalog_tema").value == 1
    shown = texts(at)
    assert "3.500 midlertidige pladser" in shown  # challenge and national figures
    assert "Data, der er værd at følge" in [s.value for s in at.subheader]
    raw_markdown = "\n".join(m.value for m in at.markdown)
    assert r"[naestved\.dk](https://www.naestved.dk/nyheder/pressemeddelelser/" in raw_markdown
    indicators = at.dataframe[0].value
    assert sorted(indicators["value_text"]) == ["17 %", "20 %", "3.500"]
    assert "004_2375811468b4594b.txt › Tema 1 Den ældre medicinske patient" in shown


def test_theme_query_param_selects_the_theme(db_path):
    at = open_page(tema="3")
    assert at.pills(key="idekatalog_tema").value == 3
    assert headers(at) == ["Tema 3 · Borgere med kroniske sygdomme"]
    assert at.tabs[0].label == "Forslag (9)"


def test_bad_theme_param_falls_back_to_theme_one(db_path):
    at = open_page(tema="99")
    assert headers(at) == ["Tema 1 · Den ældre medicinske patient"]
    assert at.query_params["tema"] == "1"


def test_choosing_a_theme_updates_the_url(db_path):
    at = open_page()
    at.pills(key="idekatalog_tema").set_value(7).run()
    assert not at.exception
    assert at.query_params["tema"] == "7"
    assert headers(at) == ["Tema 7 · Adgang til lægefaglige kompetencer"]
    assert at.tabs[0].label == "Forslag (5)"


def test_search_box_filters_ideas(db_path):
    at = open_page()
    at.text_input(key="idekatalog_soeg").input("botilbud").run()
    assert not at.exception
    shown = texts(at)
    assert "6 forslag matcher »botilbud«" in shown.replace("**", "")
    links = [link.label.replace("\\", "") for link in at.get("page_link")]
    assert any("tema 2: Børn, unge og voksne med psykiske problemstillinger" in label for label in links)
    assert "**botilbud**" in shown or "**Botilbud**" in shown
    at.text_input(key="idekatalog_soeg").input("xyzzy-findes-ikke").run()
    assert any("Ingen forslag matcher" in i.value for i in at.info)


def test_a_misspelt_search_offers_the_right_word(db_path):
    """'Mente du: genindlæggelser?' on a typo; a click searches for it (same engine as Søg)."""
    at = open_page()
    at.text_input(key="idekatalog_soeg").input("genindlæggleser").run()
    assert at.button(key="idekatalog_soeg_mente_du").label == "Mente du: genindlæggelser?"
    at.button(key="idekatalog_soeg_mente_du").click().run()
    assert not at.exception
    assert at.text_input(key="idekatalog_soeg").value == "genindlæggelser"
    assert "**genindlæggelser**" in texts(at)
