"""The review of an imported meeting as plain data (no Streamlit): the editable form the page
keeps in session state, and the Meeting it saves. Kept apart from the page so it can be tested
without a browser."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from core.minutes.model import DECISION, RECOMMENDATION, Amount, Item, Meeting, Participant
from core.minutes.rows import item_body

ITEM_COLUMNS = ["no", "title", "item_type", "recommendation", "decision", "other", "other_sections", "other_text"]
AMOUNT_COLUMNS = ["item_no", "dkk", "text", "section"]
PARTICIPANT_COLUMNS = ["name", "title", "organisation", "attended"]
OTHER_HEADING = "Sagsfremstilling"  # where edited "other sections" text goes


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def _str(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def draft_from_meeting(meeting: Meeting, default_body: str | None = None) -> dict:
    """The form for one parsed meeting: header fields plus items, amounts and participants as
    records (what st.data_editor edits). Each item keeps its other sections (not Indstilling or
    Beslutning) as JSON in a hidden column, so they are saved as parsed unless edited."""
    items, amounts = [], []
    for item in meeting.items:
        others = {k: v for k, v in item.sections.items() if k not in (RECOMMENDATION, DECISION)}
        text = item_body(others) or ""
        items.append({"no": item.no, "title": item.title, "item_type": item.item_type,
                      "recommendation": item.recommendation, "decision": item.decision, "other": text,
                      "other_sections": json.dumps(others, ensure_ascii=False), "other_text": text})
        amounts += [{"item_no": item.no, "dkk": a.dkk, "text": a.text, "section": a.section} for a in item.amounts]
    people = [{"name": p.name, "title": p.title, "organisation": p.organisation, "attended": p.attended}
              for p in meeting.participants]
    return {
        "body_id": meeting.body_id or default_body,
        "title": meeting.title or "",
        "meeting_date": meeting.meeting_date,
        "location": meeting.location or "",
        "level": meeting.level,
        "items": items,
        "amounts": amounts,
        "participants": people,
    }


def meeting_from_draft(draft: dict, text: str = "") -> Meeting:
    """The Meeting the corrected form says (validation of values is core.minutes_store's)."""
    items: list[Item] = []
    for row in draft["items"]:
        if all(_blank(row.get(c)) for c in ("no", "title", "recommendation", "decision", "other")):
            continue  # an empty row the editor added
        other = row.get("other") or ""
        if not _blank(row.get("other_sections")) and other == (row.get("other_text") or ""):
            sections = dict(json.loads(row["other_sections"]))
        else:
            sections = {OTHER_HEADING: other.strip()} if other.strip() else {}
        for heading, column in ((RECOMMENDATION, "recommendation"), (DECISION, "decision")):
            if not _blank(row.get(column)):
                sections[heading] = str(row[column]).strip()
        items.append(Item(no=_str(row.get("no")) or "", title=_str(row.get("title")) or "",
                          item_type=_str(row.get("item_type")), sections=sections))
    by_no = {item.no: item for item in reversed(items)}  # the first item with a number wins
    for number, row in enumerate(draft["amounts"], start=1):
        if all(_blank(row.get(c)) for c in AMOUNT_COLUMNS):
            continue
        item = by_no.get(_str(row.get("item_no")) or "")
        if item is None:
            from core.changelog import UserDataError

            raise UserDataError(f"Beløb {number}: punkt »{row.get('item_no') or ''}« findes ikke på dagsordenen.")
        item.amounts.append(Amount(dkk=row.get("dkk"), text=_str(row.get("text")) or "",
                                   section=_str(row.get("section")) or ""))
    people = [Participant(name=_str(p.get("name")) or "", title=_str(p.get("title")),
                          organisation=_str(p.get("organisation")), attended=bool(p.get("attended")))
              for p in draft["participants"] if not all(_blank(p.get(c)) for c in ("name", "title", "organisation"))]
    date = draft.get("meeting_date")
    if isinstance(date, dt.datetime):
        date = date.date()
    return Meeting(body_id=draft.get("body_id"), title=_str(draft.get("title")), meeting_date=date,
                   location=_str(draft.get("location")), level=draft.get("level"), items=items,
                   participants=people, text=text)


def records(frame) -> list[dict]:
    """A data_editor's result back to plain records (NaN → None)."""
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()})
    return out
