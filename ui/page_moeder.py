"""Møder og beslutninger: the selected cluster's minuted meetings (one kept in ?moede=…),
their agenda items, participants and decided initiatives; every decision across the
cluster's meetings; a search in all agenda items; the original minutes as plain text
(`pages/moeder.py` calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from core import formatting, meetings, minutes_store, provenance
from ui import charts, search_view, state
from ui.text import escape, inline, plain, table

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

MEETING_PARAM = "moede"
ITEM_PARAM = "punkt"  # opens that item (a search hit's link)
MEETING_KEY = "moeder_valgt"


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    all_meetings = state.read(meetings.meetings, cluster_id)

    st.title("Møder og beslutninger")
    st.caption(escape(cluster["label"]))
    if all_meetings.empty:
        st.info(
            f"Der er ingen møder for {cluster['label']} i datagrundlaget endnu.",
            icon=":material/event_busy:",
        )
        history(cluster_id)
        return  # not st.stop(): the shell draws the sidebar's controls after the page

    tab_meetings, tab_decisions, tab_search = st.tabs(["Møder", "Beslutninger", "Søg"])
    with tab_meetings:
        meetings_tab(cluster_id, all_meetings)
    with tab_decisions:
        decisions_overview(cluster_id)
        st.caption(f"Kilde: {state.body_noun()}s referater i Datagrundlag; beslutningen er forkortet til første afsnit.")
    with tab_search:
        search_agenda(cluster_id)
    history(cluster_id)


def history(cluster_id: str) -> None:
    """A council's history: the meetings and decisions of the clusters it continues."""
    found = state.read(meetings.history_decisions, cluster_id)
    if not found:
        return
    st.header("Historik")
    st.caption("Rådet viderefører klyngerne nedenfor; deres møder og beslutninger er rådets historik.")
    for predecessor in found:
        st.subheader(f"Fra forgængeren {predecessor['label']}", anchor=False)
        if predecessor["meetings"].empty:
            st.info(f"Der er ingen møder for {state.this_body()} i datagrundlaget.")
            continue
        st.markdown(
            escape(f"Møder: {'; '.join(predecessor['meetings']['label'])}")
        )
        decisions_table(predecessor["decisions"])


def meetings_tab(cluster_id: str, all_meetings) -> None:
    """All meetings as a table and a chart, then one chosen meeting in full."""
    meetings_table(all_meetings)
    with st.expander("Punkter pr. møde efter type (B, D, O)", icon=":material/bar_chart:"):
        counts = state.read(meetings.item_type_counts, cluster_id)
        charts.show(items_chart, counts, max(120, 70 * int(counts["meeting_id"].nunique())))
    meeting_id = selected_meeting(all_meetings)
    meeting = all_meetings[all_meetings["meeting_id"] == meeting_id].iloc[0].to_dict()
    with st.container(border=True):
        meeting_header(meeting)
        decided_initiatives(cluster_id, meeting_id)
        agenda(meeting_id)
        participants(meeting_id)
        if isinstance(meeting.get("file_sha256"), str):  # an imported meeting keeps its file
            st.caption(f"Kilde: {escape(meeting['source'])}.")
            imported_document(meeting_id)
        else:
            st.caption(f"Kilde: {escape(meeting['source'])} (referatet i Datagrundlag).")
            original_document(meeting["source"])


def n_items(count: int) -> str:
    return f"{count} punkt" if count == 1 else f"{count} punkter"


def selected_meeting(all_meetings) -> str:
    """The meeting chosen in the selectbox, starting from ?moede=… (default: the newest)."""
    ids = all_meetings["meeting_id"].tolist()
    labels = dict(zip(ids, all_meetings["label"]))
    if st.session_state.get(MEETING_KEY) not in ids:
        wanted = st.query_params.get(MEETING_PARAM)
        st.session_state[MEETING_KEY] = wanted if wanted in ids else ids[0]
    chosen = st.selectbox("Vælg møde", ids, format_func=labels.get, key=MEETING_KEY)
    state.keep_in_url(MEETING_PARAM, chosen)
    return chosen


