"""The source documents' facts, asserted in a store built by `python -m core build`."""

from __future__ import annotations

import datetime as dt
import re

import pytest


def one(store, sql, params=None):
    return store.scalar(sql, params)


def test_two_clusters_named_nord_in_different_regions(store):
    rows = store.rows("SELECT cluster_id, region FROM clusters WHERE name = 'Sundhedsklynge Nord' ORDER BY 1")
    assert rows == [("hovedstaden-nord", "Region Hovedstaden"), ("nordjylland-nord", "Region Nordjylland")]


def test_hovedstaden_nord_has_eight_municipalities_with_population(store):
    rows = store.rows(
        "SELECT municipality, population, population_year, source FROM municipalities "
        "WHERE cluster_id = 'hovedstaden-nord' ORDER BY 1"
    )
    assert [r[0] for r in rows] == [
        "Allerød", "Fredensborg", "Frederikssund", "Gribskov", "Halsnæs", "Helsingør", "Hillerød", "Hørsholm",
    ]
    assert all(r[1] and r[1] > 1000 and r[2] >= 2020 and r[3].startswith("populations.md") for r in rows)
    assert dict((r[0], r[1]) for r in rows)["Helsingør"] == 63399


def test_hovedstaden_nord_funds(store):
    assert one(store, "SELECT sum(amount_dkk) FROM funds WHERE cluster_id='hovedstaden-nord' AND year IN (2022, 2023)") == 8805192
    rows = dict(store.rows("SELECT party, amount_dkk FROM funds WHERE cluster_id='hovedstaden-nord' AND year=2023"))
    assert rows == {"kommuner": 2221991, "region": 2180605}
    assert one(store, "SELECT typeof(amount_dkk) FROM funds LIMIT 1") == "BIGINT"


def test_focus_area_targets_sum_to_one_and_cap(store):
    assert one(store, "SELECT sum(target_share) FROM focus_areas WHERE cluster_id='hovedstaden-nord'") == pytest.approx(1)
    assert one(store, "SELECT cap_dkk FROM focus_areas WHERE cluster_id='hovedstaden-nord' AND focus_area_id='mental'") == 4400000


def test_principles_a_to_h_and_settings(store):
    letters = [r[0] for r in store.rows("SELECT principle FROM principles WHERE cluster_id='hovedstaden-nord' ORDER BY 1")]
    assert letters == list("ABCDEFGH")
    settings = dict(store.rows("SELECT key, value FROM cluster_settings WHERE cluster_id='hovedstaden-nord'"))
    assert settings == {"region_share": "0.5", "pool_dkk": "250000", "carry_over": "true", "no_running_costs": "true"}


def test_vest_costs(store):
    costs = store.rows(
        "SELECT i.name, c.year, c.amount_dkk FROM initiative_costs c JOIN initiatives i USING (initiative_id) "
        "WHERE i.cluster_id = 'nordjylland-vest' ORDER BY c.amount_dkk DESC"
    )
    amounts = [(year, amount) for _, year, amount in costs]
    assert (2023, 900000) in amounts and (2023, 75000) in amounts and (2024, 145000) in amounts
    assert sum(a for y, a in amounts if a in (75000, 145000)) == 220000


def test_stime_track_costs(store):
    rows = store.rows("SELECT amount_dkk, kind FROM initiative_unit_costs WHERE initiative_id='stime' ORDER BY unit_no")
    assert rows == [(244350, "budget"), (241417, "budget"), (271478, "budget"), (150000, "estimate")]


def test_four_meetings_with_their_items(store):
    rows = store.rows(
        "SELECT m.cluster_id, count(a.item_no) FROM meetings m JOIN agenda_items a USING (meeting_id) "
        "GROUP BY 1 ORDER BY 1"
    )
    assert dict(rows) == {"hovedstaden-nord": 7, "hovedstaden-midt": 6, "nordjylland-nord": 8, "nordjylland-vest": 5}
    vest = [r[0] for r in store.rows(
        "SELECT item_no FROM agenda_items WHERE meeting_id LIKE 'nordjylland-vest%' ORDER BY position")]
    assert vest == ["1", "2", "3", "4", "6"]


def test_meeting_dates(store):
    dates = dict(store.rows("SELECT meeting_id, meeting_date FROM meetings"))
    assert dates["nordjylland-nord-2025-05-28-faglig"] == dt.date(2025, 5, 28)
    assert store.rows("SELECT level FROM meetings WHERE meeting_id='nordjylland-nord-2025-05-28-faglig'") == [("faglig",)]
    undated = store.rows("SELECT date_note FROM meetings WHERE meeting_date IS NULL")
    assert len(undated) == 1 and undated[0][0]  # Midt: no date, with the reason


def test_participants_without_email_and_with_apologies(store):
    text = " ".join(str(v) for row in store.rows("SELECT * FROM participants") for v in row)
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text)
    apologies = dict(store.rows(
        "SELECT meeting_id, count(*) FILTER (WHERE NOT attended) FROM participants GROUP BY 1"))
    assert apologies["nordjylland-vest-2023-05-10-politisk"] >= 1
    assert apologies["nordjylland-nord-2025-05-28-faglig"] >= 1


def test_no_email_anywhere_in_meetings(store):
    for column in ("recommendation", "decision", "body", "title"):
        hits = one(store, f"SELECT count(*) FROM agenda_items WHERE regexp_matches({column}, '[\\w.+-]+@[\\w-]+\\.[a-z]+')")
        assert hits == 0, column


def test_catalogue(store):
    assert one(store, "SELECT count(*) FROM catalogue_themes") == 7
    per_theme = [r[0] for r in store.rows("SELECT count(*) FROM catalogue_ideas GROUP BY theme_no ORDER BY theme_no")]
    assert per_theme == [7, 8, 9, 6, 8, 8, 5]


def test_indicators(store):
    calls = store.rows("SELECT value, note FROM indicators WHERE value = 140000")
    assert calls and "1813" in (calls[0][1] or "") + one(store, "SELECT name FROM indicators WHERE value = 140000")
    assert one(store, "SELECT count(*) FROM indicators WHERE value = 9.6 AND unit = 'pct.'") >= 1
    ranges = store.rows("SELECT value, value_low, value_high FROM indicators WHERE value_low = 113 AND value_high = 182")
    assert ranges == [(None, 113.0, 182.0)]
    assert one(store, "SELECT count(*) FROM indicators WHERE source IS NULL OR source = ''") == 0


def test_every_row_names_an_existing_source(store):
    tables = ["clusters", "municipalities", "focus_areas", "funds", "initiatives", "initiative_costs",
              "meetings", "indicators", "principles", "catalogue_themes"]
    for table in tables:
        missing = one(store, f"SELECT count(*) FROM {table} WHERE source IS NULL OR source = ''")
        assert missing == 0, table
