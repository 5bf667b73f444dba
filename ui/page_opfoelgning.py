"""Opfølgning (issue 9 points 3–5): the decision log, each initiative's timeline, the
"Siden sidste møde" status item (principle F) with its DOCX, the actions from the minutes, and
for a council the handover note from its predecessor clusters (`pages/opfoelgning.py` calls
`render`). Every write goes through core (decisions, followup, handover) and the change log."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from core import clock, decisions, followup, formatting, handover, meetings, queries
from core.userdata import RULES
from core.ids import slug
from ui import charts, state, user_writes
from ui.text import escape, inline, plain

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

WHO_KEY = "opf_who"
FLASH_KEY = "opf_flash"
STATUS_LABELS = {"forslag": "Forslag", "besluttet": "Besluttet", "afvist": "Afvist", "igangsat": "Igangsat",
                 "afsluttet": "Afsluttet"}
# Streamlit's data grid wraps text only in rows taller than 4rem: three lines per decision, so
# what was decided reads in full at 1280 px instead of being cut after one line.
WRAPPED_ROW_HEIGHT = 72
MONEY_COLOURS = {"Besluttet": "#1f5f8b", "Forbrugt": "#e6a23c"}  # in legend order


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    st.title("Opfølgning")
    st.caption(f"{escape(cluster['label'])} · beslutninger, forløb, status til næste møde (princip F), "
               "handlinger og overdragelse")
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check:")
    st.text_input("Indtastet af", key=WHO_KEY, help="Dit navn; det står i ændringsloggen ved alt, du gemmer her.")
    tabs = st.tabs(["Beslutningslog", "Initiativernes forløb", "Siden sidste møde", "Handlinger", "Overdragelse"])
    with tabs[0]:
        log_tab(cluster_id)
    with tabs[1]:
        timeline_tab(cluster_id)
    with tabs[2]:
        since_tab(cluster)
    with tabs[3]:
        actions_tab(cluster_id)
    with tabs[4]:
        handover_tab(cluster)


def who() -> str:
    return st.session_state.get(WHO_KEY, "")


def save(action: Callable[[], int | None], done: str) -> None:
    user_writes.save_change(action, done, FLASH_KEY, hint="; kan fortrydes under Data og regler › Ændringslog")


def store():
    return state.store()


# -- Beslutningslog ----------------------------------------------------------------------------
def log_tab(cluster_id: str) -> None:
    st.subheader("Beslutningslog", anchor=False)
    areas = state.read(queries.focus_areas, cluster_id)
    area_names = dict(zip(areas["focus_area_id"], areas["name"]))
    left, right = st.columns(2)
    area = left.selectbox("Fokusområde", [""] + list(area_names), key="opf_log_area",
                          format_func=lambda a: "Alle" if not a else area_names.get(a, a))
    status = right.selectbox("Initiativets status", [""] + list(STATUS_LABELS), key="opf_log_status",
                             format_func=lambda s: "Alle" if not s else STATUS_LABELS[s])
    log = state.read(decisions.decision_log, cluster_id, area or None, status or None)
    if log.empty:
        st.info("Ingen beslutninger er knyttet til et mødepunkt endnu." if not (area or status)
                else "Ingen beslutninger med det valgte fokusområde og den valgte status.")
    else:
        # What was decided right after the date: at 1280 px the table showed two identical rows
        # for STIME and KIT, whose names sat in the seventh column, off screen.
        shown = pd.DataFrame({
            "Dato": log["date_text"], "Hvad": log["change"], "Møde": log["meeting_title"],
            "Punkt": log["item_no"], "Punktets titel": log["item_title"], "Ændrede": log["kind_text"],
            "Begrundelse": log["reasons"], "Indtastet af": log["who"], "Kilde": log["source"],
        })
        st.dataframe(shown, hide_index=True, width="stretch", placeholder=formatting.NOT_GIVEN,
                     row_height=WRAPPED_ROW_HEIGHT,
                     column_config={"Hvad": st.column_config.TextColumn(width="large")})
    link_form(cluster_id, area_names)


def link_form(cluster_id: str, area_names: dict) -> None:
    found = state.read(meetings.meetings, cluster_id)
    with st.expander("Knyt en beslutning til det, den ændrede", icon=":material/link:"):
        if found.empty:
            st.info(f"Der er ingen møder for {state.this_body()} i datagrundlaget; importér et referat først.")
            return
        labels = dict(zip(found["meeting_id"], found["label"]))
        meeting_id = st.selectbox("Møde", list(labels), format_func=labels.get, key="opf_link_meeting")
        items = state.read(meetings.agenda, meeting_id)
        item_labels = dict(zip(items["position"].astype(int), items["label"]))
        kind = st.segmented_control("Beslutningen ændrede", list(decisions.KINDS), key="opf_link_kind",
                                    format_func=decisions.KINDS.get, default="nyt-initiativ")
        initiatives = state.read(queries.initiatives, cluster_id)
        names = dict(zip(initiatives["initiative_id"], initiatives["name"]))
        with st.form("opf_link"):
            position = st.selectbox("Punkt", list(item_labels), format_func=item_labels.get)
            values: dict = {}
            if kind == "nyt-initiativ":
                values["name"] = st.text_input("Initiativets navn")
                values["focus_area_id"] = st.selectbox("Fokusområde", [""] + list(area_names),
                                                       format_func=lambda a: area_names.get(a, "Uden fokusområde"))
                amounts = st.data_editor(
                    pd.DataFrame({"År": [clock.today().year], "Beløb (kr.)": [None]}).astype(
                        {"År": "Int64", "Beløb (kr.)": "Int64"}),
                    num_rows="dynamic", hide_index=True, key="opf_link_amounts",
                    column_config={"År": st.column_config.NumberColumn("År", format="%d"),
                                   "Beløb (kr.)": st.column_config.NumberColumn("Beløb (kr.)", format="localized")},
                    placeholder=formatting.NOT_GIVEN)
                values["amounts"] = {int(y): (None if pd.isna(a) else int(a))
                                     for y, a in zip(amounts["År"], amounts["Beløb (kr.)"]) if not pd.isna(y)}
            elif kind == "regel":
                values["rule_key"] = st.selectbox("Regel", list(RULES), format_func=lambda k: RULES[k][0])
                values["rule_value"] = st.text_input("Ny værdi", help="Andel som 0,5; beløb i kr.; ja/nej.")
            else:
                values["initiative_id"] = st.selectbox("Initiativ", list(names), format_func=names.get)
                if kind == "status":
                    values["status"] = st.selectbox("Ny status", list(decisions.LINK_STATUSES),
                                                    format_func=STATUS_LABELS.get)
                if kind == "beloeb":
                    values["year"] = st.number_input("År", 2000, 2100, clock.today().year)
                    values["amount_dkk"] = st.number_input("Besluttet beløb (kr.)", 0, step=1000)
            reasons = st.text_area("Begrundelse i referatet",
                                   help="Relevans, evidens, hvem der er hørt – som referatet skriver det.")
            if st.form_submit_button("Gem beslutning", type="primary"):
                if values.get("rule_value") is not None:
                    values["rule_value"] = values["rule_value"].strip().replace(",", ".")
                save(lambda: decisions.link_decision(store(), cluster_id, meeting_id, position, kind, who=who(),
                                                     reasons=reasons, **values), "Beslutningen er gemt")


# -- Initiativernes forløb ---------------------------------------------------------------------
def timeline_tab(cluster_id: str) -> None:
    st.subheader("Initiativernes forløb", anchor=False)
    initiatives = state.read(queries.initiatives, cluster_id)
    if initiatives.empty:
        st.info("Ingen initiativer registreret.")
        return
    names = dict(zip(initiatives["initiative_id"], initiatives["name"]))
    chosen = st.selectbox("Initiativ", list(names), format_func=names.get, key="opf_timeline")
    st.caption("Forslag → beslutning → igangsat → afrapporteret → afsluttet, hvert trin med sit mødepunkt.")
    for step in state.read(decisions.initiative_timeline, chosen):
        with st.container(border=True):
            if not step["done"]:
                st.markdown(f"**{escape(step['label'])}** · ikke registreret endnu")
                continue
            where = (f"Punkt {inline(step['item_no'])}: {inline(step['item_title'])} · {inline(step['meeting_title'])}"
                     if step["item_no"] else "intet mødepunkt registreret")
            st.markdown(f"**{escape(step['label'])}** · {escape(step['date_text'])} · {where}")
            plain(step["text"])
            if step["source"]:
                st.caption(f"Kilde: {inline(step['source'])}")


# -- Siden sidste møde -------------------------------------------------------------------------
def since_tab(cluster: dict) -> None:
    cluster_id = cluster["cluster_id"]
    st.subheader("Siden sidste møde", anchor=False)
    left, right = st.columns(2)
    as_of = left.date_input("Opgjort pr.", value=clock.today(), key="opf_since_asof", format="DD.MM.YYYY")
    item_no = right.text_input("Punktnummer på dagsordenen", value="X", key="opf_since_item", max_chars=10)
    report = state.read(followup.since_last_meeting, cluster_id, as_of)
    last = report["last_meeting"]
    st.caption(escape(
        f"Siden {last['title'] or last['meeting_id']} den {formatting.date(report['since'])}" if last
        else "Der er intet tidligere møde registreret; opgørelsen dækker alt."))
    first, second, third, fourth = st.columns(4)
    first.metric("Igangsat", len(report["started"]))
    second.metric("Afsluttet", len(report["finished"]))
    third.metric("Åbne handlinger", len(report["open_actions"]))
    fourth.metric("Overskredne", len(report["overdue_actions"]))
    for label, events in (("Igangsat", report["started"]), ("Afsluttet", report["finished"])):
        for event in events:
            st.markdown(f"- {label} {escape(event['date_text'])}: {inline(event['name'])} "
                        f"(kilde: {inline(event['source'])})")
    st.markdown("**Besluttet og forbrugt pr. initiativ**")
    money_view(report["money"])
    if not report["new_indicators"].empty:
        st.markdown("**Nye indikatorer**")
        st.dataframe(report["new_indicators"][["name", "geography", "period", "value_text", "source"]].rename(
            columns={"name": "Indikator", "geography": "Geografi", "period": "Periode", "value_text": "Værdi",
                     "source": "Kilde"}), hide_index=True, width="stretch", placeholder=formatting.NOT_GIVEN)
    st.download_button(
        "Hent som Word (punkt til dagsordenen)", key="opf_since_docx",
        data=lambda: followup.since_last_meeting_docx(report, body_label=cluster["label"], item_no=item_no or "X"),
        file_name=f"status-paa-initiativer-{slug(cluster_id)}-{as_of.isoformat()}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", icon=":material/download:",
        on_click="ignore")


def money_view(money: pd.DataFrame) -> None:
    """Decided vs spent as a chart (known amounts only) with the numbers beside it."""
    if money.empty:
        st.info("Ingen besluttede initiativer registreret.")
        return
    # The chart with its numbers under it: side by side, the table's last column was cut at 1280 px.
    if money["decided_dkk"].notna().any() or money["spent_dkk"].notna().any():
        frame = money_frame(money)
        # The legend names only what has bars: "Forbrugt" beside no spending read as 0 kr. spent.
        measures = tuple(m for m in MONEY_COLOURS if m in set(frame["Art"]))
        charts.show(money_chart, frame, 150 + 44 * max(len(frame), 1), measures)
    else:
        st.info("Ingen beløb er registreret for de besluttede initiativer; der er intet at tegne.")
    st.dataframe(pd.DataFrame({"Initiativ": [short_name(n) for n in money["name"]],
                               "Besluttet": money["decided_text"],
                               "Forbrugt": money["spent_text"], "Ikke forbrugt": money["unspent_text"]}),
                 hide_index=True, width="stretch", placeholder=formatting.NOT_GIVEN)
    st.caption("»ikke angivet«: beløbet er ikke registreret (det er ikke 0 kr.).")


def money_frame(money: pd.DataFrame) -> pd.DataFrame:
    """Decided and spent per initiative, one bar each, for money_chart."""
    rows = []
    for row in money.itertuples():
        for label, value in (("Besluttet", row.decided_dkk), ("Forbrugt", row.spent_dkk)):
            if value is not None:
                rows.append({"Initiativ": row.name, "Række": f"{short_name(row.name)}: {label.lower()}",
                             "Beløb": value, "Art": label, "Tekst": formatting.dkk(value)})
    return pd.DataFrame(rows, columns=["Initiativ", "Række", "Beløb", "Art", "Tekst"])


def money_chart(height: int, measures: tuple[str, ...]) -> alt.Chart:
    """Decided against spent per initiative (data: money_frame), in the legend only the
    `measures` (of MONEY_COLOURS) that have bars."""
    import altair as alt

    return alt.Chart().mark_bar().encode(
        y=alt.Y("Række:N", title=None, sort=None),
        x=alt.X("Beløb:Q", title="kr."),
        color=alt.Color("Art:N", scale=alt.Scale(domain=list(measures),
                                                 range=[MONEY_COLOURS[m] for m in measures]), title=None,
                        legend=alt.Legend(orient="bottom")),
        tooltip=["Initiativ:N", "Art:N", "Tekst:N"],
    ).properties(height=height)  # Streamlit fits axis and legend into the height


def short_name(name: str) -> str:
    """An axis label: the name before its parenthesis ("STIME (Styrket …)" → "STIME"), at most 30 characters."""
    short = name.split(" (")[0].strip() or name
    return short if len(short) <= 30 else short[:29].rstrip() + "…"


# -- Handlinger --------------------------------------------------------------------------------
def actions_tab(cluster_id: str) -> None:
    st.subheader("Handlinger", anchor=False)
    today = clock.today()
    found = state.read(followup.actions, cluster_id, today)
    if found.empty:
        st.info("Ingen handlinger registreret endnu. Tag dem fra referatet nedenfor, eller skriv dem ind.")
    else:
        shown = pd.DataFrame({"Handling": found["text"], "Ansvarlig": found["responsible"].fillna("ikke angivet"),
                              "Frist": found["deadline_shown"], "Status": found["status_text"],
                              "Punkt": found["item_no"].fillna(""), "Kilde": found["source"]})
        st.dataframe(shown.style.apply(
            lambda row: ["background-color: #fde2e1; color: #7a0000" if row["Status"] == "Overskredet" else ""
                         for _ in row], axis=1), hide_index=True, width="stretch", placeholder=formatting.NOT_GIVEN)
        overdue = int(found["overdue"].sum())
        if overdue:
            st.warning(f"{overdue} åbne handlinger har overskredet fristen (pr. {formatting.date(today)}).",
                       icon=":material/schedule:")
        open_actions = found[found["status"] == "aaben"]
        if not open_actions.empty:
            labels = dict(zip(open_actions["action_id"], open_actions["text"]))
            with st.form("opf_done"):
                chosen = st.selectbox("Åben handling", list(labels), format_func=lambda a: inline(labels[a], limit=120))
                if st.form_submit_button("Markér som udført"):
                    save(lambda: followup.set_action_done(store(), chosen, who=who()), "Handlingen er markeret udført")
    suggestions(cluster_id)
    with st.expander("Skriv en handling ind", icon=":material/add_task:"):
        with st.form("opf_action"):
            text = st.text_area("Handling")
            left, right = st.columns(2)
            responsible = left.text_input("Ansvarlig")
            deadline = right.date_input("Frist", value=None, format="DD.MM.YYYY")
            if st.form_submit_button("Gem handling", type="primary"):
                save(lambda: followup.add_action(store(), cluster_id, text, who=who(), responsible=responsible,
                                                 deadline=deadline), "Handlingen er gemt")


def suggestions(cluster_id: str) -> None:
    found = state.read(meetings.meetings, cluster_id)
    with st.expander("Forslag fra referaterne", icon=":material/auto_awesome:"):
        if found.empty:
            st.info("Ingen møder i datagrundlaget.")
            return
        labels = dict(zip(found["meeting_id"], found["label"]))
        meeting_id = st.selectbox("Møde", list(labels), format_func=labels.get, key="opf_suggest_meeting")
        proposed = state.read(followup.suggest_actions, meeting_id)
        if not proposed:
            st.caption("Referatet nævner ingen frister eller sager til et senere møde, som ikke allerede er taget.")
        for number, action in enumerate(proposed):
            with st.container(border=True):
                st.markdown(f"**Punkt {inline(action['item_no'])}:** {inline(action['text'], limit=400)}")
                st.caption(f"Frist: {inline(action['deadline_text'])}"
                           + (f" ({escape(formatting.date(action['deadline']))})" if action["deadline"] else "")
                           + f" · ansvarlig: {inline(action['responsible'] or 'ikke angivet')}")
                if st.button("Tilføj som handling", key=f"opf_suggest_{number}"):
                    save(lambda a=action: followup.add_action(
                        store(), cluster_id, a["text"], who=who(), responsible=a["responsible"],
                        deadline=a["deadline"], deadline_text=a["deadline_text"], meeting_id=a["meeting_id"],
                        item_position=a["item_position"], source=a["source"]), "Handlingen er gemt")


# -- Overdragelse ------------------------------------------------------------------------------
def handover_tab(cluster: dict) -> None:
    st.subheader("Overdragelsesnotat", anchor=False)
    if cluster.get("body_kind") != "sundhedsraad":
        successor = cluster.get("successor_id")
        names = {c["cluster_id"]: c["label"] for c in state.clusters()}
        st.info(
            "Overdragelsesnotatet laves for et sundhedsråd ud fra dets forgængere. "
            + (f"{inline(cluster['label'])} overdrager til {inline(names.get(successor, successor))}: vælg rådet i "
               "menuen til venstre." if isinstance(successor, str) and successor
               else "Der er ikke registreret et sundhedsråd, som overtager fra denne klynge."),
            icon=":material/info:")
        return
    note = state.read(handover.handover, cluster["cluster_id"], clock.today())
    if not note["predecessors"]:
        st.info("Der er ikke registreret nogen forgængere (sundhedsklynger) for rådet.")
    for section in note["predecessors"]:
        with st.container(border=True):
            st.markdown(f"#### Fra {inline(section['label'])}")
            st.caption(f"Klyngemidler tildelt i alt: {escape(section['funds_total_text'])} · besluttet til "
                       f"initiativer: {escape(section['decided_total_text'])}")
            frame = section["initiatives"]
            if frame.empty:
                st.caption("Ingen initiativer registreret.")
            else:
                st.dataframe(pd.DataFrame({
                    "Initiativ": frame["name"], "Status": frame["status_text"], "Besluttet": frame["decided_text"],
                    "Forbrugt": frame["spent_text"], "Ikke forbrugt": frame["unspent_text"], "Kilde": frame["source"],
                }), hide_index=True, width="stretch", placeholder=formatting.NOT_GIVEN)
            if not section["open_actions"].empty:
                st.markdown("**Åbne handlinger**")
                for action in section["open_actions"].itertuples():
                    st.markdown(f"- {inline(action.text)} (frist: {escape(action.deadline_shown)})")
            st.markdown("**Beslutninger, der binder rådet**")
            if not section["binding"]:
                st.caption("Ingen registreret.")
            for fact in section["binding"]:
                st.markdown(f"- {inline(fact['text'])}  \n  Kilde: {inline(fact['source'])}")
    st.markdown("**Erfaringer**")
    if note["lessons"].empty:
        st.caption("Ingen erfaringer skrevet endnu.")
    for lesson in note["lessons"].itertuples():
        plain(lesson.text)
        st.caption(f"Indtastet af {inline(lesson.entered_by)}, {escape(formatting.date(lesson.entered_at))}")
    with st.form("opf_lesson"):
        text = st.text_area("Ny erfaring", help="Hvad skal rådet vide: hvad virkede, hvad gjorde ikke, hvem der er hørt.")
        options = [""] + [p["cluster_id"] for p in note["predecessors"]]
        labels = {p["cluster_id"]: p["label"] for p in note["predecessors"]}
        origin = st.selectbox("Fra klynge", options, format_func=lambda c: labels.get(c, "Ikke angivet"))
        if st.form_submit_button("Gem erfaring", type="primary"):
            save(lambda: handover.add_lesson(store(), cluster["cluster_id"], text, who=who(),
                                             from_cluster_id=origin or None), "Erfaringen er gemt")
    st.download_button(
        "Hent overdragelsesnotat (Word)", key="opf_handover_docx", data=lambda: handover.handover_docx(note),
        file_name=f"overdragelsesnotat-{slug(cluster['cluster_id'])}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", icon=":material/download:",
        on_click="ignore")
