"""Minutes in: read PDF, DOCX, HTML, Markdown or plain text and parse the meeting.

What the rest of the app may use:

- `ingest_file(path, bodies=None, body_id=None, progress=None) -> Meeting`
- `ingest_text(text, bodies=None, body_id=None) -> Meeting` (text as extracted)
- `to_store_rows(meeting, ...)`: the rows the curated tables meetings/agenda_items/participants hold
- `UnreadableFile`: raised with one Danish sentence for a file that cannot be read
- `Meeting`, `Item`, `Participant`, `Amount` (core.minutes.model)

Plain Python: no Streamlit, no store. Personal data (e-mail addresses, phone numbers) is
removed from the text before anything is parsed, so it never reaches a Meeting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from core.minutes.layout import clean
from core.minutes.model import Amount, Item, Meeting, Participant
from core.minutes.parser import parse
from core.minutes.readers import MAX_BYTES, UnreadableFile, read_document
from core.minutes.rows import to_store_rows
from core.privacy import redact_personal

__all__ = ["Amount", "Item", "MAX_BYTES", "Meeting", "Participant", "UnreadableFile", "ingest_file",
           "ingest_text", "to_store_rows"]


def ingest_text(text: str, bodies: list[dict] | None = None, body_id: str | None = None) -> Meeting:
    return parse(redact_personal(clean(text)), bodies=bodies, body_id=body_id)


def ingest_file(path: Path | str, bodies: list[dict] | None = None, body_id: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> Meeting:
    """The meeting in one file; progress(pages_done, pages_total) is called while reading."""
    document = read_document(Path(path), progress=progress)
    meeting = ingest_text(document.text, bodies=bodies, body_id=body_id)
    meeting.pages = document.pages
    meeting.warnings[:0] = document.warnings
    return meeting
