"""The decision log: a decision on an agenda item linked to what it changed (issue 9, point 3).

A link names the item (meeting + position), the kind of change and the reasons the minutes
give (relevance, evidence, who was heard). Kinds:

- ``nyt-initiativ``: a new initiative from the item, with its decided amounts per year. The
  initiative is written as user data (status besluttet), so it reaches Budgetscenarier at once;
- ``status``: the initiative's status changed (besluttet, igangsat, afsluttet, afvist);
- ``beloeb``: an initiative's decided amount for a year changed;
- ``regel``: one of the body's rules changed;
- ``orientering``: the body was told the initiative's status (principle F), nothing changed.

Each link and the change it makes are written as one change set (core.userdata.write), so
the change log shows them together and undo reverses both. Reads go through the public
views only, so imported meetings count like the curated ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

import pandas as pd

from core import formatting, userdata
from core.changelog import UserDataError
from core.store import Store

KINDS = {
    "nyt-initiativ": "Nyt initiativ",
    "status": "Statusændring",
    "beloeb": "Ændret beløb",
    "regel": "Ændret regel",
    "orientering": "Orientering om status",
}
LINK_STATUSES = ("besluttet", "igangsat", "afsluttet", "afvist")
STATUS_TEXT = {
    "forslag": "Forslag", "besluttet": "Besluttet", "afvist": "Afvist", "igangsat": "Igangsat",
    "afsluttet": "Afsluttet",
}
NOT_GIVEN = formatting.NOT_GIVEN
# The steps of an initiative's timeline, in order.
STEPS = (
    ("forslag", "Forslag"),
    ("beslutning", "Beslutning"),
    ("igangsat", "Igangsat"),
    ("afrapporteret", "Afrapporteret"),
    ("afsluttet", "Afsluttet"),
)


def _item(store: Store, cluster_id: str, meeting_id: str, position: Any) -> dict:
    """The agenda item a decision was taken on (it must belong to the body)."""
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise UserDataError("Feltet »Punkt« skal udfyldes.") from None
    found = store.query(
        """SELECT m.meeting_id, m.cluster_id, m.meeting_date, m.title AS meeting_title, m.source,
                  a.position, a.item_no, a.title, a.decision, a.recommendation
           FROM meetings m JOIN agenda_items a USING (meeting_id)
           WHERE m.meeting_id = ? AND a.position = ?""",
        [meeting_id, position],
    )
    if found.empty:
        raise UserDataError(f"Feltet »Punkt« kender ikke punktet på mødet »{meeting_id}«.")
    item = found.iloc[0].to_dict()
    if item["cluster_id"] != cluster_id:
        raise UserDataError("Feltet »Møde«: mødet hører til en anden klynge eller et andet råd.")
    return item


def _initiative(store: Store, cluster_id: str, initiative_id: Any) -> dict:
    if not initiative_id:
        raise UserDataError("Feltet »Initiativ« skal udfyldes.")
    found = store.query("SELECT * FROM initiatives WHERE initiative_id = ?", [initiative_id])
    if found.empty or found.iloc[0]["cluster_id"] != cluster_id:
        raise UserDataError(f"Feltet »Initiativ« kender ikke »{initiative_id}« for denne klynge eller dette råd.")
    return {k: (None if _missing(v) else v) for k, v in found.iloc[0].to_dict().items()}


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value))


def _user_initiative_values(store: Store, initiative: dict, why: str) -> dict:
    """The initiative's current values as app.user_initiatives holds them (the entered row
    when there is one, else the curated values), ready to change one field."""
    columns = ("cluster_id", "name", "focus_area_id", "status", "cost_type", "responsible",
               "start_date", "end_date", "description", "note", "source")
    entered = store.query("SELECT * FROM app.user_initiatives WHERE initiative_id = ?", [initiative["initiative_id"]])
    if not entered.empty:
        row = entered.iloc[0].to_dict()
        values = {c: (None if _missing(row.get(c)) else row.get(c)) for c in columns}
    else:
        values = {c: initiative.get(c) for c in columns}  # the curated source stays the row's source
    for date_column in ("start_date", "end_date"):
        if isinstance(values[date_column], pd.Timestamp):
            values[date_column] = values[date_column].date()
    return values


def _link_row(cluster_id: str, item: dict, kind: str, **values: Any) -> tuple[str, dict, dict]:
    link_id = f"beslutning-{uuid.uuid4().hex[:12]}"
    row = {
        "cluster_id": cluster_id, "meeting_id": item["meeting_id"], "item_position": int(item["position"]),
        "item_no": item["item_no"], "kind": kind, "initiative_id": None, "rule_key": None, "year": None,
        "old_value": None, "new_value": None, "amounts": None, "reasons": None, "note": None,
    }
    row.update(values)
    return "decision_links", {"link_id": link_id}, row


def _date(value: Any) -> dt.date | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def link_decision(
    store: Store, cluster_id: str, meeting_id: str, item_position: Any, kind: str, *,
    who: str, reasons: str | None = None, note: str | None = None,
    initiative_id: str | None = None, name: str | None = None, focus_area_id: str | None = None,
    amounts: Mapping[Any, Any] | None = None, cost_type: str = "udvikling", description: str | None = None,
    status: str | None = None, year: Any = None, amount_dkk: Any = None,
    rule_key: str | None = None, rule_value: Any = None,
) -> int | None:
    """Link the decision on an item to what it changed, and make the change, as one change set.

    kind: see KINDS. ``nyt-initiativ`` needs `name` (and takes `amounts`: year → kr. decided,
    `focus_area_id`, `cost_type`, `description`, optionally `initiative_id`); ``status``
    needs `initiative_id` and `status`; ``beloeb`` needs `initiative_id`, `year` and
    `amount_dkk`; ``regel`` needs `rule_key` and `rule_value`; ``orientering`` needs
    `initiative_id`. `reasons` is the grounds the minutes give. Returns the change set."""
    kind = userdata._choice("Hvad beslutningen ændrede", kind, KINDS)
    who = userdata._text("Indtastet af", who, required=True)
    reasons = userdata._text("Begrundelse", reasons, limit=userdata.MAX_NOTE)
    note = userdata._text("Note", note, limit=userdata.MAX_NOTE)
    item = _item(store, cluster_id, meeting_id, item_position)
    where = f"{item['meeting_title'] or item['meeting_id']}, {formatting.date(item['meeting_date'])}, punkt {item['item_no']}"
    why = f"Beslutning: {where}"
    meeting_date = _date(item["meeting_date"])
    if kind == "nyt-initiativ":
        rows, deletes = userdata.initiative_rows(
            store, cluster_id, name, initiative_id=initiative_id, focus_area_id=focus_area_id,
            status="besluttet", cost_type=cost_type, costs=amounts, description=description,
            note=reasons, who=who, why=why)
        new_id = rows[0][1]["initiative_id"]
        if store.scalar("SELECT count(*) FROM initiatives WHERE initiative_id = ?", [new_id]):
            raise UserDataError(f"Feltet »Navn«: initiativet »{new_id}« findes allerede; vælg »Statusændring«.")
        decided = {str(key["year"]): values["amount_dkk"] for table, key, values in rows[1:]}
        rows.append(_link_row(cluster_id, item, kind, initiative_id=new_id, new_value="besluttet",
                              amounts=json.dumps(decided) if decided else None, reasons=reasons, note=note))
        return userdata.write(store, rows, deletes=deletes, who=who, why=why, cluster_id=cluster_id)
    if kind == "regel":
        rule_key = userdata._choice("Regel", rule_key, userdata.RULES)
        value = userdata.rule_text(rule_key, rule_value)
        old = store.scalar("SELECT value FROM cluster_settings WHERE cluster_id = ? AND key = ?", [cluster_id, rule_key])
        rows = [
            ("user_settings", {"cluster_id": cluster_id, "key": rule_key},
             {"value": value, "note": note, "source": why}),
            _link_row(cluster_id, item, kind, rule_key=rule_key, old_value=old, new_value=value,
                      reasons=reasons, note=note),
        ]
        return userdata.write(store, rows, who=who, why=why, cluster_id=cluster_id)
    initiative = _initiative(store, cluster_id, initiative_id)
    if kind == "orientering":
        rows = [_link_row(cluster_id, item, kind, initiative_id=initiative["initiative_id"],
                          old_value=initiative["status"], new_value=initiative["status"],
                          reasons=reasons, note=note)]
        return userdata.write(store, rows, who=who, why=why, cluster_id=cluster_id)
    if kind == "status":
        status = userdata._choice("Ny status", status, LINK_STATUSES)
        values = _user_initiative_values(store, initiative, why)
        values["status"] = status
        if status == "igangsat" and values["start_date"] is None:
            values["start_date"] = meeting_date
        if status == "afsluttet" and values["end_date"] is None:
            values["end_date"] = meeting_date
        rows = [
            ("user_initiatives", {"initiative_id": initiative["initiative_id"]}, values),
            _link_row(cluster_id, item, kind, initiative_id=initiative["initiative_id"],
                      old_value=initiative["status"], new_value=status, reasons=reasons, note=note),
        ]
        return userdata.write(store, rows, who=who, why=why, cluster_id=cluster_id)
    # beloeb
    year = userdata._int("År", year, 2000, 2100)
    amount = userdata._int("Beløb (kr.)", amount_dkk, 0, userdata.MAX_DKK)
    old = store.scalar(
        "SELECT amount_dkk FROM initiative_costs WHERE initiative_id = ? AND year = ? AND kind = 'budget'",
        [initiative["initiative_id"], year],
    )
    rows = [
        ("user_initiative_costs", {"initiative_id": initiative["initiative_id"], "year": year, "kind": "budget"},
         {"amount_dkk": amount, "note": note, "source": why}),
        _link_row(cluster_id, item, kind, initiative_id=initiative["initiative_id"], year=year,
                  old_value=None if old is None else str(int(old)), new_value=str(amount),
                  reasons=reasons, note=note),
    ]
    return userdata.write(store, rows, who=who, why=why, cluster_id=cluster_id)


# -- reading ------------------------------------------------------------------------------------
def links(store: Store, cluster_id: str) -> pd.DataFrame:
    """The body's decision links with their meeting and item, oldest meeting first."""
    return store.query(
        """SELECT d.*, m.meeting_date, m.title AS meeting_title, m.source AS meeting_source,
                  a.title AS item_title, i.name AS initiative_name, i.focus_area_id, i.status AS current_status
           FROM app.decision_links d
           LEFT JOIN meetings m ON m.meeting_id = d.meeting_id
           LEFT JOIN agenda_items a ON a.meeting_id = d.meeting_id AND a.position = d.item_position
           LEFT JOIN initiatives i ON i.initiative_id = d.initiative_id
           WHERE d.cluster_id = ?
           ORDER BY m.meeting_date NULLS LAST, d.meeting_id, d.item_position, d.entered_at""",
        [cluster_id],
    )