def meetings_table(all_meetings) -> None:
    st.dataframe(
        all_meetings,
        hide_index=True,
        column_order=["date_text", "level_text", "title", "location_text", "items", "source"],
        column_config={
            "date_text": "Dato",
            "level_text": "Niveau",
            "title": st.column_config.TextColumn("Møde", width="medium"),
            "location_text": "Sted",
            "items": st.column_config.NumberColumn("Punkter", format="%d"),
            "source": "Kilde",
        },
        placeholder=formatting.NOT_GIVEN,
    )


def items_chart(height: int) -> alt.Chart:
    """Agenda items per meeting, stacked by type (B, D, O)."""
    import altair as alt

    return (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("meeting_label:N", title=None, sort=None),
            x=alt.X("sum(items):Q", title="Antal punkter", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type_text:N",
                title="Type",
                scale=alt.Scale(
                    domain=["B: Beslutning", "D: Drøftelse", "O: Orientering", meetings.NO_TYPE],
                    range=["#1f5fa8", "#6aa5dc", "#e8a33d", "#b8b8b8"],
                ),
            ),
            tooltip=[
                alt.Tooltip("meeting_label:N", title="Møde"),
                alt.Tooltip("type_text:N", title="Type"),
                alt.Tooltip("items:Q", title="Punkter"),
            ],
        )
        .properties(height=height)
    )


def meeting_header(meeting: dict) -> None:
    st.subheader(meeting["title"], anchor=False)
    facts = [
        f"**Dato:** {escape(meeting['date_text'])}",
        f"**Niveau:** {escape(meeting['level_text'])}",
        f"**Sted:** {escape(meeting['location_text'])}",
        f"**Punkter:** {meeting['items']}",
    ]
    st.markdown(" · ".join(facts))
    if isinstance(meeting["date_note"], str):
        st.caption(f"Om datoen: {escape(meeting['date_note'])}")


def decided_initiatives(cluster_id: str, meeting_id: str) -> None:
    decided = state.read(meetings.decided_initiatives, cluster_id, meeting_id)
    if decided.empty:
        return
    st.markdown(f"**Initiativer besluttet på mødet ({len(decided)})**")
    # A meeting decides a handful: shown whole, so long names wrap instead of being cut.
    table(
        decided.assign(budget_text=decided["budget_dkk"].map(formatting.dkk_given).str.replace(" ", "\u00a0"))
        [["name", "focus_area_name", "status", "budget_text"]]
        .rename(columns={"name": "Initiativ", "focus_area_name": "Fokusområde", "status": "Status",
                         "budget_text": "Budget i alt"})
    )


def agenda(meeting_id: str) -> None:
    items = state.read(meetings.agenda, meeting_id)
    found = state.read(meetings.amounts, meeting_id)
    st.markdown(f"**Dagsorden ({n_items(len(items))})**")
    wanted = st.query_params.get(ITEM_PARAM)
    for item in items.to_dict("records"):
        with st.expander(escape(item["label"]), expanded=str(item["item_no"]) == wanted):
            if isinstance(item["recommendation"], str):
                st.markdown("**Indstilling**")
                plain(item["recommendation"])
            if isinstance(item["decision"], str):
                with st.container(border=True):
                    st.markdown(":green[**:material/gavel: Beslutning**]")
                    plain(item["decision"])
            if isinstance(item["body"], str):
                st.markdown("**Sagsfremstilling m.m.**")
                plain(item["body"])
            here = found[found["item_position"] == item["position"]]
            if not here.empty:
                st.markdown("**Beløb i referatet**")
                for amount in here.to_dict("records"):
                    st.caption(f"{escape(formatting.dkk(amount['dkk']))} · {inline(amount['section'] or '')}: "
                               f"»{inline(amount['text'])}«")
            if not any(isinstance(item[f], str) for f in ("recommendation", "decision", "body")):
                st.caption("Referatet har ingen tekst under dette punkt.")


