"""The floor for the table toggle in bench/browser_latency.py: one table editor and one
metric. Its "Med" checkbox column sits beside a pinned name column with the widths and row
height of the Initiativer table (ui/scenario_panels.py), so the bench operates both tables
the same way. Streamlit's data editor hands an edit to the server 150 ms after it is made
(a debounce in its frontend), so every table toggle costs that: this app's figure holds it,
with whatever else Streamlit itself costs for a table edit."""

import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ui.scenario_panels import LINE_ROW_HEIGHT  # noqa: E402

lines = pd.DataFrame({
    "name": ["KIT", "STIME", "Tidlig opsporing", "Indsats til unge voksne"],
    "included": [True, True, True, True],
    "amount": [0, 1_200_000, 800_000, 500_000],
})
edited = st.data_editor(
    lines, hide_index=True, row_height=LINE_ROW_HEIGHT, disabled=["name", "amount"],
    column_config={
        "name": st.column_config.TextColumn("Initiativ", width=190, pinned=True),
        "included": st.column_config.CheckboxColumn("Med", width=56),
        "amount": st.column_config.NumberColumn("Beløb", width=120),
    },
    column_order=["name", "included", "amount"],
)
total = int(edited.loc[edited["included"], "amount"].sum())
st.metric("Fordelt", f"{total:,} kr.".replace(",", "."))
