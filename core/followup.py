"""Follow-up (principle F): actions from the minutes and the "Siden sidste møde" report.

An action has a text, who is responsible, a deadline (or none, when the minutes give none)
and the item it came from. `suggest_actions` reads an item's text for sentences that put
something on a later agenda ("forelægges på næste møde den 23. november 2023", "arbejdsgruppen
… med forslag til politisk møde", "inden udgangen af 2023") and proposes actions with their
deadlines; nothing is stored until the secretariat accepts one (`add_action`).

`since_last_meeting` is the status item for the next agenda: initiatives started or
finished since the body's last meeting, money decided versus spent per initiative (an
unknown amount is "ikke angivet", never 0), open and overdue actions and new indicators.
`since_last_meeting_docx` writes it in the minutes' shape.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from typing import Any

import pandas as pd

from core import clock, docx_style, formatting, userdata
from core.changelog import UserDataError
from core.minutes.dates import MONTHS, find_dates
from core.schema import DECIDED_STATUSES
from core.store import Store

NOT_GIVEN = formatting.NOT_GIVEN
ACTION_STATUSES = {"aaben": "Åben", "udfoert": "Udført"}

# A sentence that hands something on to a later meeting or a deadline.
_TRIGGER = re.compile(
    r"(?i)\b(forelægges|forlagt|fremlægges|fremlagt|præsenteres|behandlet|behandles|næste møde|"
    r"med forslag|inden udgangen af|ved udgangen af|senest|evaluering|status\b)"
)
_END_OF_YEAR = re.compile(r"(?i)\b(?:inden|ved|før)\s+udgangen\s+af\s+((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"(?i)\bi\s+({'|'.join(m for m in MONTHS if len(m) > 3)})\s+((?:19|20)\d\d)\b")
# Who is to act: a working group or secretariat first, else the level named (Faglig/Politisk …).
_GROUPS = re.compile(r"\b([Aa]rbejdsgruppe(?:n|ns)?|[Ss]ekretariatet|[Ff]ormand(?:s)?skabet)\b")
_LEVELS = re.compile(r"\b([Ff]aglig|[Pp]olitisk)\s+([Ss]undhedsklynge|[Ss]undhedsråd)(\s+(?:Nord|Syd|Midt|Vest|Øst|"
                     r"Byen|Bornholm|[A-ZÆØÅ][a-zæøå]+(?=[\s,.]|$)))?")
# A sentence ends at . ! ? before a capital letter, except after an abbreviation ("d.", "kl.").
_SENTENCE = re.compile(r"(?<!\bd\.)(?<!\bkl\.)(?<!\bca\.)(?<!\bnr\.)(?<!\bjf\.)(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n+")


# -- suggestions from the minutes --------------------------------------------------------------
def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s and s.strip()]


def deadline_in(sentence: str, meeting_date: dt.date | None,
                next_meeting: dt.date | None = None) -> tuple[dt.date | None, str]:
    """The deadline a sentence gives and the words it stood in: a full date ("den 23. november
    2023"; a date without a year takes the meeting's year), "inden udgangen af 2023" (31 December), "i november 2023" (the
    month's last day), "næste møde" (the body's next meeting in the store, when known).
    (None, "") when the sentence names no deadline."""
    for found in find_dates(sentence):
        date = found.date
        if date is None and meeting_date is not None:
            try:
                date = dt.date(meeting_date.year, found.month, found.day)
            except ValueError:
                continue
        if date is not None and (meeting_date is None or date > meeting_date):
            return date, found.text  # a date on or before the meeting refers to the past
    match = _END_OF_YEAR.search(sentence)
    if match:
        return dt.date(int(match.group(1)), 12, 31), match.group(0)
    match = _MONTH_YEAR.search(sentence)
    if match:
        year, month = int(match.group(2)), MONTHS[match.group(1).lower()]
        return dt.date(year, month, calendar.monthrange(year, month)[1]), match.group(0)
    if re.search(r"(?i)næste møde", sentence) and next_meeting is not None:
        return next_meeting, "næste møde"
    return None, ""


def _responsible(sentence: str, item_text: str) -> str | None:
    """A guess the secretariat corrects: a working group or secretariat in the sentence, else
    the level it names, else a working group in the item."""
    for pattern, text in ((_GROUPS, sentence), (_LEVELS, sentence), (_GROUPS, item_text)):
        found = pattern.search(text or "")
        if found:
            name = found.group(0).strip()
            if name.lower().startswith("arbejdsgruppe"):
                name = "Arbejdsgruppen"
            return name[0].upper() + name[1:]
    return None


def suggest_actions(store: Store, meeting_id: str) -> list[dict]:
    """Actions the minutes of a meeting hand on: one per sentence that names a later meeting,
    a proposal to come or a deadline. Each: text, responsible, deadline (date or None),
    deadline_text (the words, or "ikke angivet"), meeting_id, item_position, item_no,
    item_title, source. Already stored actions from the same sentence are left out."""
    meeting = store.query("SELECT * FROM meetings WHERE meeting_id = ?", [meeting_id])
    if meeting.empty:
        return []
    meeting = meeting.iloc[0].to_dict()
    meeting_date = None if pd.isna(meeting["meeting_date"]) else pd.Timestamp(meeting["meeting_date"]).date()
    next_meeting = store.scalar(
        "SELECT min(meeting_date) FROM meetings WHERE cluster_id = ? AND meeting_date > ?",
        [meeting["cluster_id"], meeting_date],
    ) if meeting_date else None
    known = {r[0] for r in store.rows("SELECT text FROM app.actions WHERE meeting_id = ?", [meeting_id])}
    items = store.query("SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", [meeting_id])
    found: list[dict] = []
    for item in items.to_dict("records"):
        text = "\n".join(t for t in (item["recommendation"], item["decision"], item["body"]) if isinstance(t, str))
        for sentence in _sentences(text):
            if not _TRIGGER.search(sentence) or len(sentence) < 25:
                continue
            deadline, words = deadline_in(sentence, meeting_date, next_meeting)
            forward = re.search(r"(?i)forelæg|forlagt|fremlæg|præsenteres|næste møde", sentence) or re.search(
                r"(?i)med forslag.*\bmøde", sentence)
            if deadline is None and not forward:
                continue
            if sentence in known or any(s["text"] == sentence for s in found):
                continue
            found.append({
                "text": sentence, "responsible": _responsible(sentence, text), "deadline": deadline,
                "deadline_text": words or NOT_GIVEN, "meeting_id": meeting_id,
                "item_position": int(item["position"]), "item_no": item["item_no"], "item_title": item["title"],
                "source": f"{meeting['source']} › punkt {item['item_no']}",
            })
    return found


# -- stored actions ----------------------------------------------------------------------------
def add_action(store: Store, cluster_id: str, text: str, *, who: str, responsible: str | None = None,
               deadline: Any = None, deadline_text: str | None = None, meeting_id: str | None = None,
               item_position: Any = None, initiative_id: str | None = None, source: str | None = None) -> int | None:
    """Store an action (open). Taken from an item when meeting_id and item_position are given."""
    userdata._body(store, cluster_id)
    who = userdata._text("Indtastet af", who, required=True)
    text = userdata._text("Handling", text, required=True, limit=userdata.MAX_NOTE)
    deadline = userdata._date("Frist", deadline)
    item_no = None
    if meeting_id:
        found = store.rows(
            """SELECT a.item_no, m.cluster_id, m.source FROM agenda_items a JOIN meetings m USING (meeting_id)
               WHERE a.meeting_id = ? AND a.position = ?""",
            [meeting_id, item_position],
        )
        if not found or found[0][1] != cluster_id:
            raise UserDataError("Feltet »Punkt« kender ikke punktet for denne klynge eller dette råd.")
        item_no = found[0][0]
        source = source or f"{found[0][2]} › punkt {item_no}"
    values = {
        "cluster_id": cluster_id, "text": text, "responsible": userdata._text("Ansvarlig", responsible),
        "deadline": deadline, "deadline_text": userdata._text("Frist (tekst)", deadline_text),
        "status": "aaben", "meeting_id": meeting_id or None,
        "item_position": int(item_position) if meeting_id else None, "item_no": item_no,
        "initiative_id": initiative_id or None, "done_on": None,
        "source": source or f"Indtastet af {who}",
    }
    action_id = f"handling-{uuid.uuid4().hex[:12]}"
    return userdata.write(store, [("actions", {"action_id": action_id}, values)], who=who,
                          why=f"Handling: {text[:80]}", cluster_id=cluster_id)


def set_action_done(store: Store, action_id: str, *, who: str, done: bool = True,
                    on: dt.date | None = None) -> int | None:
    """Mark an action done (today, or `on`), or open again."""
    who = userdata._text("Indtastet af", who, required=True)
    found = store.query("SELECT * FROM app.actions WHERE action_id = ?", [action_id])
    if found.empty:
        raise UserDataError(f"Handlingen »{action_id}« findes ikke.")
    row = found.iloc[0].to_dict()
    values = {k: (None if _missing(row[k]) else row[k]) for k in
              ("cluster_id", "text", "responsible", "deadline", "deadline_text", "status", "meeting_id",
               "item_position", "item_no", "initiative_id", "done_on", "source")}
    for key in ("deadline", "done_on"):
        if isinstance(values[key], pd.Timestamp):
            values[key] = values[key].date()
    values["status"] = "udfoert" if done else "aaben"
    values["done_on"] = (on or clock.today()) if done else None
    return userdata.write(store, [("actions", {"action_id": action_id}, values)], who=who,
                          why="Handling udført" if done else "Handling genåbnet", cluster_id=values["cluster_id"])


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value))


def actions(store: Store, cluster_id: str | list[str], as_of: dt.date | None = None) -> pd.DataFrame:
    """The body's (or bodies') actions, open first by deadline, with `overdue` (open and the
    deadline before as_of, today by default), `status_text`, `deadline_shown`."""
    as_of = as_of or clock.today()
    ids = [cluster_id] if isinstance(cluster_id, str) else list(cluster_id)
    found = store.query(
        """SELECT x.*, m.meeting_date, m.title AS meeting_title
           FROM app.actions x LEFT JOIN meetings m USING (meeting_id)
           WHERE list_contains(?, x.cluster_id)
           ORDER BY x.status, x.deadline NULLS LAST, x.entered_at""",
        [ids],
    )
    deadlines = [None if _missing(d) else pd.Timestamp(d).date() for d in found["deadline"]]
    found["overdue"] = [s == "aaben" and d is not None and d < as_of for s, d in zip(found["status"], deadlines)]
    found["status_text"] = [
        "Overskredet" if late else ACTION_STATUSES.get(s, s) for s, late in zip(found["status"], found["overdue"])
    ]
    found["deadline_shown"] = [
        formatting.date(d) if d else (t if isinstance(t, str) and t != NOT_GIVEN else "frist ikke angivet")
        for d, t in zip(deadlines, found["deadline_text"])
    ]
    return found


# -- money per initiative ----------------------------------------------------------------------
def money(store: Store, cluster_id: str | list[str]) -> pd.DataFrame:
    """Per initiative: status, decided (sum of budget), spent (sum of actual), unspent; None
    where the store has no such amount (shown "ikke angivet", never 0), and the sources."""
    ids = [cluster_id] if isinstance(cluster_id, str) else list(cluster_id)
    found = store.query(
        """SELECT i.initiative_id, i.cluster_id, i.name, i.status, i.focus_area_id, i.source,
                  (SELECT sum(amount_dkk) FROM initiative_costs c
                    WHERE c.initiative_id = i.initiative_id AND c.kind = 'budget')::BIGINT AS decided_dkk,
                  (SELECT sum(amount_dkk) FROM initiative_costs c
                    WHERE c.initiative_id = i.initiative_id AND c.kind = 'actual')::BIGINT AS spent_dkk,
                  (SELECT string_agg(DISTINCT c.source, ' | ') FROM initiative_costs c
                    WHERE c.initiative_id = i.initiative_id AND c.kind IN ('budget', 'actual')) AS money_source
           FROM initiatives i
           WHERE list_contains(?, i.cluster_id)
           ORDER BY i.cluster_id, i.name""",
        [ids],
    )
    found = found.astype({"decided_dkk": object, "spent_dkk": object})
    found["decided_dkk"] = [None if _missing(v) else int(v) for v in found["decided_dkk"]]
    found["spent_dkk"] = [None if _missing(v) else int(v) for v in found["spent_dkk"]]
    found["unspent_dkk"] = [
        None if d is None or s is None else d - s for d, s in zip(found["decided_dkk"], found["spent_dkk"])
    ]
    for column in ("decided", "spent", "unspent"):
        found[f"{column}_text"] = [amount_text(v) for v in found[f"{column}_dkk"]]
    found["status_text"] = [s.capitalize() for s in found["status"]]
    return found


def amount_text(value: Any) -> str:
    """Kroner the Danish way; an unknown amount is "ikke angivet" (never "0 kr.")."""
    return NOT_GIVEN if _missing(value) else formatting.dkk(int(value))


# -- "Siden sidste møde" -----------------------------------------------------------------------
def last_meeting(store: Store, body_id: str, as_of: dt.date) -> dict | None:
    """The body's latest dated meeting on or before as_of."""
    found = store.query(
        """SELECT * FROM meetings WHERE cluster_id = ? AND meeting_date IS NOT NULL AND meeting_date <= ?
           ORDER BY meeting_date DESC, meeting_id LIMIT 1""",
        [body_id, as_of],
    )
    return None if found.empty else found.iloc[0].to_dict()


