"""Importér referat: upload minutes (PDF, DOCX, HTML, Markdown, text), see each meeting as the
store would hold it next to the original text, correct it and save it in one transaction
(`pages/importer_referat.py` calls `render`).

Everything the user types lives in plain session state keyed by the file's sha256 (the parsed
files too), so nothing is lost on an error, a rerun or a visit to another page: widget state is
dropped by Streamlit when a page is left, so each widget is refilled from that draft."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from core import minutes, minutes_store
from core.changelog import UserDataError
from core.formatting import NOT_GIVEN
from core.meetings import date_text
from ui import minutes_review, state
from ui.text import escape, inline

PARSED = "imp.parsed"  # sha256 → {"name", "content", "meeting", "error"}
DRAFT = "imp.draft."  # + sha256 → the form (ui.minutes_review.draft_from_meeting)
WHO = "imp.who"
TYPES = ["pdf", "docx", "html", "htm", "md", "markdown", "txt"]
LEVELS = {"politisk": "Politisk", "faglig": "Faglig"}


def render() -> None:
    cluster = state.current_cluster()
    st.title("Importér referat")
    st.caption(
        "Læs et referat ind, ret mødet til, og gem det. Mødet vises, som databasen vil gemme det, ved siden af "
        "referatets tekst. E-mailadresser og telefonnumre fjernes, før noget læses."
    )
    uploads = st.file_uploader(
        "Referater (PDF, DOCX, HTML, Markdown eller tekst)", type=TYPES, accept_multiple_files=True,
        key="imp.files",
        help="Vælg en eller flere filer, højst 50 MB hver. Scannede PDF'er uden tekst kan ikke læses.",
    )
    parse_new(uploads or [], cluster["cluster_id"])
    parsed: dict = st.session_state.get(PARSED, {})
    if not parsed:
        st.info("Vælg en referatfil for at begynde.", icon=":material/upload_file:")
        return
    if WHO not in st.session_state:  # dropped when another page was visited
        st.session_state[WHO] = st.session_state.get(WHO + ".kept", "")
    st.text_input("Indtastet af", key=WHO, help="Dit navn; det står i ændringsloggen ved mødet.",
                  on_change=_keep_who)
    names = {sha: entry["name"] for sha, entry in parsed.items()}
    shas = list(names)
    if len(shas) == 1:
        review(shas[0])
        return
    tabs = st.tabs([inline(names[sha], limit=40) for sha in shas])
    for sha, tab in zip(shas, tabs):
        with tab:
            review(sha)


def _keep_who() -> None:
    st.session_state[WHO + ".kept"] = st.session_state[WHO]


def _bodies() -> list[dict]:
    return [{"id": c["cluster_id"], "name": c["name"], "region": c.get("region"), "hospital": c.get("hospital")}
            for c in state.clusters()]


def parse_new(uploads: list, default_body: str) -> None:
    """Parse the uploaded files not parsed before, with progress per file and page."""
    parsed = st.session_state.setdefault(PARSED, {})
    new = []
    for upload in uploads:
        content = upload.getvalue()
        digest = minutes_store.sha256(content)
        if digest not in parsed:
            new.append((upload.name, content, digest))
    if not new:
        return
    with st.status(f"Læser {len(new)} {'fil' if len(new) == 1 else 'filer'} …", expanded=True) as status:
        files_bar = st.progress(0.0, text="Filer")
        for number, (name, content, digest) in enumerate(new, start=1):
            files_bar.progress((number - 1) / len(new), text=f"Fil {number} af {len(new)}: {inline(name, limit=80)}")
            pages_bar = st.progress(0.0, text="Side 0")

            def progress(done: int, total: int, bar=pages_bar) -> None:
                bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Side {done} af {total}")

            entry = {"name": name, "content": content, "meeting": None, "error": None}
            try:
                entry["meeting"] = read_upload(name, content, progress)
            except minutes.UnreadableFile as exc:
                entry["error"] = str(exc)
            pages_bar.progress(1.0, text="Læst" if entry["error"] is None else "Kunne ikke læses")
            parsed[digest] = entry
            if entry["meeting"] is not None:
                st.session_state[DRAFT + digest] = minutes_review.draft_from_meeting(entry["meeting"], default_body)
        files_bar.progress(1.0, text=f"{len(new)} af {len(new)} filer læst")
        status.update(label="Referaterne er læst", state="complete", expanded=False)


def read_upload(name: str, content: bytes, progress=None) -> minutes.Meeting:
    """Parse uploaded bytes through the same importer as the CLI (it reads from a path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        return minutes.ingest_file(path, bodies=_bodies(), progress=progress)


def _widget(key: str, draft: dict, field: str) -> str:
    """The widget key for a draft field, refilled from the draft when Streamlit dropped it."""
    if key not in st.session_state:
        st.session_state[key] = draft[field]
    return key


def review(sha: str) -> None:
    entry = st.session_state[PARSED][sha]
    name = entry["name"]
    top = st.columns([4, 1])
    top[0].subheader(inline(name), anchor=False)
    if top[1].button("Fjern filen", key=f"imp.{sha}.remove", icon=":material/close:"):
        st.session_state[PARSED].pop(sha, None)
        st.session_state.pop(DRAFT + sha, None)
        st.rerun()
    if entry["error"]:
        st.error(f"Filen kan ikke læses: {inline(entry['error'], limit=500)}")
        return
    meeting: minutes.Meeting = entry["meeting"]
    draft = st.session_state[DRAFT + sha]
    for warning in meeting.warnings:
        st.warning(inline(warning, limit=600), icon=":material/help:")
    left, right = st.columns([3, 2], gap="large")
    with right:
        st.markdown("**Referatets tekst**")
        st.caption("Som den blev læst (e-mailadresser og telefonnumre er fjernet).")
        st.code(meeting.text or "(ingen tekst)", language=None, wrap_lines=True, height=900)
    with left:
        edit_form(sha, draft)
        save_area(sha, entry, draft)


def edit_form(sha: str, draft: dict) -> None:
    bodies = {c["cluster_id"]: c["label"] for c in state.clusters()}
    ids = list(bodies)
    k = f"imp.{sha}."
    if draft["body_id"] not in ids:
        draft["body_id"] = None
    one, two = st.columns(2)
    draft["body_id"] = one.selectbox("Klynge eller sundhedsråd", ids, format_func=bodies.get,
                                     key=_widget(k + "body", draft, "body_id"), placeholder="Vælg organ")
    draft["level"] = two.selectbox("Niveau", list(LEVELS), format_func=LEVELS.get,
                                   key=_widget(k + "level", draft, "level"), placeholder="Vælg niveau")
    draft["title"] = st.text_input("Titel", key=_widget(k + "title", draft, "title"))
    one, two = st.columns(2)
    draft["meeting_date"] = one.date_input("Dato", key=_widget(k + "date", draft, "meeting_date"),
                                           format="DD.MM.YYYY", min_value=dt.date(2000, 1, 1),
                                           max_value=dt.date(2100, 12, 31))
    draft["location"] = two.text_input("Sted", key=_widget(k + "location", draft, "location"))

    st.markdown(f"**Dagsordenspunkter ({len(draft['items'])})**")
    draft["items"] = _editor(k + "items", draft, "items", minutes_review.ITEM_COLUMNS, {
        "no": st.column_config.TextColumn("Nr.", width="small", required=True),
        "title": st.column_config.TextColumn("Titel", width="medium", required=True),
        "item_type": st.column_config.SelectboxColumn("Type", options=["B", "D", "O"], width="small",
                                                      help="B: beslutning, D: drøftelse, O: orientering"),
        "recommendation": st.column_config.TextColumn("Indstilling", width="medium"),
        "decision": st.column_config.TextColumn("Beslutning", width="medium"),
        "other": st.column_config.TextColumn("Øvrige afsnit", width="medium",
                                             help="Sagsfremstilling og andre afsnit"),
    }, order=["no", "title", "item_type", "recommendation", "decision", "other"])
    st.markdown(f"**Beløb ({len(draft['amounts'])})**")
    draft["amounts"] = _editor(k + "amounts", draft, "amounts", minutes_review.AMOUNT_COLUMNS, {
        "item_no": st.column_config.TextColumn("Punkt", width="small", required=True),
        "dkk": st.column_config.NumberColumn("Beløb (kr.)", format="localized", min_value=0, step=1, required=True),
        "text": st.column_config.TextColumn("Ordlyd", width="large"),
        "section": st.column_config.TextColumn("Afsnit", width="small"),
    })
    st.markdown(f"**Deltagere ({len(draft['participants'])})**")
    draft["participants"] = _editor(k + "participants", draft, "participants", minutes_review.PARTICIPANT_COLUMNS, {
        "name": st.column_config.TextColumn("Navn", required=True),
        "title": st.column_config.TextColumn("Titel", width="medium"),
        "organisation": st.column_config.TextColumn("Organisation", width="medium"),
        "attended": st.column_config.CheckboxColumn("Deltog", help="Fjern fluebenet ved afbud", default=True),
    })


def _editor(key: str, draft: dict, field: str, columns: list[str], config: dict, order: list[str] | None = None):
    """A data_editor over the draft's records. Its edits live in the widget state, relative to
    the frame it was given; when Streamlit dropped that state (another page was visited) the
    editor starts again from the records last edited, so nothing is lost."""
    base_key = f"{key}.base"
    if key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = list(draft[field])
        st.session_state.pop(key, None)
    frame = pd.DataFrame(st.session_state[base_key], columns=columns)
    edited = st.data_editor(frame, key=key, num_rows="dynamic", hide_index=True, width="stretch",
                            column_config=config, column_order=order or columns, placeholder=NOT_GIVEN)
    return minutes_review.records(edited)


def save_area(sha: str, entry: dict, draft: dict) -> None:
    file = minutes_store.OriginalFile(entry["name"], entry["content"], entry["meeting"].text)
    store = state.store()
    try:
        meeting = minutes_review.meeting_from_draft(draft, entry["meeting"].text)
    except UserDataError as exc:
        st.error(inline(exc, limit=600))
        return
    existing = minutes_store.find_existing(store, meeting, file_sha256=file.sha256, level=draft["level"])
    saved_as = draft.get("saved_as")
    if existing is not None:
        whose = "importeret" if existing.origin == "bruger" else "fra datagrundlaget"
        st.info(f"Mødet findes allerede ({existing.reason}): {inline(existing.label)}, {whose}. "
                "Gemmes det, opdateres det eksisterende møde; der oprettes ikke et nyt.",
                icon=":material/update:")
    label = "Opdatér det eksisterende møde" if existing else "Gem mødet"
    if st.button(label, key=f"imp.{sha}.save", type="primary", icon=":material/save:"):
        try:
            saved = minutes_store.save(store, meeting, who=st.session_state.get(WHO, ""), file=file,
                                       level=draft["level"], replace=existing.meeting_id if existing else None)
        except UserDataError as exc:
            st.error(f"Mødet er ikke gemt: {inline(exc, limit=600)}")
            return
        state.clear_reads()
        draft["saved_as"] = saved.meeting_id
        draft["saved_note"] = (
            f"Mødet er {saved.verb} (ændring nr. {saved.change_set}); det kan fortrydes på Data og regler."
            if saved.change_set else "Mødet findes allerede med det samme indhold; intet er ændret."
        )
        saved_as = saved.meeting_id
    if saved_as:
        st.success(draft.get("saved_note", "Mødet er gemt."), icon=":material/check_circle:")
        if st.button("Se mødet på Møder og beslutninger", key=f"imp.{sha}.open", icon=":material/gavel:"):
            st.session_state[state.SELECTED_KEY] = draft["body_id"]
            st.session_state["moeder_valgt"] = saved_as
            st.query_params["moede"] = saved_as
            st.switch_page("pages/moeder.py")
    date = date_text(meeting.meeting_date)
    st.caption(f"Gemmes som: {inline(meeting.title or 'uden titel')}, {escape(date)}, "
               f"{len(meeting.items)} punkter, {sum(len(i.amounts) for i in meeting.items)} beløb, "
               f"{len(meeting.participants)} deltagere. Den oprindelige fil gemmes med mødet.")