def _source_item(store: Store, source: Any) -> dict | None:
    """The agenda item a curated row's source names ("000_….txt › punkt 3 …")."""
    if not isinstance(source, str) or " › " not in source:
        return None
    file, rest = source.split(" › ", 1)
    number = re.search(r"(?i)\bpunkt\s+(\d+)", rest)
    if not number:
        return None
    found = store.query(
        """SELECT m.meeting_id, m.meeting_date, m.title AS meeting_title, a.position, a.item_no, a.title
           FROM meetings m JOIN agenda_items a USING (meeting_id)
           WHERE m.source = ? AND a.item_no = ? LIMIT 1""",
        [file, number.group(1)],
    )
    return None if found.empty else found.iloc[0].to_dict()


def _amounts_text(amounts: Any) -> str:
    if _missing(amounts) or not amounts:
        return ""
    decided = json.loads(amounts) if isinstance(amounts, str) else amounts
    return "; ".join(f"{year}: {formatting.dkk(int(a))}" for year, a in sorted(decided.items()))


def change_text(row: Mapping[str, Any]) -> str:
    """What a link changed, as one Danish phrase."""
    kind = row["kind"]
    name = row.get("initiative_name") or row.get("initiative_id") or ""
    if kind == "nyt-initiativ":
        amounts = _amounts_text(row.get("amounts"))
        return f"Nyt initiativ »{name}« besluttet" + (f" ({amounts})" if amounts else " (beløb ikke angivet)")
    if kind == "status":
        old = STATUS_TEXT.get(row.get("old_value"), row.get("old_value") or NOT_GIVEN)
        return f"»{name}«: {old.lower()} → {STATUS_TEXT.get(row['new_value'], row['new_value']).lower()}"
    if kind == "beloeb":
        old = NOT_GIVEN if _missing(row.get("old_value")) else formatting.dkk(int(row["old_value"]))
        return f"»{name}« {row.get('year')}: {old} → {formatting.dkk(int(row['new_value']))}"
    if kind == "regel":
        label, rule_kind = userdata.RULES.get(row.get("rule_key"), (row.get("rule_key"), ""))
        old = NOT_GIVEN if _missing(row.get("old_value")) else rule_value_text(rule_kind, row["old_value"])
        return f"{label}: {old} → {rule_value_text(rule_kind, row['new_value'])}"
    return f"»{name}«: status givet ({STATUS_TEXT.get(row.get('new_value'), row.get('new_value') or '').lower()})"


