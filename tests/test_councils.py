"""The 17 councils and 98 municipalities (councils.md, municipality-codes.md), the clusters
they continue, their history on the pages, and the sidebar grouping."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from core import formatting, meetings, overview, queries

COUNCILS = [
    "sundhedsraad-hovedstaden", "sundhedsraad-koebenhavns-omegn-nord", "sundhedsraad-nordsjaelland",
    "sundhedsraad-amager-og-vestegnen", "sundhedsraad-oestsjaelland-og-oeerne",
    "sundhedsraad-midt-og-vestsjaelland", "sundhedsraad-limfjorden", "sundhedsraad-vendsyssel",
    "sundhedsraad-aarhus", "sundhedsraad-horsens", "sundhedsraad-kronjylland", "sundhedsraad-midt",
    "sundhedsraad-vestjylland", "sundhedsraad-fyn", "sundhedsraad-lillebaelt",
    "sundhedsraad-sydvestjylland", "sundhedsraad-soenderjylland",
]
HN_NAMES = ["Allerød", "Fredensborg", "Frederikssund", "Gribskov", "Halsnæs", "Helsingør", "Hillerød", "Hørsholm"]


def council_memberships(store) -> list[tuple]:
    return store.rows(
        """SELECT m.municipality, m.cluster_id FROM municipalities m JOIN clusters c USING (cluster_id)
           WHERE c.body_kind = 'sundhedsraad'"""
    )


def test_seventeen_councils_with_the_issues_ids(store):
    ids = [r[0] for r in store.rows("SELECT cluster_id FROM clusters WHERE body_kind = 'sundhedsraad'")]
    assert sorted(ids) == sorted(COUNCILS)


def test_98_municipalities_each_in_exactly_one_council(store):
    assert store.scalar("SELECT count(DISTINCT municipality) FROM base.municipalities") == 98
    rows = council_memberships(store)
    names = [r[0] for r in rows]
    assert len(rows) == 98 and len(set(names)) == 98  # every municipality once, none twice
    assert {r[1] for r in rows} == set(COUNCILS)  # every council has municipalities


def test_every_municipality_has_a_unique_three_digit_dst_code(store):
    codes = dict(store.rows("SELECT municipality, code FROM base.municipalities"))
    assert len(codes) == 98 and len(set(codes.values())) == 98
    assert all(c.isdigit() and len(c) == 3 for c in codes.values())
    assert (codes["København"], codes["Aalborg"], codes["Bornholm"], codes["Ærø"]) == ("101", "851", "400", "492")
    assert codes["Helsingør"] == "217" and codes["Rødovre"] == "175"


def test_population_is_never_zero_and_empty_means_not_given(store):
    assert store.scalar("SELECT count(*) FROM base.municipalities WHERE population <= 0") == 0
    missing = store.rows("SELECT note FROM base.municipalities WHERE population IS NULL")
    assert len(missing) >= 70 and all(r[0] for r in missing)


def test_council_facts_from_councils_md(store):
    rows = {r[0]: r[1:] for r in store.rows(
        "SELECT cluster_id, region, region_from_2027, preparatory_from, starts_on FROM clusters "
        "WHERE body_kind = 'sundhedsraad'")}
    assert all(r[2:] == (dt.date(2026, 1, 1), dt.date(2027, 1, 1)) for r in rows.values())
    assert rows["sundhedsraad-nordsjaelland"][:2] == ("Region Østdanmark", "Region Østdanmark")
    assert rows["sundhedsraad-fyn"][1] == "Region Syddanmark"
    nordsjaelland = [r[0] for r in store.rows(
        "SELECT municipality FROM municipalities WHERE cluster_id = 'sundhedsraad-nordsjaelland' ORDER BY 1")]
    assert nordsjaelland == HN_NAMES  # exactly the former Sundhedsklynge Nord's eight
    aarhus = store.rows("SELECT municipality, membership_certain FROM municipalities "
                        "WHERE cluster_id = 'sundhedsraad-aarhus' ORDER BY 1")
    assert aarhus == [("Aarhus", False), ("Samsø", False)]  # partly filled data set: not certain
    assert store.scalar("SELECT bool_and(membership_certain) FROM municipalities "
                        "WHERE cluster_id = 'sundhedsraad-hovedstaden'")  # checked against minutes


def test_successors_are_the_councils_that_continue_the_clusters(store):
    successors = dict(store.rows("SELECT cluster_id, successor_id FROM clusters WHERE successor_id IS NOT NULL"))
    assert successors == {
        "hovedstaden-nord": "sundhedsraad-nordsjaelland",
        "nordjylland-nord": "sundhedsraad-vendsyssel",
        "nordjylland-midt": "sundhedsraad-limfjorden",
        "nordjylland-syd": "sundhedsraad-limfjorden",
        "nordjylland-vest": "sundhedsraad-limfjorden",
    }
    assert queries.predecessors(store, "sundhedsraad-limfjorden")["cluster_id"].tolist() == [
        "nordjylland-midt", "nordjylland-syd", "nordjylland-vest"]
    assert queries.predecessors(store, "hovedstaden-nord").empty


def test_history_queries_take_the_predecessors_into_account(store):
    history = overview.history_initiatives(store, "sundhedsraad-nordsjaelland")
    assert [h["label"] for h in history] == ["Sundhedsklynge Nord (Region Hovedstaden)"]
    assert history[0]["initiatives"]["name"].str.startswith("STIME").any()
    decisions = meetings.history_decisions(store, "sundhedsraad-nordsjaelland")
    assert not decisions[0]["decisions"].empty
    assert overview.history_initiatives(store, "sundhedsraad-fyn") == []


def test_sidebar_groups_by_region_and_kind_councils_first(store):
    records = queries.clusters(store).to_dict("records")
    kinds = [r["body_kind"] for r in records]
    assert kinds == sorted(kinds, key=lambda k: k != "sundhedsraad")  # councils first
    councils = [r["region"] for r in records if r["body_kind"] == "sundhedsraad"]
    assert councils == sorted(councils, key=queries.REGION_ORDER.index)  # grouped by region
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["klynge"] = "sundhedsraad-nordsjaelland"
    at.run()
    selector = at.sidebar.selectbox(key="cluster_id")
    assert selector.value == "sundhedsraad-nordsjaelland"
    assert selector.options[0].startswith("Region Østdanmark › Sundhedsråd")
    assert "Region Nordjylland › Sundhedsklynge Nord" in selector.options


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info")
             for e in getattr(at, kind)]
    for table in at.table:
        parts += table.value.astype(str).to_numpy().ravel().tolist()
    return "\n".join(map(str, parts)).replace("\\", "")


def open_page(page: str, cluster_id: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["klynge"] = cluster_id
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_overblik_of_a_council_shows_its_predecessors_initiatives(db_path):
    text = page_text(open_page("pages/overblik.py", "sundhedsraad-nordsjaelland"))
    assert "Fra forgængeren Sundhedsklynge Nord (Region Hovedstaden)" in text
    assert "STIME" in text
    assert "Fra forgængeren" not in page_text(open_page("pages/overblik.py", "sundhedsraad-fyn"))


def test_moeder_of_a_council_shows_its_predecessors_decisions(db_path):
    text = page_text(open_page("pages/moeder.py", "sundhedsraad-nordsjaelland"))
    assert "Der er ingen møder for Sundhedsråd Nordsjælland" in text
    assert "Fra forgængeren Sundhedsklynge Nord (Region Hovedstaden)" in text
    assert "10. maj 2023" in text
    limfjorden = page_text(open_page("pages/moeder.py", "sundhedsraad-limfjorden"))
    assert "Fra forgængeren Sundhedsklynge Vest (Region Nordjylland)" in limfjorden
    assert "Fra forgængeren Sundhedsklynge Midt (Region Nordjylland)" in limfjorden


def test_budgetscenarier_of_a_council_shows_its_predecessors_decisions_as_history(db_path):
    at = open_page("pages/budgetscenarier.py", "sundhedsraad-nordsjaelland")
    history = [e for e in at.expander if "forgængernes besluttede" in e.label]
    assert history, [e.label for e in at.expander]
    text = page_text(at)
    assert "Fra forgængeren Sundhedsklynge Nord (Region Hovedstaden)" in text
    assert "STIME" in text
    plain = open_page("pages/budgetscenarier.py", "hovedstaden-nord")
    assert not [e for e in plain.expander if "forgængernes besluttede" in e.label]


def test_a_council_without_data_is_called_dette_raad_on_every_page(db_path):
    """Sundhedsråd Fyn has no data yet: the pages say "for dette råd", not "for denne klynge"."""
    for page, words in (("pages/overblik.py", "Der er ikke registreret midler for dette råd i kilderne."),
                        ("pages/fokusomraader.py", "Kilderne nævner ingen fokusområder for dette råd."),
                        ("pages/indikatorer.py", "Der er ikke registreret indikatorer for dette råd.")):
        text = page_text(open_page(page, "sundhedsraad-fyn"))
        assert words in text and "denne klynge" not in text, page
    assert "denne klynge" in page_text(open_page("pages/fokusomraader.py", "hovedstaden-byen"))
    assert "klyngens" not in page_text(open_page("pages/moeder.py", "sundhedsraad-nordsjaelland"))
    assert "alle klyngens møder" in page_text(open_page("pages/moeder.py", "hovedstaden-nord"))
    assert (formatting.body_noun("sundhedsraad"), formatting.this_body("sundhedsraad")) == ("rådet", "dette råd")
    assert (formatting.body_noun("sundhedsklynge"), formatting.this_body("sundhedsklynge")) == ("klyngen", "denne klynge")
