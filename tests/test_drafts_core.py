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
    assert "Puljen til mindre initiativer (H) er ændret fra 250.000 kr. til 500.000 kr." in said
    assert "Overførsel af uforbrugte midler (G) er ændret fra ja til nej." in said
    assert "Initiativet «Temadag» er tilføjet." in said
    assert scenario_diff.changes(working, opened)[-1] == "Initiativet «Temadag» er fjernet."


def test_an_amount_typed_for_a_line_without_cost_changes_it_from_ikke_angivet(opened):
    """Not "fra 0 kr.": the opened scenario does not give that line's cost."""
    unknown = next(i for i, line in enumerate(opened["lines"]) if not line["costs"])
    name = opened["lines"][unknown]["name"]
    working = scenario_edit.apply_line_edits(opened, {unknown: {"2023": 100_000}})
    assert f"«{name}» 2023 er ændret fra ikke angivet til 100.000 kr." in scenario_diff.changes(opened, working)
    assert f"«{name}» 2023 er ændret fra 100.000 kr. til ikke angivet." in scenario_diff.changes(working, opened)


def test_expected_money_and_undecided_rules(opened):
    working = scenario_edit.with_expected_funds(opened, {2024: 4_402_596})
    assert scenario_diff.changes(opened, working) == ["Forventet tildeling 2024 er sat til 4.402.596 kr."]
    assert scenario_diff.changes(working, opened) == ["Forventet tildeling 2024 er fjernet (var 4.402.596 kr.)."]
    more = scenario_edit.with_expected_funds(opened, {2024: 5_000_000})
    assert scenario_diff.changes(working, more) == [
        "Forventet tildeling 2024 er ændret fra 4.402.596 kr. til 5.000.000 kr."]
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


def _count_writes(monkeypatch) -> list[int]:
    """The pool of every draft the background writer writes, in order."""
    written = []
    real_write = drafts.write
    monkeypatch.setattr(drafts, "write", lambda *a, **k: (written.append(a[3]["settings"]["pool_dkk"]),
                                                         real_write(*a, **k)))
    return written


def _move(store, did: str, opened: dict, pool: int) -> None:
    drafts.write_soon(store, did, opened["cluster_id"], {**opened, "settings": {**opened["settings"], "pool_dkk": pool}})


def test_a_burst_of_moves_is_written_once_and_the_newest_wins(fresh_store, opened, monkeypatch):
    written = _count_writes(monkeypatch)
    monkeypatch.setattr(drafts._Writer, "QUIET_S", 10.0)
    did = drafts.new_id()
    start = time.monotonic()
    for pool in range(0, 1_000_000, 10_000):  # 100 slider moves in a few milliseconds
        _move(fresh_store, did, opened, pool)
    assert written == []  # nothing is written while the hand is on the slider
    kept = drafts.read(fresh_store, did, opened["cluster_id"])  # waits for the writer, no pause
    assert time.monotonic() - start < 5.0  # a read makes the held-back write at once
    assert kept.document["settings"]["pool_dkk"] == 990_000
    assert written == [990_000]


def test_the_draft_is_written_when_the_chair_pauses(fresh_store, opened, monkeypatch):
    written = _count_writes(monkeypatch)
    monkeypatch.setattr(drafts._Writer, "QUIET_S", 0.3)
    did = drafts.new_id()
    for pool in (100_000, 200_000, 300_000):
        _move(fresh_store, did, opened, pool)
    deadline = time.monotonic() + 10.0
    while not written and time.monotonic() < deadline:  # no read: the pause alone writes it
        time.sleep(0.05)
    assert written == [300_000]


def test_moves_that_go_on_are_written_every_max_wait(fresh_store, opened, monkeypatch):
    written = _count_writes(monkeypatch)
    monkeypatch.setattr(drafts._Writer, "QUIET_S", 10.0)
    monkeypatch.setattr(drafts._Writer, "MAX_WAIT_S", 0.3)
    did = drafts.new_id()
    deadline = time.monotonic() + 10.0
    pool = 0
    while not written and time.monotonic() < deadline:  # a chair who never pauses
        pool += 10_000
        _move(fresh_store, did, opened, pool)
        time.sleep(0.05)
    assert written and 0 < written[0] <= pool


def test_a_draft_write_keeps_the_cached_reads_valid_and_other_writes_do_not(fresh_store, opened):
    """The pages' cached reads are keyed by data_stamp: writing the chair's draft leaves it
    as it was (no page reads drafts through the cache), saving anything else changes it."""
    did = drafts.new_id()
    drafts.write(fresh_store, did, CLUSTER, opened)
    stamp = fresh_store.data_stamp()
    for pool in (100_000, 200_000, 300_000):
        drafts.write(fresh_store, did, CLUSTER, scenario_edit.with_settings(opened, pool_dkk=pool))
        assert fresh_store.data_stamp() == stamp
    assert drafts.read(fresh_store, did, CLUSTER).document["settings"]["pool_dkk"] == 300_000
    with fresh_store.transaction() as cur:  # any other write: the reads must see it
        cur.execute("CREATE TABLE app.probe AS SELECT 1 AS x")
    after_write = fresh_store.data_stamp()
    assert after_write != stamp
    drafts.write(fresh_store, did, CLUSTER, opened)
    assert fresh_store.data_stamp() == after_write
    other = Store(fresh_store.path)  # another Store (as in another process) sees every change
    assert other.data_stamp() != after_write


def test_a_rule_the_chair_sets_is_one_sentence_marked_antaget(opened):
    """Not "… er ændret fra ikke besluttet til 50,0 %." and then "… er sat som antagelse.":
    the banner said the same change twice."""
    undecided = {**opened, "settings": {**opened["settings"], "region_share": None}}
    assumed = scenario_edit.with_rules(undecided, {"region_share": 0.5})
    assert scenario_diff.changes(undecided, assumed) == ["Regionens andel af finansieringen (A) er sat til 50,0 % (antaget)."]
    changed = scenario_edit.with_rules(opened, {"pool_dkk": 500_000})
    assert scenario_diff.changes(opened, changed) == [
        "Puljen til mindre initiativer (H) er ændret fra 250.000 kr. til 500.000 kr. (antaget)."]
    only_marked = {**opened, "settings": {**opened["settings"], "assumed": ["carry_over"]}}
    assert scenario_diff.changes(opened, only_marked) == ["Overførsel af uforbrugte midler (G) er sat som antagelse."]
