"""Imported minutes in the store (core/minutes_store.py, migration 7): a reviewed meeting saved
as one logged change set, the original file kept with it, re-imports recognised as updates
(same file, or same body and date), undo, and the public views that union curated and
imported rows."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from core import changelog, minutes, minutes_store
from core.changelog import UserDataError
from core.minutes.model import Amount
from core.store import SCHEMA_VERSION
from minutes_samples import write_markdown

BODY = "hovedstaden-midt"  # its curated meeting is undated: a dated import is new


@pytest.fixture
def sample(tmp_path):
    path = write_markdown(tmp_path / "referat.md")
    meeting = minutes.ingest_file(path, body_id=BODY)
    return meeting, minutes_store.OriginalFile.from_path(path, meeting.text)


def test_migration_7_creates_the_tables(fresh_store):
    assert SCHEMA_VERSION >= 7
    assert 7 in {r[0] for r in fresh_store.rows("SELECT version FROM meta.schema_migrations")}
    tables = {r[0] for r in fresh_store.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'app'")}
    assert {"user_meetings", "user_agenda_items", "user_participants", "user_meeting_amounts",
            "meeting_files"} <= tables


def test_views_keep_their_columns_and_only_add(fresh_store):
    columns = {view: [r[0] for r in fresh_store.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
        "ORDER BY ordinal_position", [view])] for view in ("meetings", "agenda_items", "participants")}
    assert columns["meetings"][:8] == ["meeting_id", "cluster_id", "level", "meeting_date", "location", "source",
                                       "title", "date_note"]
    assert columns["agenda_items"][:8] == ["meeting_id", "item_no", "title", "item_type", "recommendation",
                                           "decision", "body", "position"]
    assert columns["participants"][:6] == ["meeting_id", "name", "title", "organisation", "attended", "position"]
    assert "origin" in columns["meetings"] and "file_name" in columns["meetings"]


def test_save_new_meeting_one_change_set_with_its_file(fresh_store, sample):
    meeting, file = sample
    assert minutes_store.find_existing(fresh_store, meeting, file_sha256=file.sha256) is None
    saved = minutes_store.save(fresh_store, meeting, who="Sekretariatet", file=file)
    assert saved.created and saved.meeting_id == "hovedstaden-midt-2023-05-10-politisk"
    assert fresh_store.rows("SELECT DISTINCT change_set, cluster_id FROM app.change_log") == [
        (saved.change_set, BODY)]
    row = fresh_store.query("SELECT * FROM meetings WHERE meeting_id = ?", [saved.meeting_id]).iloc[0]
    assert row["origin"] == "bruger" and row["file_name"] == "referat.md" and row["file_sha256"] == file.sha256
    assert row["source"].startswith("Importeret referat: referat.md · indtastet af Sekretariatet")
    items = fresh_store.query("SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", [saved.meeting_id])
    assert list(zip(items["item_no"], items["title"])) == [("38", "Godkendelse af dagsorden"),
                                                         ("39", "Beslutning om midler til STIME"), ("41", "Eventuelt")]
    sections = json.loads(items["sections"][1])
    assert sections["Beslutning"] == items["decision"][1] and "Indstilling" in sections
    assert "Sagsfremstilling" in sections and "SAGSFREMSTILLING" in items["body"][1]
    amounts = fresh_store.rows("SELECT item_no, dkk FROM meeting_amounts WHERE meeting_id = ? ORDER BY position",
                               [saved.meeting_id])
    assert (("39", 1_400_000) in amounts) and (("39", 260_000) in amounts)
    people = fresh_store.rows("SELECT name, attended FROM participants WHERE meeting_id = ? ORDER BY position",
                              [saved.meeting_id])
    assert people == [("Mette Hansen", True), ("Lars Jensen", False)]
    kept = minutes_store.original_file(fresh_store, saved.meeting_id)
    # The sample holds an e-mail address: only its cleaned text is kept, never the bytes.
    assert kept["content"] == b"" and kept["size"] == file.size and kept["sha256"] == file.sha256
    assert "a.b@rn.dk" not in kept["text"]


def test_same_file_or_same_body_and_date_is_an_update_never_a_duplicate(fresh_store, sample):
    meeting, file = sample
    first = minutes_store.save(fresh_store, meeting, who="A", file=file)
    found = minutes_store.find_existing(fresh_store, meeting, file_sha256=file.sha256)
    assert (found.meeting_id, found.reason) == (first.meeting_id, "samme fil")
    with pytest.raises(UserDataError, match="findes allerede"):
        minutes_store.save(fresh_store, meeting, who="A", file=file)
    # Another file of the same body and date (a corrected version): found by body and date.
    other = minutes_store.OriginalFile("referat-rettet.md", file.content + b"\n", meeting.text)
    found = minutes_store.find_existing(fresh_store, meeting, file_sha256=other.sha256)
    assert (found.meeting_id, found.reason) == (first.meeting_id, "samme organ og dato")
    corrected = copy.deepcopy(meeting)
    corrected.title = "Rettet titel"
    corrected.items[1].amounts[0] = Amount(1_500_000, "1,5 mio. kr.", "Indstilling")
    del corrected.items[2]
    update = minutes_store.save(fresh_store, corrected, who="B", file=other, replace=found.meeting_id)
    assert not update.created and update.meeting_id == first.meeting_id
    assert fresh_store.scalar("SELECT count(*) FROM meetings WHERE cluster_id = ? AND meeting_date = ?",
                              [BODY, dt.date(2023, 5, 10)]) == 1
    assert fresh_store.scalar("SELECT title FROM meetings WHERE meeting_id = ?", [first.meeting_id]) == "Rettet titel"
    assert fresh_store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [first.meeting_id]) == 2
    assert fresh_store.scalar("SELECT file_name FROM meetings WHERE meeting_id = ?", [first.meeting_id]) \
        == "referat-rettet.md"
    assert 1_500_000 in {r[0] for r in fresh_store.rows("SELECT dkk FROM meeting_amounts")}
    # Nothing changed: no change set.
    again = minutes_store.save(fresh_store, corrected, who="B", file=other, replace=first.meeting_id)
    assert again.change_set is None
    # Undo the update: the first import is back, with its own file.
    changelog.undo(fresh_store, update.change_set, who="C")
    assert fresh_store.scalar("SELECT title FROM meetings WHERE meeting_id = ?", [first.meeting_id]) \
        == meeting.title
    assert fresh_store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [first.meeting_id]) == 3
    assert minutes_store.original_file(fresh_store, first.meeting_id)["file_name"] == "referat.md"


def test_an_import_of_a_curated_meeting_overrides_it_and_undo_restores_it(fresh_store, sample):
    meeting, file = sample
    meeting.body_id = "hovedstaden-nord"  # the curated meeting of 10 May 2023
    curated_items = fresh_store.scalar(
        "SELECT count(*) FROM agenda_items WHERE meeting_id = 'hovedstaden-nord-2023-05-10-politisk'")
    found = minutes_store.find_existing(fresh_store, meeting, file_sha256=file.sha256)
    assert (found.meeting_id, found.origin) == ("hovedstaden-nord-2023-05-10-politisk", "kurateret")
    saved = minutes_store.save(fresh_store, meeting, who="A", file=file, replace=found.meeting_id)
    assert fresh_store.rows("SELECT origin FROM meetings WHERE meeting_id = ?", [saved.meeting_id]) == [("bruger",)]
    assert fresh_store.rows("SELECT DISTINCT origin FROM agenda_items WHERE meeting_id = ?",
                            [saved.meeting_id]) == [("bruger",)]
    assert fresh_store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [saved.meeting_id]) == 3
    changelog.undo(fresh_store, saved.change_set, who="A")
    assert fresh_store.rows("SELECT origin FROM meetings WHERE meeting_id = ?", [saved.meeting_id]) == [("kurateret",)]
    assert fresh_store.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?",
                              [saved.meeting_id]) == curated_items
    assert fresh_store.scalar("SELECT count(*) FROM meeting_amounts") == 0


@pytest.mark.parametrize("change, message", [
    (lambda m: setattr(m, "body_id", None), "Klynge eller sundhedsråd"),
    (lambda m: setattr(m, "body_id", "findes-ikke"), "kender ikke"),
    (lambda m: setattr(m, "level", None), "Niveau"),
    (lambda m: setattr(m.items[0], "title", " "), "Punkt 1: Feltet »Titel«"),
    (lambda m: setattr(m.items[0], "item_type", "X"), "Type"),
    (lambda m: setattr(m.items[1].amounts[0], "dkk", -5), "Beløb 1"),
    (lambda m: setattr(m.participants[0], "name", ""), "Deltager 1"),
])
def test_bad_input_is_refused_and_nothing_written(fresh_store, sample, change, message):
    meeting, file = sample
    change(meeting)
    with pytest.raises(UserDataError, match=message):
        minutes_store.save(fresh_store, meeting, who="A", file=file)
    assert fresh_store.scalar("SELECT count(*) FROM app.change_log") == 0
    assert fresh_store.scalar("SELECT count(*) FROM app.meeting_files") == 0


def test_who_is_required(fresh_store, sample):
    meeting, file = sample
    with pytest.raises(UserDataError, match="Indtastet af"):
        minutes_store.save(fresh_store, meeting, who=" ", file=file)


def test_backup_and_restore_keep_an_import_with_its_file(fresh_store, sample, tmp_path):
    from core import backup, store

    meeting, file = sample
    saved = minutes_store.save(fresh_store, meeting, who="A", file=file)
    data = backup.backup(fresh_store, BODY)
    manifest = backup.read(data)[0]
    assert {"user_meetings", "user_agenda_items", "meeting_files"} <= {f["table"] for f in manifest["files"]}
    other = tmp_path / "other.duckdb"
    store.build(other)
    target = store.Store(other)
    try:
        backup.restore(target, data)
        kept = minutes_store.original_file(fresh_store, saved.meeting_id)
        restored = minutes_store.original_file(target, saved.meeting_id)
        assert (restored["content"], restored["text"]) == (kept["content"], kept["text"])
        assert target.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", [saved.meeting_id]) == 3
    finally:
        target.close()


def test_only_a_file_without_personal_data_is_kept_byte_for_byte(fresh_store):
    """Issue 9: e-mail addresses and phone numbers never reach the store, not even inside the
    original file: such a file is kept as its cleaned text; a clean file is kept whole."""
    from core import minutes

    clean = ("# Referat Politisk Sundhedsklynge Vest 10. maj 2023\n\n"
             "## 1. Godkendelse af dagsorden\n\n### Beslutning\n\nGodkendt.\n").encode()
    meeting = minutes.ingest_text(clean.decode(), body_id=BODY)
    saved = minutes_store.save(fresh_store, meeting, who="Test",
                               file=minutes_store.OriginalFile("vest.md", clean, meeting.text))
    assert minutes_store.original_file(fresh_store, saved.meeting_id)["content"] == clean

    personal = clean.replace(b"\n\n## 1.", b"\n\nKontakt: anna@example.dk, tlf. 12 34 56 78\n\n## 1.")
    meeting = minutes.ingest_text(personal.decode(), body_id=BODY)
    saved = minutes_store.save(fresh_store, meeting, who="Test", replace=saved.meeting_id,
                               file=minutes_store.OriginalFile("vest.md", personal, meeting.text))
    found = minutes_store.original_file(fresh_store, saved.meeting_id)
    assert found["content"] == b"" and "anna@example.dk" not in (found["text"] or "")
    stored = b"".join(bytes(r[0]) for r in fresh_store.rows("SELECT content FROM app.meeting_files"))
    assert b"anna@example.dk" not in stored and b"12 34 56 78" not in stored