def participants(meeting_id: str) -> None:
    people = state.read(meetings.participants, meeting_id)
    st.markdown("**Deltagere**")
    if people.empty:
        st.caption("Referatet angiver ingen deltagere.")
        return
    absent = int((~people["attended"]).sum())
    st.caption(f"{len(people)} på deltagerlisten, heraf {absent} afbud.")
    st.dataframe(
        people,
        hide_index=True,
        column_order=["name", "title", "organisation", "status"],
        column_config={
            "name": "Navn",
            "title": st.column_config.TextColumn("Titel", width="large"),
            "organisation": "Organisation",
            "status": "Deltog/Afbud",
        },
        placeholder=formatting.NOT_GIVEN,
    )


def original_document(source: str) -> None:
    with st.expander(f"Se det oprindelige referat ({escape(source)})", icon=":material/description:"):
        try:
            text = provenance.source_text(source)
        except (ValueError, FileNotFoundError) as exc:
            st.warning(f"Kildedokumentet kan ikke vises: {escape(str(exc))}")
            return
        st.caption("Teksten som i kildedokumentet (e-mailadresser er fjernet).")
        st.code(text, language=None, wrap_lines=True, height=500)


def imported_document(meeting_id: str) -> None:
    """The file an imported meeting was read from: a download of the original and its text."""
    found = minutes_store.original_file(state.store(), meeting_id)
    if found is None:
        st.warning("Den oprindelige fil til dette møde findes ikke i databasen.")
        return
    with st.expander(f"Se det oprindelige referat ({inline(found['file_name'])})", icon=":material/description:"):
        if found["content"]:
            st.download_button(
                f"Hent {inline(found['file_name'])} ({formatting.number(found['size'])} byte)", found["content"],
                file_name=found["file_name"], key=f"moeder_fil_{found['sha256'][:12]}", icon=":material/download:",
            )
        else:
            st.caption("Filen indeholdt e-mailadresser eller telefonnumre; derfor er kun den rensede tekst gemt.")
            st.download_button(
                "Hent den rensede tekst", found["text"] or "", file_name=f"{found['file_name']}.txt",
                key=f"moeder_fil_{found['sha256'][:12]}", icon=":material/download:",
            )
        st.caption("Teksten som den blev læst ved importen (e-mailadresser og telefonnumre er fjernet).")
        st.code(found["text"] or "", language=None, wrap_lines=True, height=500)


def decisions_overview(cluster_id: str) -> None:
    decided = state.read(meetings.decisions, cluster_id)
    if decided.empty:
        st.info(f"Referaterne for {state.this_body()} indeholder ingen beslutninger.")
        return
    st.caption(f"{n_items(len(decided))} med en beslutning i {state.body_noun()}s referater.")
    decisions_table(decided)


def decisions_table(decided) -> None:
    if decided.empty:
        st.caption("Referaterne indeholder ingen beslutninger.")
        return
    shown = decided[["date_text", "item_no", "title", "decision_short"]].map(escape)
    shown["date_text"] = shown["date_text"].str.replace(" ", "\u00a0")  # keep '10. maj 2023' on one line
    st.table(
        shown.rename(columns={"date_text": "Dato", "item_no": "Punkt", "title": "Titel",
                              "decision_short": "Beslutning"}),
        hide_index=True,
        border="horizontal",
    )


def search_agenda(cluster_id: str) -> None:
    """The body's agenda items on the one Danish search, matched words highlighted."""
    query = search_view.search_input("Søg i dagsordenspunkter", "moeder_soeg",
                                     "Fx STIME, genindlæggelser, sundhedsråd")
    if not query:
        st.caption(f"Søgningen dækker titel, indstilling, beslutning og sagsfremstilling i alle {state.body_noun()}s møder.")
        return
    search_view.page_results(query, "moeder_soeg", body_id=cluster_id, kinds=("agenda_item",),
                             nothing="Ingen dagsordenspunkter matcher",
                             counted=lambda n: f"**{n_items(n)}** matcher")
