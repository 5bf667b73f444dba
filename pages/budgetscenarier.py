"""Placeholder: replaced by the page's real implementation."""

import streamlit as st

from ui import state

cluster = state.current_cluster()
st.title("budgetscenarier")
st.write(cluster["label"])
