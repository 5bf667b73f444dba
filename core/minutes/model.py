"""What the importer finds in one set of minutes: plain data, JSON-ready."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

RECOMMENDATION = "Indstilling"
DECISION = "Beslutning"


@dataclass
class Amount:
    dkk: int
    text: str  # the words the amount stood in
    section: str

    def to_json(self) -> dict:
        return {"dkk": self.dkk, "text": self.text, "section": self.section}


@dataclass
class Item:
    no: str  # as printed
    title: str
    item_type: str | None = None  # B, D or O when the minutes say
    sections: dict[str, str] = field(default_factory=dict)  # heading → text, in order
    amounts: list[Amount] = field(default_factory=list)
    empty_sections: list[str] = field(default_factory=list)  # headings printed with no text under them

    @property
    def recommendation(self) -> str | None:
        return self.sections.get(RECOMMENDATION) or None

    @property
    def decision(self) -> str | None:
        return self.sections.get(DECISION) or None

    def to_json(self) -> dict:
        return {
            "no": self.no,
            "title": self.title,
            "sections": dict(self.sections),
            "recommendation": self.recommendation,
            "decision": self.decision,
            "amounts": [a.to_json() for a in self.amounts],
        }


@dataclass
class Participant:
    name: str
    title: str | None = None  # the person's role as printed
    organisation: str | None = None
    attended: bool = True

    @property
    def role(self) -> str | None:
        parts = [p for p in (self.title, self.organisation) if p]
        return ", ".join(parts) or None

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "attended": self.attended}


@dataclass
class Meeting:
    body_id: str | None = None
    title: str | None = None
    meeting_date: dt.date | None = None
    location: str | None = None
    level: str | None = None  # politisk / faglig when the minutes say
    items: list[Item] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    text: str = ""  # the cleaned text the meeting was read from (personal data removed)

    def to_json(self, file: str | None = None) -> dict:
        return {
            "file": file,
            "body_id": self.body_id,
            "title": self.title,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "location": self.location,
            "items": [i.to_json() for i in self.items],
            "participants": [p.to_json() for p in self.participants],
            "warnings": list(self.warnings),
        }