def since_last_meeting(store: Store, body_id: str, as_of: dt.date | None = None) -> dict:
    """What the next agenda's status item says (principle F), as of a date (today by default):

    - last_meeting (dict or None), since (its date), as_of;
    - started / finished: initiatives whose start or end (date, or a linked status change at a
      meeting) lies after the last meeting and on or before as_of, each with its source;
    - money: per decided initiative, decided vs spent (core.followup.money);
    - open_actions / overdue_actions (DataFrames);
    - new_indicators: indicators entered for the body after the last meeting."""
    as_of = as_of or clock.today()
    last = last_meeting(store, body_id, as_of)
    since = pd.Timestamp(last["meeting_date"]).date() if last else None

    def in_window(day: dt.date | None) -> bool:
        return day is not None and day <= as_of and (since is None or day > since)

    initiatives = store.query("SELECT * FROM initiatives WHERE cluster_id = ? ORDER BY name", [body_id])
    links = store.query(
        """SELECT d.initiative_id, d.new_value, d.item_no, m.meeting_date, m.title, m.source
           FROM app.decision_links d JOIN meetings m USING (meeting_id)
           WHERE d.cluster_id = ? AND d.kind = 'status'""",
        [body_id],
    )
    events = {"igangsat": [], "afsluttet": []}
    for row in initiatives.to_dict("records"):
        for status, column in (("igangsat", "start_date"), ("afsluttet", "end_date")):
            own = links[(links["initiative_id"] == row["initiative_id"]) & (links["new_value"] == status)]
            when, source = None, None
            for link in own.to_dict("records"):
                date = pd.Timestamp(link["meeting_date"]).date()
                if in_window(date):
                    when, source = date, f"{link['source']} › punkt {link['item_no']}"
            if when is None and not _missing(row.get(column)):
                date = pd.Timestamp(row[column]).date()
                if in_window(date):
                    when, source = date, row["source"]
            if when is not None:
                events[status].append({"initiative_id": row["initiative_id"], "name": row["name"],
                                       "date": when, "date_text": formatting.date(when), "source": source})
    decided = money(store, body_id)
    decided = decided[decided["status"].isin(DECIDED_STATUSES)].reset_index(drop=True)
    all_actions = actions(store, body_id, as_of)
    open_actions = all_actions[all_actions["status"] == "aaben"].reset_index(drop=True)
    indicators = store.query(
        """SELECT indicator_id, name, geography, period, value, value_low, value_high, unit, source, entered_at
           FROM indicators WHERE cluster_id = ? AND entered_at IS NOT NULL
             AND entered_at::DATE <= ? AND (? IS NULL OR entered_at::DATE > ?)
           ORDER BY entered_at""",
        [body_id, as_of, since, since],
    )
    indicators["value_text"] = [formatting.indicator_value(v, lo, hi, u) for v, lo, hi, u in
                                indicators[["value", "value_low", "value_high", "unit"]].itertuples(index=False)]
    return {
        "body_id": body_id, "as_of": as_of, "last_meeting": last, "since": since,
        "started": events["igangsat"], "finished": events["afsluttet"], "money": decided,
        "open_actions": open_actions, "overdue_actions": open_actions[open_actions["overdue"]].reset_index(drop=True),
        "new_indicators": indicators,
    }


