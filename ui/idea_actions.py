""""Lav initiativ" on a catalogue suggestion (Idékatalog and the idea hits of the search):
a small form that makes a draft initiative for a body through core.reuse (logged, undoable
on Data og regler), and the hand-over to Budgetscenarier, where it shows as a line that
starts switched off, ready for costs and a slider."""

from __future__ import annotations

import streamlit as st

from core import queries, reuse, scenario_source
from core.changelog import UserDataError
from ui import state
from ui.scenario_panels import Keys, load_base
from ui.text import escape, inline

NEW_LINES_KEY = "reuse.new_initiatives"  # cluster_id → ids made in this session
NO_AREA = "(intet fokusområde)"


def make_initiative_button(theme_no: int, idea_no: int, text: str, key: str) -> None:
    """The "Lav initiativ" popover for one suggestion."""
    with st.popover("Lav initiativ", icon=":material/add_task:", key=f"{key}.pop"):
        make_initiative_form(theme_no, idea_no, text, key)


def make_initiative_form(theme_no: int, idea_no: int, text: str, key: str) -> None:
    bodies = {c["cluster_id"]: c["label"] for c in state.clusters()}
    chosen = st.selectbox("For klynge eller sundhedsråd", list(bodies), format_func=lambda c: inline(bodies[c]),
                          index=list(bodies).index(state.current_cluster()["cluster_id"]), key=f"{key}.body")
    name = st.text_input("Kort navn (kan rettes)", value=reuse.short_name(text), key=f"{key}.name",
                         max_chars=200)
    areas = state.read(queries.focus_areas, chosen)
    options = [None, *areas["focus_area_id"]]
    names = dict(zip(areas["focus_area_id"], areas["name"]))
    area = st.selectbox("Fokusområde", options, format_func=lambda a: NO_AREA if a is None else inline(names[a]),
                        key=f"{key}.area.{chosen}")
    who = st.text_input("Oprettet af (navn)", value=st.session_state.get(Keys.AUTHOR, ""), key=f"{key}.who")
    st.caption("Initiativet oprettes som forslag uden beløb (»beløb ikke angivet«) og kan fortrydes under "
               "Data og regler. Beskrivelsen er forslagets tekst.")
    if st.button("Opret initiativ", key=f"{key}.create", type="primary"):
        try:
            initiative_id, _ = reuse.initiative_from_idea(
                state.store(), chosen, theme_no, idea_no, name=name, focus_area_id=area, who=who)
        except UserDataError as exc:
            st.error(escape(exc))
            return
        state.clear_reads()
        st.session_state[Keys.AUTHOR] = who.strip()
        st.session_state.setdefault(NEW_LINES_KEY, {}).setdefault(chosen, []).append(initiative_id)
        st.success(f"»{inline(name)}« er oprettet som forslag hos {inline(bodies[chosen])}.")
        st.page_link("pages/budgetscenarier.py", label="Åbn i Budgetscenarier", icon=":material/tune:",
                     query_params={state.CLUSTER_PARAM: chosen, "visning": "initiativer"})


def take_new_initiatives(cluster_id: str) -> None:
    """Budgetscenarier: initiatives made from ideas in this session that the working scenario
    (opened before they existed) lacks join it as lines that start switched off."""
    wanted = st.session_state.get(NEW_LINES_KEY, {}).pop(cluster_id, [])
    base = st.session_state.get(Keys.BASE)
    if not wanted or base is None or base.get("cluster_id") != cluster_id:
        return
    have = {line["id"] for line in base["lines"]}
    fresh = [line for line in state.read(scenario_source.editable, cluster_id)["lines"]
             if line["id"] in wanted and line["id"] not in have]
    if fresh:
        load_base({**base, "lines": [*base["lines"], *fresh]}, st.session_state.get(Keys.META),
                  reference=st.session_state.get(Keys.REFERENCE))
