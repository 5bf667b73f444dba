"""From idea to initiative (issue 10): a suggestion in KL's catalogue becomes a draft
initiative of a body, with the link to the suggestion and its theme kept.

The initiative is an ordinary user initiative (core.userdata): status "forslag", cost type
udvikling, no costs ("beløb ikke angivet"), so Budgetscenarier shows it as a line that starts
switched off (core.scenario_source). The link lives in app.idea_links (migration 9). Both are
written as one change set of the change log, so one undo removes both.
"""

from __future__ import annotations

import re

from core import userdata
from core.changelog import UserDataError
from core.ids import slug
from core.store import Store

NAME_WORDS_LIMIT = 60  # characters of the suggested short name


def idea(store: Store, theme_no: int, idea_no: int) -> dict | None:
    """A suggestion with its theme's title, or None."""
    found = store.rows(
        """SELECT i.theme_no, i.idea_no, i.text, t.title FROM catalogue_ideas i
           JOIN catalogue_themes t USING (theme_no) WHERE i.theme_no = ? AND i.idea_no = ?""",
        [int(theme_no), int(idea_no)],
    )
    if not found:
        return None
    theme_no, idea_no, text, title = found[0]
    return {"theme_no": int(theme_no), "idea_no": int(idea_no), "text": text, "theme_title": title}


def short_name(text: str, limit: int = NAME_WORDS_LIMIT) -> str:
    """A short initiative name from a suggestion's text: its first clause, cut at a word
    within `limit` characters ("Etablering af fælles akutteams …")."""
    first = re.split(r"(?<=[.:;!?])\s+(?=[A-ZÆØÅ])|\s[–-]\s|\n", (text or "").strip(), maxsplit=1)[0]
    first = first.strip().rstrip(".:;")
    if first[:3].lower() == "at " and len(first) > 3:  # "At sikre aftaler …" → "Sikre aftaler …"
        first = first[3].upper() + first[4:]
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:– ")
    return f"{cut} …"


def _free_id(store: Store, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `-3` … when an initiative already has that id."""
    taken = {r[0] for r in store.rows(
        "SELECT initiative_id FROM initiatives WHERE initiative_id = ? OR initiative_id LIKE ?",
        [wanted, f"{wanted}-%"],
    )}
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def initiative_from_idea(store: Store, cluster_id: str, theme_no: int, idea_no: int, *,
                         name: str | None = None, focus_area_id: str | None = None,
                         who: str, why: str | None = None) -> tuple[str, int]:
    """Create the draft initiative for a suggestion; returns (initiative_id, change_set).

    Raises UserDataError (one Danish sentence, nothing written) for an unknown body,
    suggestion or focus area, or a missing name or author."""
    found = idea(store, theme_no, idea_no)
    if found is None:
        raise UserDataError(f"Forslag {idea_no} under tema {theme_no} findes ikke i idékataloget.")
    name = (name or "").strip() or short_name(found["text"])
    if not slug(name):
        raise UserDataError("Feltet »Navn« skal indeholde bogstaver eller tal.")
    why = (why or "").strip() or f"Fra idékataloget: tema {found['theme_no']}, forslag {found['idea_no']}"
    initiative_id = _free_id(store, f"{cluster_id}-{slug(name)}")
    rows, deletes = userdata.initiative_rows(
        store, cluster_id, name, initiative_id=initiative_id, focus_area_id=focus_area_id or None,
        status="forslag", cost_type="udvikling", costs=None,
        description=found["text"][:userdata.MAX_NOTE],
        note=f"Fra KL's idékatalog, tema {found['theme_no']} ({found['theme_title']}), forslag {found['idea_no']}.",
        who=who, why=why,
    )
    rows.append(("idea_links", {"initiative_id": initiative_id},
                 {"cluster_id": cluster_id, "theme_no": found["theme_no"], "idea_no": found["idea_no"]}))
    change_set = userdata.write(store, rows, deletes=deletes, who=who.strip(), why=why, cluster_id=cluster_id)
    return initiative_id, change_set


def idea_of(store: Store, initiative_id: str) -> dict | None:
    """The suggestion an initiative was made from ({"theme_no", "idea_no"}), or None."""
    found = store.rows("SELECT theme_no, idea_no FROM app.idea_links WHERE initiative_id = ?", [initiative_id])
    return {"theme_no": int(found[0][0]), "idea_no": int(found[0][1])} if found else None


def initiatives_from_ideas(store: Store, cluster_id: str | None = None) -> list[dict]:
    """Initiatives made from suggestions (every body's, or one body's), with their theme."""
    rows = store.rows(
        """SELECT l.initiative_id, l.cluster_id, l.theme_no, l.idea_no, i.name
           FROM app.idea_links l JOIN initiatives i USING (initiative_id)
           WHERE ? IS NULL OR l.cluster_id = ? ORDER BY l.initiative_id""",
        [cluster_id, cluster_id],
    )
    return [dict(zip(("initiative_id", "cluster_id", "theme_no", "idea_no", "name"), r)) for r in rows]