def rule_value_text(kind: str, value: str) -> str:
    """A stored rule value the Danish way: '250000' → '250.000 kr.', '0.5' → '50,0 %', 'true' → 'ja'."""
    try:
        if kind == "dkk":
            return formatting.dkk(int(float(value)))
        if kind == "share":
            return formatting.pct(float(value))
    except ValueError:
        return str(value)
    return {"true": "ja", "false": "nej"}.get(str(value).lower(), str(value))


def decision_log(store: Store, body_id: str, focus_area: str | None = None,
                 status: str | None = None) -> pd.DataFrame:
    """The body's decisions in date order with what each changed: the linked decisions and the
    curated initiatives' deciding items. `focus_area` and `status` filter on the initiative
    (its focus area and current status); a rule change has neither and is left out by them.

    Columns: meeting_date, date_text, meeting_id, meeting_title, item_no, item_title, kind,
    kind_text, initiative_id, initiative_name, focus_area_id, status, change, reasons, who,
    entered_at, source, link_id."""
    records = []
    for row in links(store, body_id).to_dict("records"):
        records.append({
            "meeting_date": row["meeting_date"], "meeting_id": row["meeting_id"],
            "meeting_title": row["meeting_title"], "item_no": row["item_no"], "item_title": row["item_title"],
            "item_position": row["item_position"], "kind": row["kind"], "initiative_id": row["initiative_id"], "initiative_name": row["initiative_name"],
            "focus_area_id": row["focus_area_id"], "status": row["current_status"], "change": change_text(row),
            "reasons": None if _missing(row["reasons"]) else row["reasons"], "who": row["entered_by"],
            "entered_at": row["entered_at"],
            "source": f"{row['meeting_source'] or row['meeting_id']} › punkt {row['item_no']}",
            "link_id": row["link_id"],
        })
    linked_new = {r["initiative_id"] for r in records if r["kind"] == "nyt-initiativ"}
    curated = store.query(
        """SELECT i.initiative_id, i.name, i.focus_area_id, i.status, i.decided_meeting_id, b.source,
                  m.meeting_date, m.title AS meeting_title
           FROM initiatives i JOIN meetings m ON m.meeting_id = i.decided_meeting_id
           JOIN base.initiatives b ON b.initiative_id = i.initiative_id
           WHERE i.cluster_id = ?""",
        [body_id],
    )
    for row in curated.to_dict("records"):
        if row["initiative_id"] in linked_new:
            continue
        item = _source_item(store, row["source"]) or {}
        records.append({
            "meeting_date": row["meeting_date"], "meeting_id": row["decided_meeting_id"],
            "meeting_title": row["meeting_title"], "item_no": item.get("item_no"),
            "item_title": item.get("title"), "item_position": item.get("position"), "kind": "nyt-initiativ", "initiative_id": row["initiative_id"],
            "initiative_name": row["name"], "focus_area_id": row["focus_area_id"], "status": row["status"],
            "change": change_text({"kind": "nyt-initiativ", "initiative_name": row["name"],
                                   "amounts": _budget(store, row["initiative_id"])}),
            "reasons": None, "who": "kurateret", "entered_at": None, "source": row["source"], "link_id": None,
        })
    columns = ["meeting_date", "date_text", "meeting_id", "meeting_title", "item_no", "item_title", "kind",
               "kind_text", "initiative_id", "initiative_name", "focus_area_id", "status", "change", "reasons",
               "who", "entered_at", "source", "link_id"]
    if focus_area:
        records = [r for r in records if r["focus_area_id"] == focus_area]
    if status:
        records = [r for r in records if r["status"] == status]
    records.sort(key=lambda r: (
        _date(r["meeting_date"]) or dt.date.max, r["meeting_id"] or "",
        -1 if _missing(r["item_position"]) else int(r["item_position"]),
        pd.Timestamp(r["entered_at"]) if not _missing(r["entered_at"]) else pd.Timestamp.min))
    log = pd.DataFrame.from_records(records, columns=[c for c in columns if c not in ("date_text", "kind_text")])
    log["date_text"] = [formatting.date(d) if not _missing(d) else "dato ikke angivet" for d in log["meeting_date"]]
    log["kind_text"] = [KINDS.get(k, k) for k in log["kind"]]
    return log[columns]


