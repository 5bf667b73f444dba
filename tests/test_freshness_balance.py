"""Freshness (core/freshness.py) and balance over years and across bodies (core/balance.py),
and where the pages show them."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import open_page, texts

from core import balance, freshness, userdata

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(("period", "end"), [
    ("2021", dt.date(2021, 12, 31)), ("2026K3", dt.date(2026, 9, 30)), ("2026M02", dt.date(2026, 2, 28)),
    ("2022/23", dt.date(2023, 12, 31)), ("frem mod 2030", None), ("ikke angivet", None), ("2026K5", None),
])
def test_period_end(period, end):
    assert freshness.period_end(period) == end


def test_old_figures_are_marked():
    assert freshness.label(dt.date(2025, 11, 30), TODAY).endswith("(mere end et år gammelt)")
    assert freshness.label(dt.date(2026, 7, 1), TODAY) == "pr. 1. juli 2026"
    assert freshness.label(None, TODAY) == "ukendt"
    assert "2 af 3 tal er mere end et år gammelt" in freshness.summary(
        [dt.date(2023, 1, 1), dt.date(2024, 1, 1), dt.date(2026, 10, 1)], TODAY)


def test_decided_against_target_and_cap_per_year(fresh_store):
    vest = balance.by_year_table(balance.by_year(fresh_store, "nordjylland-vest"))
    assert set(vest["Besluttet i forhold til mål og loft"]) == {"intet mål eller loft"}  # not a dash
    nord = balance.by_year_table(balance.by_year(fresh_store, "hovedstaden-nord"))
    assert nord["Besluttet i forhold til mål og loft"].str.contains("inden for loftet").any()
    frame = balance.by_year(fresh_store, "hovedstaden-nord")
    row = frame[(frame["focus_area_id"] == frame["focus_area_id"].iloc[0]) & (frame["year"] == 2023)].iloc[0]
    assert row["funds_dkk"] > 0
    assert row["target_dkk"] == round(row["target_share"] * row["funds_dkk"])
    userdata.set_focus_area(fresh_store, "hovedstaden-nord", row["name"], focus_area_id=row["focus_area_id"],
                            target_share=row["target_share"], cap_dkk=1, who="A", why="test")
    table = balance.by_year_table(balance.by_year(fresh_store, "hovedstaden-nord"))
    assert table["Besluttet i forhold til mål og loft"].str.contains("over loftet").any()


def test_region_split_puts_bodies_side_by_side(fresh_store):
    split = balance.region_split(fresh_store, "Region Nordjylland")
    assert "Sundhedsklynge Vest" in set(split["body"])
    for _, rows in split.groupby("cluster_id"):
        assert rows["share"].sum() == pytest.approx(1.0)


def test_pages_show_as_of_and_the_old_mark(db_path):
    overblik = texts(open_page("pages/overblik.py"))
    assert "Opgjort pr.:" in overblik and "mere end et år gammelt" in overblik
    indikatorer = open_page("pages/indikatorer.py")
    shown = indikatorer.table[0].value
    assert "Opgjort" in shown.columns and shown["Opgjort"].str.contains("mere end et år gammelt").any()
    fokus = open_page("pages/fokusomraader.py", "sundhedsraad-vendsyssel")
    fokus_text = texts(fokus) + " ".join(str(v) for t in fokus.table for v in t.value.to_numpy().ravel())
    assert "Sundhedsklynge Vest" in fokus_text and "Balancen i Region Nordjylland" in " ".join(
        s.value for s in fokus.subheader)
