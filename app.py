"""Klyngeblik: the app shell. `streamlit run app.py`."""

import streamlit as st

from ui import state

st.set_page_config(page_title="Klyngeblik", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("pages/overblik.py", title="Overblik", icon=":material/dashboard:", default=True),
    st.Page("pages/budgetscenarier.py", title="Budgetscenarier", icon=":material/tune:", url_path="budgetscenarier"),
    st.Page("pages/fokusomraader.py", title="Fokusområder", icon=":material/target:", url_path="fokusomraader"),
    st.Page("pages/idekatalog.py", title="Idékatalog", icon=":material/lightbulb:", url_path="idekatalog"),
    st.Page("pages/moeder.py", title="Møder og beslutninger", icon=":material/gavel:", url_path="moeder"),
    st.Page("pages/indikatorer.py", title="Indikatorer", icon=":material/monitoring:", url_path="indikatorer"),
    st.Page("pages/datagrundlag.py", title="Datagrundlag", icon=":material/source:", url_path="datagrundlag"),
]


st.sidebar.markdown("**Klyngeblik** · beslutningsstøtte for sundhedsklynger og sundhedsråd")
state.cluster_selector()
st.navigation(PAGES).run()
