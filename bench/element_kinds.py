"""The element types the live *Scenarie* view draws, each drawn `n` times the way the view
draws it (a label, a key, its options): the apps of bench/element_cost.py call `draw`."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

AMOUNTS = list(range(0, 1_000_001, 50_000))
SCALES = list(range(0, 151, 5))
VEGA_SPEC = {"mark": "bar", "encoding": {"y": {"field": "Navn", "type": "nominal"},
                                         "x": {"field": "Beløb", "type": "quantitative"}}}


def _table() -> pa.Table:
    return pa.table({"Navn": ["Allerød", "Fredensborg", "Gribskov"], "Beløb": ["1.000 kr.", "2.000 kr.", "3.000 kr."]})


KINDS = {
    "select_slider": lambda i: st.select_slider(f"Skala {i}", options=SCALES, value=100, key=f"k{i}",
                                                format_func=lambda v: f"{v} %"),
    "toggle": lambda i: st.toggle(f"Initiativ {i}", value=True, key=f"k{i}"),
    "number_input": lambda i: st.number_input(f"Loft {i} (kr.)", min_value=0, step=100_000, value=None,
                                              placeholder="ikke angivet", key=f"k{i}"),
    "selectbox": lambda i: st.selectbox(f"Regel {i}", [None, True, False], key=f"k{i}"),
    "metric": lambda i: st.metric(f"Figur {i}", "1.000.000 kr.", "antaget", "off", delta_arrow="off",
                                  help="Forklaring.", width="content"),
    "caption": lambda i: st.caption(f"Forklaring {i} af tallene."),
    "markdown": lambda i: st.markdown(f"**Fokusområde {i}**"),
    "subheader": lambda i: st.subheader(f"Overskrift {i}"),
    "info": lambda i: st.info(f"Besked {i}."),
    "warning": lambda i: st.warning(f"Advarsel {i}."),
    "button": lambda i: st.button(f"Knap {i}", key=f"k{i}"),
    "container": lambda i: st.container(border=True),
    "title": lambda i: st.title(f"Titel {i}"),
    "button_group": lambda i: st.segmented_control(f"Visning {i}", ["a", "b", "c"], default="a", key=f"k{i}"),
    "html": lambda i: st.html(f"<style>.x{i} {{ padding: 1px; }}</style>"),
    "vega_lite_chart": lambda i: st.vega_lite_chart(_table(), VEGA_SPEC, width="stretch"),
    "dataframe": lambda i: st.dataframe(_table(), width="stretch"),
    "table": lambda i: st.table(_table(), hide_index=True),
    "multiselect": lambda i: st.multiselect(f"Vis {i}", AMOUNTS[:15], key=f"k{i}"),
}


def draw(kind: str, n: int) -> None:
    for i in range(n):
        KINDS[kind](i)
