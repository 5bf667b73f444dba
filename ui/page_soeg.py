"""Søg: one Danish search over the catalogue, the meetings, the initiatives, the indicators
and the source texts (`pages/soeg.py` calls `render`). The query lives in ?q=… so a search
can be linked to."""

from __future__ import annotations

import streamlit as st

from core import clock
from core.search_kinds import KINDS
from ui import search_view, state
from ui.text import escape

QUERY_KEY = "soeg_query"


def render() -> None:
    cluster = state.current_cluster()
    st.title("Søg")
    st.caption(
        "Søger i idékataloget, møderne og beslutningerne, initiativerne, indikatorerne og kildeteksterne "
        "på én gang. Bøjninger og sammensatte ord findes også (»indlæggelse« finder »genindlæggelser«), "
        "æ/ø/å kan skrives ae/oe/aa, og et stavefejl får et forslag."
    )
    if QUERY_KEY not in st.session_state:
        st.session_state[QUERY_KEY] = st.query_params.get(search_view.QUERY_PARAM, "")
    query = search_view.search_input("Søg efter", QUERY_KEY, "fx genindlæggelse, plejehjemslæge, sundhedsprofil")
    body_id, kinds, years = filters(cluster)
    if not query:
        st.info("Skriv et eller flere ord i søgefeltet.")
        return
    state.keep_in_url(search_view.QUERY_PARAM, query)  # search_input strips it
    found = search_view.run(query, body_id=body_id, kinds=kinds, years=years, limit=50)
    if not search_view.has_hits(found, query, QUERY_KEY, "Intet fundet for"):
        return
    st.caption(f"{len(found['hits'])} resultater, de mest relevante først i hver gruppe.")
    search_view.show_grouped(found)


def filters(cluster: dict) -> tuple[str | None, tuple[str, ...] | None, tuple[int, int] | None]:
    """Body, kinds and period; returns what the search takes."""
    own, kinds_column, period_column = st.columns([2, 3, 3])
    only_own = own.toggle(
        "Kun det valgte organ", key="soeg_kun_egen",
        help=f"Kun møder, initiativer og indikatorer for {escape(cluster['label'])}, plus det fælles "
             "(idékataloget, landstal, kilder).",
    )
    kinds = kinds_column.multiselect("Slags", list(KINDS), format_func=KINDS.get, key="soeg_slags",
                                     placeholder="Alle slags")
    this_year = clock.today().year
    use_period = period_column.toggle("Afgræns periode", key="soeg_periode_til")
    years = None
    if use_period:
        years = period_column.slider("Periode", 2015, this_year + 5, (2022, this_year), key="soeg_periode")
    return (cluster["cluster_id"] if only_own else None, tuple(kinds) or None, years)