def _since_text(report: dict) -> str:
    last = report["last_meeting"]
    if not last:
        return "Der er ikke registreret et tidligere møde; opgørelsen dækker alt, der er registreret."
    return (f"Siden sidste møde, {last['title'] or last['meeting_id']} den {formatting.date(report['since'])}, "
            f"og frem til {formatting.date(report['as_of'])}.")


def since_last_meeting_docx(report: dict, *, body_label: str, item_no: str = "X") -> bytes:
    """The report as an agenda item in the minutes' shape: "Punkt X: Status på initiativer
    (princip F)" with Baggrund for sagens fremlæggelse, Sagsfremstilling (initiatives started
    and finished, money decided vs spent, actions, new indicators) and Indstilling."""
    title = f"Punkt {item_no}: Status på initiativer (princip F)"
    document = docx_style.new_document(title=title, subject=body_label,
                                       comments="Status til næste dagsorden, dannet af Klyngeblik")
    document.add_heading(title, level=1)
    document.add_paragraph(f"Udkast fra Klyngeblik, {formatting.date(clock.today())}").runs[0].italic = True
    docx_style.facts(document, [("Klynge/råd", None, body_label),
                                ("Opgjort pr.", None, formatting.date(report["as_of"]))])
    document.add_heading("Baggrund for sagens fremlæggelse", level=2)
    document.add_paragraph(
        "Efter princip F orienteres det politiske niveau på hvert møde om, hvilke initiativer der er "
        "igangsat eller afsluttet, og om økonomien i de besluttede initiativer. " + _since_text(report))
    document.add_heading("Sagsfremstilling", level=2)
    document.add_heading("Igangsatte og afsluttede initiativer", level=3)
    for label, events in (("Igangsat", report["started"]), ("Afsluttet", report["finished"])):
        if not events:
            document.add_paragraph(f"{label}: ingen registreret i perioden.")
        for event in events:
            document.add_paragraph(f"{label} {event['date_text']}: {event['name']} (kilde: {event['source']})",
                                   style="List Bullet")
    document.add_heading("Økonomi: besluttet og forbrugt pr. initiativ", level=3)
    frame = report["money"]
    if frame.empty:
        document.add_paragraph("Ingen besluttede initiativer er registreret.")
    else:
        money_table(document, frame)
        docx_style.after_table(document.add_paragraph(
            "Beløb, som ikke er registreret, står som »ikke angivet«. Kilder: " +
            "; ".join(sorted({str(s) for s in frame["money_source"] if isinstance(s, str)})) + "."))
    document.add_heading("Handlinger", level=3)
    open_actions = report["open_actions"]
    if open_actions.empty:
        document.add_paragraph("Ingen åbne handlinger.")
    else:
        rows = [[a.text, a.responsible if isinstance(a.responsible, str) else NOT_GIVEN, a.deadline_shown,
                 a.status_text] for a in open_actions.itertuples()]
        docx_style.table(document, ["Handling", "Ansvarlig", "Frist", "Status"], rows, text_columns=4,
                         widths=[84, 30, 26, 20])
        overdue = len(report["overdue_actions"])
        docx_style.after_table(document.add_paragraph(
            f"{overdue} af {len(open_actions)} åbne handlinger har overskredet fristen." if overdue
            else "Ingen åbne handlinger har overskredet fristen."))
    document.add_heading("Nye indikatorer", level=3)
    indicators = report["new_indicators"]
    if indicators.empty:
        document.add_paragraph("Ingen nye indikatorer registreret i perioden.")
    for row in indicators.itertuples():
        document.add_paragraph(f"{row.name} ({row.geography}, {row.period}): {row.value_text}. Kilde: {row.source}",
                               style="List Bullet")
    document.add_heading("Indstilling", level=2)
    document.add_paragraph("Det indstilles,")
    document.add_paragraph(f"at {body_label} tager orienteringen om status på initiativerne til efterretning.")
    return docx_style.to_bytes(document)


def money_table(document, frame: pd.DataFrame) -> None:
    """Initiativ, Status, Besluttet, Forbrugt, Ikke forbrugt: the money per initiative in a DOCX
    (the "Siden sidste møde" report and the handover note)."""
    rows = [[r.name, r.status_text, r.decided_text, r.spent_text, r.unspent_text] for r in frame.itertuples()]
    docx_style.table(document, ["Initiativ", "Status", "Besluttet", "Forbrugt", "Ikke forbrugt"], rows,
                     text_columns=2, widths=[56, 24, 28, 26, 26])
