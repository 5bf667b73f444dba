"""The floor for the browser benchmarks: one slider, one metric. Whatever Streamlit itself
costs for a slider move (websocket, rerun, diff, draw) is in this app's figure too;
bench/browser_latency.py measures it side by side with the real page."""

import streamlit as st

value = st.slider("Pulje", 0, 1_000_000, 500_000, step=10_000)
st.metric("Disponibelt", f"{value:,} kr.".replace(",", "."))
