"""Drafts in the store (migration 4) and the Danish change list of a working scenario."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from core import drafts, scenario_diff, scenario_edit, scenario_source
from core.store import Store

CLUSTER = "hovedstaden-nord"


@pytest.fixture
def opened(store) -> dict:
    return scenario_source.editable(store, CLUSTER)


def test_a_draft_is_kept_per_draft_id_and_body(fresh_store, opened):
    draft_id = drafts.new_id()
    assert drafts.valid_id(draft_id) and not drafts.valid_id("nope") and not drafts.valid_id(None)
    assert drafts.read(fresh_store, draft_id, CLUSTER) is None
    drafts.write(fresh_store, draft_id, CLUSTER, opened, author="Mette")
    working = scenario_edit.with_settings(opened, pool_dkk=500_000)
    drafts.write(fresh_store, draft_id, CLUSTER, working, opened_scenario_id="forslag-a", opened_version=2)
    drafts.write(fresh_store, draft_id, "nordjylland-vest", {"name": "andet"})
    kept = drafts.read(fresh_store, draft_id, CLUSTER)
    assert kept.document == working
    assert (kept.opened_scenario_id, kept.opened_version, kept.author) == ("forslag-a", 2, "Mette")
    assert drafts.clusters(fresh_store, draft_id) == [CLUSTER, "nordjylland-vest"]
    assert drafts.read(fresh_store, drafts.new_id(), CLUSTER) is None  # another browser session
    drafts.discard(fresh_store, draft_id, CLUSTER)
    assert drafts.read(fresh_store, draft_id, CLUSTER) is None
    assert drafts.read(fresh_store, draft_id, "nordjylland-vest") is not None


def test_drafts_survive_reopening_the_file_and_old_ones_are_cleaned(fresh_db, opened):
    first = Store(fresh_db)
    try:
        old, recent = drafts.new_id(), drafts.new_id()
        drafts.write(first, old, CLUSTER, opened)
        drafts.write(first, recent, CLUSTER, opened)
        with first.transaction() as cur:
            cur.execute("UPDATE app.scenario_drafts SET updated_at = updated_at - INTERVAL 31 DAY WHERE draft_id = ?",
                        [old])
    finally:
        first.close()
    second = Store(fresh_db)
    try:
        assert drafts.read(second, old, CLUSTER) is not None
        assert drafts.clean(second) == 1
        assert drafts.read(second, old, CLUSTER) is None
        assert drafts.read(second, recent, CLUSTER).document == opened
        assert drafts.clean(second, at=dt.datetime.now() + dt.timedelta(days=31)) == 1
    finally:
        second.close()


def test_nothing_changed_says_nothing(opened):
    assert scenario_diff.changes(opened, opened) == []
    # What the controls give back for untouched values is no change either.
    same = scenario_edit.with_settings(
        opened, pool_dkk=int(opened["settings"]["pool_dkk"]),
        region_share=round(opened["settings"]["region_share"] * 100, 1) / 100,
    )
    assert scenario_diff.changes(opened, same) == []


def test_changes_name_lines_amounts_and_rules(opened):
    stime = next(i for i, line in enumerate(opened["lines"]) if line["id"] == "stime")
    working = scenario_edit.apply_line_edits(opened, {stime: {scenario_edit.INCLUDED: False, "2023": 900_000}})
    working = scenario_edit.with_settings(working, pool_dkk=500_000, carry_over=False)
    working = scenario_edit.add_line(working, name="Temadag", focus_area=None, cost_type="engangs",
                                     costs={2024: 100_000})
    said = scenario_diff.changes(opened, working)
    name = opened["lines"][stime]["name"]
    assert f"«{name}» er taget ud af scenariet." in said
    assert any(s.startswith(f"«{name}» 2023 er ændret fra ") and s.endswith("til 900.000 kr.") and not s.endswith("..") for s in said)
    assert "Puljen til Faglig Sundhedsklynge (H) er ændret fra 250.000 kr. til 500.000 kr." in said
    assert "Overførsel af uforbrugte midler (G) er ændret fra ja til nej." in said
    assert "Initiativet «Temadag» er tilføjet." in said
    assert scenario_diff.changes(working, opened)[-1] == "Initiativet «Temadag» er fjernet."


def test_expected_money_and_undecided_rules(opened):
    working = scenario_edit.with_expected_funds(opened, {2024: 4_402_596})
    assert scenario_diff.changes(opened, working) == [
        "Forventet tildeling 2024 er ændret fra 0 kr. til 4.402.596 kr."
    ]
    undecided = {**opened, "settings": {**opened["settings"], "region_share": None}}
    assert scenario_diff.changes(opened, undecided) == [
        "Regionens andel af finansieringen (A) er ændret fra 50,0 % til ikke besluttet."
    ]


def test_background_writes_keep_the_newest_and_reads_wait_for_them(fresh_store, opened):
    draft_id = drafts.new_id()
    for pool in range(0, 1_000_001, 50_000):  # a burst of slider moves
        assert drafts.write_soon(fresh_store, draft_id, CLUSTER, scenario_edit.with_settings(opened, pool_dkk=pool),
                                 author="Mette") is None
    kept = drafts.read(fresh_store, draft_id, CLUSTER)
    assert kept.document["settings"]["pool_dkk"] == 1_000_000 and kept.author == "Mette"


def test_a_burst_of_moves_is_written_at_most_once_a_second_and_the_newest_wins(fresh_store, opened, monkeypatch):
    written = []
    real_write = drafts.write
    monkeypatch.setattr(drafts, "write", lambda *a, **k: (written.append(a[3]["settings"]["pool_dkk"]),
                                                         real_write(*a, **k)))
    monkeypatch.setattr(drafts._Writer, "MIN_INTERVAL_S", 10.0)
    did = drafts.new_id()
    start = time.monotonic()
    for pool in range(0, 1_000_000, 10_000):  # 100 slider moves in a few milliseconds
        moved = {**opened, "settings": {**opened["settings"], "pool_dkk": pool}}
        drafts.write_soon(fresh_store, did, opened["cluster_id"], moved)
    kept = drafts.read(fresh_store, did, opened["cluster_id"])  # waits for the writer, no pause
    assert time.monotonic() - start < 5.0  # a read makes the held-back write at once
    assert kept.document["settings"]["pool_dkk"] == 990_000
    assert len(written) <= 2 and written[-1] == 990_000
