"""The dashboard's shell around `bench/scenario_replica.py`, for the browser bench: the same
page config, navigation (the same thirteen pages in the sidebar; all but Budgetscenarier
draw one line) and sidebar controls as `ui/shell.py`, with the replica as Budgetscenarier.
`bench/browser_latency.py --replica` serves it beside the dashboard and the floor."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

import streamlit as st  # noqa: E402

import scenario_replica  # noqa: E402
from ui.shell import PAGES  # noqa: E402


def other_page() -> None:
    st.write("Side")


st.set_page_config(page_title="Klyngeblik", page_icon=":material/hub:", layout="wide")
st.sidebar.markdown("**Klyngeblik** · beslutningsstøtte for sundhedsklynger og sundhedsråd")
controls = st.sidebar.container()
navigation = st.navigation([
    st.Page(scenario_replica.render if url_path == "budgetscenarier" else other_page, title=title, icon=icon,
            url_path=url_path or "overblik", default=url_path is None)
    for _, title, icon, url_path in PAGES
])
navigation.run()
with controls:
    st.selectbox("Klynge eller sundhedsråd", [f"Region Hovedstaden › Klynge {i}" for i in range(26)])
    with st.form("global_search", border=False, enter_to_submit=True):
        st.text_input("Søg i alt", placeholder="fx genindlæggelse, STIME, 1813")
        st.form_submit_button("Søg", icon=":material/search:")
