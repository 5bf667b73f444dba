"""Fokusområder and Indikatorer: focus-area targets, rule settings and indicators (core) against
the sources, and both pages for every cluster in the store."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import indicators, overview, queries
from ui.state import SELECTED_KEY

HN = "hovedstaden-nord"


def page_text(at: AppTest) -> str:
    """Every text a user reads on the page (Markdown escapes removed)."""
    parts = [
        element.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info")
        for element in getattr(at, kind)
    ]
    parts += [expander.label for expander in at.expander]
    for table in at.table:
        parts += table.value.astype(str).to_numpy().ravel().tolist()
    return "\n".join(map(str, parts)).replace("\\", "")


def open_page(page: str, cluster_id: str = HN) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["klynge"] = cluster_id
    at.run()
    return at.switch_page(page).run()


def runs_for_every_cluster(page: str, store) -> None:
    """The page runs for each cluster and shows that cluster (its label under the title)."""
    at = open_page(page)
    clusters = queries.clusters(store)
    for cluster_id, label in zip(clusters["cluster_id"], clusters["label"]):
        at.session_state[SELECTED_KEY] = cluster_id
        at.run()
        assert not at.exception, (page, cluster_id, at.exception)
        assert at.markdown[0].value.replace("\\", "") == label


# -- focus areas and rules (core) ---------------------------------------------------------------


def test_focus_area_targets_of_hovedstaden_nord(store):
    budgets = overview.focus_area_budgets(store, HN).set_index("focus_area_id")
    assert set(budgets.index) == {"mental", "aeldre"}
    # principle D: half of the 8.805.192 kr. each; the cap decided in item 3: 4,4 mio. kr.
    assert budgets.loc["mental", "target_dkk"] == 4_402_596
    assert budgets.loc["aeldre", "target_dkk"] == 4_402_596
    assert budgets.loc["mental", "cap_dkk"] == 4_400_000
    assert pd.isna(budgets.loc["aeldre", "cap_dkk"])
    # STIME 4.000.000 kr. + KIT 0 kr., both decided 10 May 2023; the proposals have no budget yet
    assert budgets.loc["mental", "decided_dkk"] == 4_000_000
    assert budgets.loc["aeldre", "decided_dkk"] == 0


def test_focus_area_table_in_danish(store):
    table = overview.focus_area_table(overview.focus_area_budgets(store, HN)).set_index("Fokusområde")
    mental = table.loc[table.index.str.startswith("Børn og unges")].iloc[0]
    assert (mental["Målandel"], mental["Mål i kr."], mental["Loft"]) == (
        "50 %",
        "4.402.596 kr.",
        "4.400.000 kr.",
    )
    assert table.loc["Den ældre medicinske patient", "Loft"] == "intet"
    midt = overview.focus_area_table(overview.focus_area_budgets(store, "hovedstaden-midt"))
    assert set(midt["Mål i kr."]) == {"intet mål"}  # no target decided: not a dash


def test_a_target_of_money_not_given_is_not_given():
    assert overview.target_text(0.5, None) == "ikke angivet"
    assert overview.target_text(None, None) == "intet mål"
    assert overview.target_text(0.5, 4_402_596) == "4.402.596 kr."


def test_focus_chart_has_target_and_cap_only_where_set(store):
    frame = overview.focus_chart_frame(overview.focus_area_budgets(store, HN))
    assert sorted(frame["Hvad"].value_counts().to_dict().items()) == sorted(
        {overview.BUDGET_MEASURE: 2, overview.TARGET_MEASURE: 2, overview.CAP_MEASURE: 1}.items()
    )
    no_targets = overview.focus_chart_frame(overview.focus_area_budgets(store, "hovedstaden-midt"))
    assert set(no_targets["Hvad"]) == {overview.BUDGET_MEASURE}


def test_settings_in_danish(store):
    table = overview.settings_table(queries.settings_table(store, HN)).set_index("Regel")
    assert table.loc["Regionens andel af finansieringen (A)", "Værdi"] == "50 %"
    assert table.loc["Pulje til mindre initiativer (H)", "Værdi"] == "250.000 kr."
    assert table.loc["Overførsel af uforbrugte midler (G)", "Værdi"] == "Ja"
    assert list(table.index)[0].endswith("(A)")  # known rules in principle order
    nord = overview.settings_table(queries.settings_table(store, "nordjylland-nord"))
    assert nord.to_dict("records")[0]["Regel"] == "Ubrugte midler til regional pulje"
    assert nord.to_dict("records")[0]["Værdi"] == "Ja"


def test_decided_initiatives_grouped_by_focus_area(store):
    groups = dict(overview.initiatives_by_focus_area(queries.initiatives(store, HN)))
    assert len(groups) == 1
    (rows,) = groups.values()
    assert sorted(rows["Budget"]) == ["0 kr.", "4.000.000 kr."]
    nord = overview.initiatives_by_focus_area(queries.initiatives(store, "nordjylland-nord"))
    assert [name for name, _ in nord] == [overview.NO_FOCUS_AREA]


# -- indicators (core) -----------------------------------------------------------------------------


def test_indicators_hold_the_quoted_figures(store):
    found = indicators.indicators(store, HN).set_index("indicator_id")
    assert found.loc["hn-1813-henvendelser", "value"] == 140_000
    assert found.loc["hn-1813-vurderingsspor-alle-2022", "value"] == pytest.approx(9.6)
    nursing = found.loc["hn-plejehjemspladser-pr-1000-80plus"]
    assert math.isnan(nursing["value"])
    assert (nursing["value_low"], nursing["value_high"]) == (113, 182)
    assert indicators.display_value(nursing) == "113–182 pr. 1.000 80+ årige"


def test_every_indicator_has_a_source_file(store):
    everything = store.query("SELECT indicator_id, source FROM indicators")
    assert len(everything) > 40
    assert everything["source"].str.match(r"^(\d{3}_[0-9a-f]+\.txt|populations\.md) › .+").all()


def test_national_figures_only_when_asked(store):
    own = indicators.indicators(store, HN)
    with_national = indicators.indicators(store, HN, True)
    assert own["cluster_id"].eq(HN).all()
    added = with_national[with_national["cluster_id"].isna()]
    assert len(with_national) == len(own) + len(added) and len(added) > 0
    assert set(added["geography"]) == {"Hele landet"}
    assert indicators.indicators(store, "hovedstaden-byen").empty


def test_table_shows_ranges_as_ranges_and_never_a_point(store):
    table = indicators.table(indicators.indicators(store, HN))
    assert list(table.columns) == indicators.TABLE_COLUMNS
    nursing = table[table["Indikator"].str.startswith("Plejehjemspladser")].iloc[0]
    assert nursing["Værdi"].startswith("113–182")
    assert "9,6 %" in set(table["Værdi"])
    assert "140.000" in set(table["Værdi"])
    assert table["Kilde"].str.len().gt(0).all()


def test_search_needs_every_word(store):
    """The Indikatorer search is the one engine, scoped to the body's figures: every word
    must be found."""
    from core import search

    hits = search.search(store, "1813 Akutmodtagelsen", body_id=HN, kind="indicator", limit=50).hits
    assert len(hits) == 4 and all("1813" in h.title for h in hits)
    assert not search.search(store, "akutmodtagelsen findesikkeord", body_id=HN, kind="indicator").hits

def test_series_and_ranges_group_only_comparable_figures(store):
    found = indicators.indicators(store, HN, True)
    series = {(unit, geography): rows for unit, geography, rows in indicators.series_groups(found)}
    referred = series[("pct.", "Sundhedsklynge Nord (Region Hovedstaden)")]
    assert sorted(referred["value"]) == pytest.approx([3.6, 6.0, 6.3, 9.6])
    assert ("pct.", "Hele landet") in series  # chronic illness 17 % → 21 %
    for unit, _, rows in indicators.series_groups(found):
        assert set(rows["unit"]) == {unit}
    ranges = dict(indicators.range_groups(found))
    assert len(ranges["dage"]) == 2  # length of stay: the cluster's range and the national one
    assert ranges["pr. 1.000 80+ årige"]["shown"].tolist() == ["113–182 pr. 1.000 80+ årige"]
    assert "pr. 100 indbyggere" in ranges and "pr. 1.000 indbyggere" in ranges  # never mixed


# -- the pages -------------------------------------------------------------------------------------


def test_fokusomraader_runs_for_every_cluster(store):
    runs_for_every_cluster("pages/fokusomraader.py", store)


def test_indikatorer_runs_for_every_cluster(store):
    runs_for_every_cluster("pages/indikatorer.py", store)


def test_fokusomraader_shows_targets_rules_and_principles(db_path):
    at = open_page("pages/fokusomraader.py")
    text = page_text(at)
    for expected in (
        "250.000 kr.",
        "50 %",
        "4.400.000 kr.",
        "4.402.596 kr.",
        "Ja",
        "Pulje til mindre initiativer (H)",
    ):
        assert expected in text, expected
    assert [expander.label.replace("\\", "")[:2] for expander in at.expander] == [
        f"{letter}." for letter in "ABCDEFGH"
    ]
    assert len(at.get("vega_lite_chart")) == 2  # budget against target and cap; the region side by side


def test_fokusomraader_says_so_without_focus_areas(db_path):
    infos = " ".join(info.value for info in open_page("pages/fokusomraader.py", "hovedstaden-byen").info)
    assert "ingen fokusområder" in infos


def test_indikatorer_shows_values_ranges_and_sources(db_path):
    at = open_page("pages/indikatorer.py")
    text = page_text(at)
    for expected in ("113–182", "9,6 %", "6,3 %", "140.000", "000_4c393243a3be118f.txt › punkt 5"):
        assert expected in text, expected
    assert [tab.label for tab in at.tabs] == [
        "Alle tal (24 af 24)",
        "Udvikling over tid (2)",
        "Intervaller (4)",
    ]
    assert len(at.get("vega_lite_chart")) == 6  # 2 series (by unit and place) + 4 ranges (by unit)


def test_indikatorer_toggle_and_search(db_path):
    at = open_page("pages/indikatorer.py")
    at.toggle[0].set_value(True).run()
    assert at.tabs[0].label == "Alle tal (39 af 39)"
    assert "Hele landet" in page_text(at)
    at.text_input[0].input("befolkningen med kronisk sygdom").run()
    assert at.tabs[0].label == "Alle tal (2 af 39)"
    at.text_input[0].input("findes-ikke").run()
    assert "Ingen indikatorer matcher" in " ".join(info.value for info in at.info)


def test_a_decided_initiative_without_budget_is_not_0_kr(store):
    """Hovedstaden-Midt decided kateterpleje (elderly area) with no budget in the sources."""
    budgets = overview.focus_area_budgets(store, "hovedstaden-midt").set_index("focus_area_id")
    assert budgets["decided_without_budget"].sum() == 1
    table = overview.focus_area_table(budgets.reset_index())
    assert sorted(table["Besluttet budget"]) == ["ikke angivet", "intet besluttet"]
    chart = overview.focus_chart_frame(budgets.reset_index())
    assert sorted(chart["Beløb (tekst)"]) == ["ikke angivet", "intet besluttet"]
    assert "Intet besluttet" in set(chart["Opsummering"])
    assert overview.decided_budget_text(500_000, 1) == "mindst 500.000 kr."
    assert overview.decided_budget_text(500_000, 0) == "500.000 kr."
    nord = overview.focus_area_table(overview.focus_area_budgets(store, HN))  # KIT's given 0 kr. stays 0 kr.
    assert "ikke angivet" not in set(nord["Besluttet budget"])


def test_an_area_with_nothing_decided_says_so_not_0_kr(store):
    """Hovedstaden-Midt's area without decided initiatives read "Besluttet budget 0 kr.",
    as if decided initiatives cost nothing; a given 0 kr. (Nord's KIT) stays 0 kr."""
    midt = overview.focus_area_budgets(store, "hovedstaden-midt")
    assert sorted(midt["decided_count"]) == [0, 1]
    assert overview.decided_budget_text(0, 0, 0) == "intet besluttet"
    assert overview.decided_budget_text(0, 0, 2) == "0 kr."


def test_fokusomraader_legend_and_captions_name_only_what_the_body_has(db_path):
    """Nordjylland-Vest decided budgets but no targets or caps: the chart's legend names only
    the decided budget; it has no funds, and the year table's caption says so, not "Midlerne
    er opgjort pr.: ukendt". Hovedstaden-Midt's area without decided initiatives reads
    "intet besluttet"."""
    import json

    def legend(at: AppTest) -> list:
        spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
        return next(layer["encoding"]["color"]["scale"]["domain"] for layer in spec["layer"]
                    if "scale" in layer.get("encoding", {}).get("color", {}))

    vest = open_page("pages/fokusomraader.py", "nordjylland-vest")
    assert not vest.exception and legend(vest) == [overview.BUDGET_MEASURE]
    said = page_text(vest)
    assert "ukendt" not in said and "Kilderne angiver ingen midler for denne klynge." in said
    nord = open_page("pages/fokusomraader.py")
    assert legend(nord) == [overview.BUDGET_MEASURE, overview.TARGET_MEASURE, overview.CAP_MEASURE]
    assert "intet besluttet" in page_text(open_page("pages/fokusomraader.py", "hovedstaden-midt"))
