"""The one-line app: the floor for bench/startup.py (and AppTest's page_render floor)."""

import streamlit as st

st.write("Klyngeblik")