def _budget(store: Store, initiative_id: str) -> dict | None:
    rows = store.rows(
        "SELECT year, amount_dkk FROM initiative_costs WHERE initiative_id = ? AND kind = 'budget' ORDER BY year",
        [initiative_id],
    )
    return {str(y): int(a) for y, a in rows} or None


def initiative_timeline(store: Store, initiative_id: str) -> list[dict]:
    """The initiative's steps in order: proposal → decision → started → reported (one per
    status report) → finished. Each step: step, label, done, date, date_text, meeting_id,
    meeting_title, item_no, item_title, text, source. A step not (yet) recorded has done=False."""
    found = store.query("SELECT * FROM initiatives WHERE initiative_id = ?", [initiative_id])
    if found.empty:
        return []
    initiative = found.iloc[0].to_dict()
    curated_source = store.scalar("SELECT source FROM base.initiatives WHERE initiative_id = ?", [initiative_id])
    initiative["source"] = curated_source or initiative["source"]
    body_links = links(store, initiative["cluster_id"])
    own = body_links[body_links["initiative_id"] == initiative_id].to_dict("records")
    curated_item = _source_item(store, initiative["source"])

    def from_link(step: str, label: str, link: dict) -> dict:
        return _step(step, label, link["meeting_date"], link["meeting_id"], link["meeting_title"], link["item_no"],
                     link["item_title"], change_text(link) + (f". Begrundelse: {link['reasons']}"
                                                               if not _missing(link["reasons"]) else ""),
                     f"{link['meeting_source'] or link['meeting_id']} › punkt {link['item_no']}")

    def from_item(step: str, label: str, item: dict, text: str) -> dict:
        return _step(step, label, item["meeting_date"], item["meeting_id"], item["meeting_title"], item["item_no"],
                     item["title"], text, initiative["source"])

    def first(kind: str, new_values: tuple[str, ...] = ()) -> dict | None:
        return next((link for link in own if link["kind"] == kind and (not new_values or link["new_value"] in new_values)),
                    None)

    steps: list[dict] = []
    new = first("nyt-initiativ")
    decided = new or first("status", ("besluttet", "afvist"))
    # Proposal: the item the curated source names, else the item that created or decided it.
    if curated_item:
        steps.append(from_item("forslag", "Forslag", curated_item, "Indstillet på mødet"))
    elif decided:
        steps.append(from_link("forslag", "Forslag", decided) | {"text": "Indstillet på mødet"})
    else:
        steps.append(_pending("forslag", "Forslag"))
    if decided:
        steps.append(from_link("beslutning", "Beslutning", decided))
    elif curated_item and not _missing(initiative["decided_meeting_id"]) and initiative["status"] != "forslag":
        steps.append(from_item("beslutning", "Beslutning", curated_item, "Besluttet på mødet"))
    elif initiative["status"] in ("besluttet", "igangsat", "afsluttet"):
        steps.append(_step("beslutning", "Beslutning", None, None, None, None, None,
                           "Besluttet; mødet er ikke angivet", initiative["source"]))
    else:
        steps.append(_pending("beslutning", "Beslutning"))
    started = first("status", ("igangsat",))
    if started:
        steps.append(from_link("igangsat", "Igangsat", started))
    elif not _missing(initiative.get("start_date")) or initiative["status"] in ("igangsat", "afsluttet"):
        steps.append(_step("igangsat", "Igangsat", initiative.get("start_date"), None, None, None, None,
                           "Igangsat; intet mødepunkt registreret", initiative["source"]))
    else:
        steps.append(_pending("igangsat", "Igangsat"))
    reports = [link for link in own if link["kind"] in ("orientering", "beloeb")]
    steps += [from_link("afrapporteret", "Afrapporteret", link) for link in reports] or [
        _pending("afrapporteret", "Afrapporteret")]
    finished = first("status", ("afsluttet",))
    if finished:
        steps.append(from_link("afsluttet", "Afsluttet", finished))
    elif initiative["status"] == "afsluttet":
        steps.append(_step("afsluttet", "Afsluttet", initiative.get("end_date"), None, None, None, None,
                           "Afsluttet; intet mødepunkt registreret", initiative["source"]))
    else:
        steps.append(_pending("afsluttet", "Afsluttet"))
    return steps


def _step(step: str, label: str, date: Any, meeting_id: Any, meeting_title: Any, item_no: Any,
          item_title: Any, text: str, source: Any) -> dict:
    clean = {k: (None if _missing(v) else v) for k, v in
             {"date": date, "meeting_id": meeting_id, "meeting_title": meeting_title, "item_no": item_no,
              "item_title": item_title, "source": source}.items()}
    return {"step": step, "label": label, "done": True, **clean,
            "date_text": formatting.date(_date(clean["date"])) if clean["date"] else "dato ikke angivet",
            "text": text}


def _pending(step: str, label: str) -> dict:
    return {"step": step, "label": label, "done": False, "date": None, "date_text": "", "meeting_id": None,
            "meeting_title": None, "item_no": None, "item_title": None, "text": "Ikke registreret endnu",
            "source": None}
