"""AppTest: Importér referat. Upload minutes, see them next to their text with the parser's
warnings, correct the title, save (one change set), see the meeting on Møder og beslutninger
with its original file, upload again = an update offered; plus the form's pure functions."""

from __future__ import annotations

import datetime as dt
import os

import pytest

import helpers
from helpers import texts

from core import minutes, minutes_store, store as store_module
from minutes_samples import write_markdown
from ui import minutes_review

PAGE = "pages/importer_referat.py"


@pytest.fixture
def own_db(tmp_path, monkeypatch):
    """The page writes: a store of its own, pointed at by KLYNGEBLIK_DB for this test only."""
    path = tmp_path / "page.duckdb"
    store_module.build(path)
    monkeypatch.setenv("KLYNGEBLIK_DB", str(path))
    return path


def sample_bytes(tmp_path, date: str = "10. maj 2023") -> bytes:
    text = write_markdown(tmp_path / "referat.md").read_text(encoding="utf-8")
    return text.replace("10. maj 2023", date).replace("Politisk Sundhedsklynge Nord", "Politisk Sundhedsklynge Midt").encode()


def test_form_round_trip_keeps_sections_and_applies_corrections(tmp_path):
    meeting = minutes.ingest_file(write_markdown(tmp_path / "r.md"), body_id="hovedstaden-nord")
    draft = minutes_review.draft_from_meeting(meeting)
    again = minutes_review.meeting_from_draft(draft, meeting.text)
    assert [(i.no, i.title, i.sections) for i in again.items] == [(i.no, i.title, i.sections) for i in meeting.items]
    assert [len(i.amounts) for i in again.items] == [len(i.amounts) for i in meeting.items]
    draft["items"][1]["other"] = "Ny sagsfremstilling"
    draft["items"][1]["decision"] = None
    draft["amounts"][0]["dkk"] = 1_500_000.0
    draft["items"].append({c: None for c in minutes_review.ITEM_COLUMNS})  # an empty added row
    changed = minutes_review.meeting_from_draft(draft)
    assert changed.items[1].sections == {"Sagsfremstilling": "Ny sagsfremstilling",
                                         "Indstilling": meeting.items[1].recommendation}
    assert changed.items[1].amounts[0].dkk == 1_500_000.0 and len(changed.items) == 3
    draft["amounts"][0]["item_no"] = "99"
    with pytest.raises(minutes_store.UserDataError, match="punkt »99« findes ikke"):
        minutes_review.meeting_from_draft(draft)


def test_upload_review_save_and_update(own_db, tmp_path):
    content = sample_bytes(tmp_path, "3. februar 2026")
    at = helpers.open_page(PAGE, "hovedstaden-midt")
    assert at.title[0].value == "Importér referat"
    at.file_uploader(key="imp.files").upload("referat-midt.md", content, "text/markdown").run()
    assert not at.exception, at.exception
    sha = minutes_store.sha256(content)
    assert at.selectbox(key=f"imp.{sha}.body").value == "hovedstaden-midt"
    assert at.selectbox(key=f"imp.{sha}.level").value == "politisk"
    assert at.date_input(key=f"imp.{sha}.date").value == dt.date(2026, 2, 3)
    assert "Politisk Sundhedsklynge Midt" in at.code[0].value  # the original text on the right
    assert at.status[0].label == "Referaterne er læst"
    assert at.button(key=f"imp.{sha}.save").label == "Gem mødet"
    # Saving without a name is refused, and nothing typed is lost.
    at.text_input(key=f"imp.{sha}.title").set_value("Rettet titel").run()
    at.button(key=f"imp.{sha}.save").click().run()
    assert any("Indtastet af" in e.value for e in at.error)
    assert at.text_input(key=f"imp.{sha}.title").value == "Rettet titel"
    at.text_input(key="imp.who").set_value("Sekretariatet").run()
    at.button(key=f"imp.{sha}.save").click().run()
    assert not at.exception, at.exception
    assert any("Mødet er oprettet" in s.value for s in at.success)
    db = store_module.Store(own_db)
    try:
        row = db.rows("SELECT meeting_id, title, origin, file_name FROM meetings WHERE cluster_id = 'hovedstaden-midt' "
                      "AND meeting_date = '2026-02-03'")
        assert row == [("hovedstaden-midt-2026-02-03-politisk", "Rettet titel", "bruger", "referat-midt.md")]
        assert db.scalar("SELECT count(DISTINCT change_set) FROM app.change_log") == 1
    finally:
        db.close()
    # Same file again in a new session: the update is offered, naming the meeting.
    again = helpers.open_page(PAGE, "hovedstaden-midt")
    again.file_uploader(key="imp.files").upload("referat-midt.md", content, "text/markdown").run()
    assert again.button(key=f"imp.{sha}.save").label == "Opdatér det eksisterende møde"
    assert any("samme fil" in i.value and "Rettet titel" in i.value for i in again.info)
    # The meeting and its original file on Møder og beslutninger.
    moeder = helpers.open_page("pages/moeder.py", "hovedstaden-midt", moede="hovedstaden-midt-2026-02-03-politisk")
    shown = texts(moeder).replace("\\", "")
    assert [s.value for s in moeder.subheader][:1] == ["Rettet titel"]
    assert "Kilde: Importeret referat: referat-midt.md · indtastet af Sekretariatet" in shown
    assert any("Politisk Sundhedsklynge Midt" in c.value for c in moeder.code)  # the text it was read as
    assert moeder.get("download_button")  # and the original file


def test_unreadable_upload_says_so(own_db):
    at = helpers.open_page(PAGE, "hovedstaden-nord")
    at.file_uploader(key="imp.files").upload("skannet.pdf", b"%PDF-1.4 not really", "application/pdf").run()
    assert not at.exception
    assert any("Filen kan ikke læses" in e.value for e in at.error)
    assert os.environ["KLYNGEBLIK_DB"] == str(own_db)
