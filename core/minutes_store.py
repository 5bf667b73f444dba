"""Imported minutes in the store (issue 9 point 2): save a reviewed meeting, recognise a
re-import, read back the original file.

A saved import is user data (core/usertables.py MINUTES_TABLES, migration 7): the meeting,
its agenda items (every section as JSON, plus Indstilling, Beslutning and the other sections
as text like the curated rows), its participants (name, title, organisation, attended; never
e-mail addresses or phone numbers, which the importer removed before parsing) and the amounts
found. They are written through the change log (core/changelog.py) as ONE change set in ONE
transaction, so a saved import shows on *Data og regler* and can be undone there.

The original file (bytes, name, sha256, size, and the text it was read as) goes into
app.meeting_files in the same transaction, keyed by (meeting_id, sha256). It is kept out of
the change log on purpose: the log holds every value as JSON text, and a file of up to 50 MB
does not belong there. An undo therefore leaves the file row behind; the meeting row (logged)
names the file it uses, so after an undo of an update the meeting points at its earlier file
again, which is still there.

Plain Python: no Streamlit. The page (ui/page_importer_referat.py) and the CLI
(`python -m core ingest`) both call `save`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import changelog
from core.changelog import UserDataError
from core.clock import now
from core.minutes.model import DECISION, RECOMMENDATION, Meeting
from core.minutes.rows import item_body, meeting_id as slug_id
from core.store import Store

LEVELS = ("politisk", "faglig")
ITEM_TYPES = ("B", "D", "O")
MAX_DKK = 100_000_000_000
MAX_NAME = 500
MAX_TEXT = 200_000


@dataclass(frozen=True)
class OriginalFile:
    """The file a meeting was imported from, kept with the meeting."""

    name: str
    content: bytes
    text: str = ""  # the text it was read as (personal data removed)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)

    @classmethod
    def from_path(cls, path: Path | str, text: str = "") -> OriginalFile:
        path = Path(path)
        return cls(path.name, path.read_bytes(), text)


@dataclass(frozen=True)
class Existing:
    """A meeting already in the store that an import would update."""

    meeting_id: str
    title: str | None
    meeting_date: dt.date | None
    origin: str  # 'kurateret' or 'bruger'
    reason: str  # Danish: "samme fil" / "samme organ og dato" / "samme møde-id"

    @property
    def label(self) -> str:
        from core.meetings import date_text

        return f"{self.title or 'Uden titel'} ({date_text(self.meeting_date)})"


@dataclass(frozen=True)
class Saved:
    meeting_id: str
    change_set: int | None  # None when nothing changed
    created: bool  # False: an existing meeting was updated

    @property
    def verb(self) -> str:
        return "oprettet" if self.created else "opdateret"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def new_meeting_id(meeting: Meeting, level: str | None = None) -> str:
    """body + date + level as a slug (core.minutes.rows.meeting_id), as curated meetings are named."""
    return slug_id(meeting, level)


def find_existing(store: Store, meeting: Meeting, *, file_sha256: str | None = None,
                  level: str | None = None) -> Existing | None:
    """The meeting an import of `meeting` would update, or None for a new one: first a meeting
    of the same body imported from the same file (sha256), then one of the same body on the same date (the one
    at the same level when the body met twice that day), then one with the same id."""
    def found(row: tuple, reason: str) -> Existing:
        return Existing(row[0], row[1], row[2], row[3], reason)

    columns = "meeting_id, title, meeting_date, origin"
    if file_sha256:
        row = store.rows(
            f"SELECT {columns} FROM meetings WHERE file_sha256 = ? AND (? IS NULL OR cluster_id = ?) "
            "ORDER BY meeting_id LIMIT 1",
            [file_sha256, meeting.body_id, meeting.body_id],
        )
        if row:
            return found(row[0], "samme fil")
    level = level or meeting.level
    if meeting.body_id and meeting.meeting_date:
        rows = store.rows(
            f"SELECT {columns} FROM meetings WHERE cluster_id = ? AND meeting_date = ? "
            "ORDER BY (level = ?) DESC, meeting_id",
            [meeting.body_id, meeting.meeting_date, level],
        )
        if rows:
            return found(rows[0], "samme organ og dato")
    if meeting.body_id and level:
        row = store.rows(f"SELECT {columns} FROM meetings WHERE meeting_id = ?", [new_meeting_id(meeting, level)])
        if row:
            return found(row[0], "samme møde-id")
    return None


# -- validation ---------------------------------------------------------------------------------
def _text(label: str, value: Any, *, required: bool = False, limit: int = MAX_NAME) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        value = ""
    text = str(value).strip()
    if not text:
        if required:
            raise UserDataError(f"Feltet »{label}« skal udfyldes.")
        return None
    if len(text) > limit:
        raise UserDataError(f"Feltet »{label}« må højst være {limit:,} tegn.".replace(",", "."))
    return text


def _dkk(label: str, value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserDataError(f"Feltet »{label}« skal være et helt antal kroner.") from None
    if number != number or number != int(number) or not 0 <= number <= MAX_DKK:
        raise UserDataError(f"Feltet »{label}« skal være et helt antal kroner mellem 0 og 100.000.000.000.")
    return int(number)


def rows_for(store: Store, meeting: Meeting, meeting_id: str, *, level: str | None = None,
             file: OriginalFile | None = None, date_note: str | None = None) -> list[tuple[str, dict, dict]]:
    """The user rows (table, key, values) a meeting is saved as; validated first
    (UserDataError naming the field, nothing written)."""
    body = _text("Klynge eller sundhedsråd", meeting.body_id, required=True)
    if not store.scalar("SELECT count(*) FROM clusters WHERE cluster_id = ?", [body]):
        raise UserDataError(f"Feltet »Klynge eller sundhedsråd« kender ikke »{body}«.")
    level = level or meeting.level
    if level not in LEVELS:
        raise UserDataError("Feltet »Niveau« skal være politisk eller faglig.")
    if meeting.meeting_date is not None and not isinstance(meeting.meeting_date, dt.date):
        raise UserDataError("Feltet »Dato« skal være en dato.")
    source = f"Importeret referat: {file.name}" if file else "Importeret referat"
    rows: list[tuple[str, dict, dict]] = [(
        "user_meetings", {"meeting_id": meeting_id},
        {"cluster_id": body, "level": level, "title": _text("Titel", meeting.title),
         "meeting_date": meeting.meeting_date, "date_note": _text("Om datoen", date_note),
         "location": _text("Sted", meeting.location), "source": source,
         "file_name": file.name if file else None, "file_sha256": file.sha256 if file else None,
         "file_size": file.size if file else None},
    )]
    amount_no = 0
    for position, item in enumerate(meeting.items, start=1):
        where = f"Punkt {position}: "
        try:
            no = _text("Nr.", item.no, required=True, limit=20)
            title = _text("Titel", item.title, required=True)
            kind = _text("Type", item.item_type, limit=1)
            if kind is not None and kind not in ITEM_TYPES:
                raise UserDataError("Feltet »Type« skal være B, D, O eller tom.")
            sections = {_text("Afsnit", k, required=True): _text(k, v, limit=MAX_TEXT) or ""
                        for k, v in item.sections.items()}
        except UserDataError as exc:
            raise UserDataError(f"{where}{exc}") from None
        rows.append((
            "user_agenda_items", {"meeting_id": meeting_id, "position": position},
            {"item_no": no, "title": title, "item_type": kind,
             "recommendation": sections.get(RECOMMENDATION) or None, "decision": sections.get(DECISION) or None,
             "body": item_body(sections), "sections": json.dumps(sections, ensure_ascii=False)},
        ))
        for amount in item.amounts:
            amount_no += 1
            try:
                dkk = _dkk("Beløb (kr.)", amount.dkk)
                text = _text("Tekst", amount.text, limit=2_000)
                section = _text("Afsnit", amount.section)
            except UserDataError as exc:
                raise UserDataError(f"Beløb {amount_no} (punkt {no}): {exc}") from None
            rows.append((
                "user_meeting_amounts", {"meeting_id": meeting_id, "position": amount_no},
                {"item_position": position, "item_no": no, "dkk": dkk, "text": text, "section": section},
            ))
    for position, person in enumerate(meeting.participants, start=1):
        try:
            name = _text("Navn", person.name, required=True)
            title = _text("Titel", person.title)
            organisation = _text("Organisation", person.organisation)
        except UserDataError as exc:
            raise UserDataError(f"Deltager {position}: {exc}") from None
        rows.append((
            "user_participants", {"meeting_id": meeting_id, "position": position},
            {"name": name, "title": title, "organisation": organisation, "attended": bool(person.attended)},
        ))
    return rows


_CHILDREN = ("user_agenda_items", "user_meeting_amounts", "user_participants")


def save(store: Store, meeting: Meeting, *, who: str, file: OriginalFile | None = None,
         level: str | None = None, replace: str | None = None, date_note: str | None = None) -> Saved:
    """Save a reviewed meeting as one logged change set in one transaction.

    replace: the id of the meeting this import updates (from `find_existing`); its rows are
    replaced (items, amounts and participants no longer in the import are deleted), the id
    stays, so links to it keep working. Without replace, a meeting that already exists (same
    file, or same body and date) is refused: it must be offered as an update, never doubled."""
    who = _text("Indtastet af", who, required=True)
    if replace is None:
        existing = find_existing(store, meeting, file_sha256=file.sha256 if file else None, level=level)
        if existing is not None:
            raise UserDataError(
                f"Mødet findes allerede ({existing.reason}): {existing.label}. Gem det som en opdatering af det."
            )
        target = new_meeting_id(meeting, level)
    else:
        if not store.scalar("SELECT count(*) FROM meetings WHERE meeting_id = ?", [replace]):
            raise UserDataError(f"Mødet »{replace}«, der skulle opdateres, findes ikke.")
        target = replace
    rows = rows_for(store, meeting, target, level=level, file=file, date_note=date_note)
    cluster_id = rows[0][2]["cluster_id"]
    why = f"Import af referat{' ' + file.name if file else ''}"
    wanted = {(table, json.dumps(key, sort_keys=True)) for table, key, _ in rows}
    with store.transaction() as cur:
        change_set = changelog.next_change_set(cur)
        log = {"change_set": change_set, "who": who, "why": why, "cluster_id": cluster_id}
        changed = False
        for table in _CHILDREN:
            for (position,) in cur.execute(f"SELECT position FROM app.{table} WHERE meeting_id = ?",
                                           [target]).fetchall():
                key = {"meeting_id": target, "position": position}
                if (table, json.dumps(key, sort_keys=True)) not in wanted:
                    changed |= changelog.delete_row(cur, table, key, **log)
        for table, key, values in rows:
            changed |= changelog.write_row(cur, table, key, values, **log)
        if file is not None:
            # The original bytes are kept only when they hold no personal data: a file with
            # e-mail addresses or phone numbers is kept as its cleaned text alone.
            content = b"" if holds_personal_data(file.text) else file.content
            cur.execute(
                "INSERT INTO app.meeting_files (meeting_id, sha256, cluster_id, file_name, size, content, text, "
                "stored_at, stored_by) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM app.meeting_files WHERE meeting_id = ? AND sha256 = ?)",
                [target, file.sha256, cluster_id, file.name, file.size, content, file.text, now(), who,
                 target, file.sha256],
            )
    return Saved(target, change_set if changed else None, created=replace is None)


def holds_personal_data(cleaned_text: str) -> bool:
    """Whether the cleaning removed e-mail addresses or phone numbers from a file's text."""
    from core.privacy import EMAIL_REPLACEMENT, PHONE_REPLACEMENT

    return EMAIL_REPLACEMENT in (cleaned_text or "") or PHONE_REPLACEMENT in (cleaned_text or "")


def original_file(store: Store, meeting_id: str) -> dict | None:
    """The file a meeting was imported from: {file_name, sha256, size, content, text}, or None."""
    found = store.rows(
        """SELECT f.file_name, f.sha256, f.size, f.content, f.text FROM meetings m
           JOIN app.meeting_files f ON f.meeting_id = m.meeting_id AND f.sha256 = m.file_sha256
           WHERE m.meeting_id = ?""",
        [meeting_id],
    )
    if not found:
        return None
    name, digest, size, content, text = found[0]
    return {"file_name": name, "sha256": digest, "size": size, "content": bytes(content), "text": text}
