"""A parsed meeting as rows shaped like the curated tables meetings, agenda_items and
participants (core/schema.py MEETING, AGENDA_ITEM, PARTICIPANT), so saving is a thin layer."""

from __future__ import annotations

from core import ids
from core.minutes.model import DECISION, RECOMMENDATION, Meeting
from core.schema import AGENDA_ITEM, MEETING, PARTICIPANT


def meeting_id(meeting: Meeting, level: str | None = None) -> str:
    """'<body>-<date>-<level>' as the curated meetings are named; 'udateret' without a date."""
    parts = [meeting.body_id or "ukendt", meeting.meeting_date.isoformat() if meeting.meeting_date else "udateret",
             level or meeting.level or "ukendt"]
    return ids.slug("-".join(parts), max_length=120)


def item_body(sections: dict[str, str]) -> str | None:
    """Every section but Indstilling and Beslutning, each under its heading."""
    blocks = [f"{name.upper()}\n\n{text}" for name, text in sections.items()
              if name not in (RECOMMENDATION, DECISION) and text]
    return "\n\n".join(blocks) or None


def to_store_rows(meeting: Meeting, *, source: str | None = None, level: str | None = None,
                  date_note: str | None = None) -> dict[str, list[dict]]:
    """{"meetings": [row], "agenda_items": [...], "participants": [...]}, keys exactly the
    tables' columns. level overrides what the minutes say (politisk/faglig)."""
    mid = meeting_id(meeting, level)
    meeting_row = {
        "meeting_id": mid,
        "cluster_id": meeting.body_id,
        "level": level or meeting.level,
        "title": meeting.title,
        "meeting_date": meeting.meeting_date,
        "date_note": date_note,
        "location": meeting.location,
        "source": source,
    }
    items = [
        {
            "meeting_id": mid,
            "position": position,
            "item_no": item.no,
            "title": item.title,
            "item_type": item.item_type,
            "recommendation": item.recommendation,
            "decision": item.decision,
            "body": item_body(item.sections),
        }
        for position, item in enumerate(meeting.items, start=1)
    ]
    people = [
        {"meeting_id": mid, "position": position, "name": p.name, "title": p.title,
         "organisation": p.organisation, "attended": p.attended}
        for position, p in enumerate(meeting.participants, start=1)
    ]
    for table, rows in ((MEETING, [meeting_row]), (AGENDA_ITEM, items), (PARTICIPANT, people)):
        columns = [c.name for c in table.columns]
        assert all(list(row) == columns for row in rows), table.name
    return {MEETING.name: [meeting_row], AGENDA_ITEM.name: items, PARTICIPANT.name: people}
