"""Hvem arbejder med hvad: which body works on which of the catalogue's seven themes, so
staff see where a neighbour has tried something (`pages/hvem_arbejder.py` calls `render`).

The table and the suggestions come from core.theme_matrix; a confirmation or rejection is a
logged change (undo on Data og regler)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import theme_matrix
from core.changelog import UserDataError
from ui import state
from ui.scenario_panels import Keys
from ui.text import escape, inline

ALL = "Alle regioner"
REGION_KEY = "hvem_region"
WHO_KEY = "hvem_who"


def render() -> None:
    cluster = state.current_cluster()
    st.title("Hvem arbejder med hvad")
    st.caption(
        "Klynger og sundhedsråd mod idékatalogets syv temaer: i hver celle organets initiativer og "
        "besluttede dagsordenspunkter på temaet. Et sundhedsråd viser også sine forgængeres. "
        f"Søgningens bud er markeret »{theme_matrix.SUGGESTED}«: bekræft eller afvis dem nedenfor."
    )
    regions = state.read(theme_matrix.regions)
    if st.session_state.get(REGION_KEY) not in [ALL, *regions]:
        st.session_state[REGION_KEY] = cluster["region"] if cluster["region"] in regions else ALL
    region = st.selectbox("Region", [ALL, *regions], key=REGION_KEY)
    found = state.read(theme_matrix.matrix, None if region == ALL else region)
    st.table(frame(found), hide_index=True)
    st.download_button(
        "Hent som regneark (XLSX)", data=lambda: theme_matrix.to_xlsx(found),
        file_name="hvem-arbejder-med-hvad.xlsx", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    st.text_input("Dit navn (til ændringsloggen)", key=WHO_KEY, value=st.session_state.get(Keys.AUTHOR, ""))
    suggestions_panel(found)
    link_panel(found)


def frame(found: dict) -> pd.DataFrame:
    """The matrix as a table of escaped plain text (st.table renders Markdown)."""
    records = []
    for row in found["rows"]:
        record = {"Klynge eller sundhedsråd": escape(row["label"])}
        for number, title in found["themes"]:
            record[escape(f"Tema {number}: {title}")] = escape(theme_matrix.cell_text(row["cells"][number], "; "))
        records.append(record)
    return pd.DataFrame.from_records(records)


def _who() -> str | None:
    who = (st.session_state.get(WHO_KEY) or "").strip()
    if not who:
        st.warning("Skriv dit navn ovenfor, så ændringen kan logges.")
        return None
    return who


def _save(cluster_id: str, theme_no: int, kind: str, item_id: str, status: str) -> None:
    who = _who()
    if who is None:
        return
    try:
        theme_matrix.set_link(state.store(), cluster_id, theme_no, kind, item_id, status, who=who)
    except UserDataError as exc:
        st.error(escape(exc))
        return
    st.session_state[Keys.AUTHOR] = who
    state.clear_reads()
    st.rerun()


def suggestions_panel(found: dict) -> None:
    """Every suggestion with Bekræft and Afvis (each suggestion once, also when it shows on
    both a cluster's and its successor's row)."""
    titles = dict(found["themes"])
    seen = set()
    pending = []
    for row in found["rows"]:
        for number, entries in row["cells"].items():
            for entry in entries:
                key = (entry["kind"], entry["item_id"], number)
                if entry["status"] == "forslag" and key not in seen:
                    seen.add(key)
                    pending.append((number, entry))
    st.subheader(f"Søgningens bud ({len(pending)})", anchor=False)
    if not pending:
        st.caption("Ingen bud at bekræfte.")
        return
    for number, entry in pending:
        with st.container(border=True):
            text, yes, no = st.columns([6, 1, 1], vertical_alignment="center")
            text.markdown(f"{inline(entry['name'])} → **Tema {number}: {inline(titles[number])}** "
                          f"({inline(theme_matrix.KINDS[entry['kind']].lower())})")
            key = f"hvem.{entry['kind']}.{entry['item_id']}.{number}"
            if yes.button("Bekræft", key=f"{key}.ja", icon=":material/check:"):
                _save(entry["cluster_id"], number, entry["kind"], entry["item_id"], "bekræftet")
            if no.button("Afvis", key=f"{key}.nej", icon=":material/close:"):
                _save(entry["cluster_id"], number, entry["kind"], entry["item_id"], "afvist")


def link_panel(found: dict) -> None:
    """Link an item to a theme by hand (when the search has no bud, or a second theme)."""
    st.subheader("Knyt selv et punkt eller initiativ til et tema", anchor=False)
    owners = sorted({c for row in found["rows"] for c in (row["cluster_id"], *row["predecessors"])})
    items = {(i.cluster_id, i.kind, i.item_id): i for i in state.read(theme_matrix.items, owners)}
    if not items:
        st.caption("De viste organer har ingen initiativer eller besluttede punkter.")
        return
    labels = {c["cluster_id"]: c["label"] for c in state.clusters()}
    with st.form("hvem.link", border=False):
        chosen = st.selectbox("Punkt eller initiativ", list(items),
                              format_func=lambda k: inline(f"{labels.get(k[0], k[0])} · {items[k].title}"))
        number = st.selectbox("Tema", [n for n, _ in found["themes"]],
                              format_func=lambda n: inline(f"Tema {n}: {dict(found['themes'])[n]}"))
        if st.form_submit_button("Knyt til temaet"):
            _save(chosen[0], number, chosen[1], chosen[2], "bekræftet")
