"""The *Scenarie* view's elements with none of our code: the lower bound of the AppTest ratio.

`bench/scenario_latency.py` times a slider move on the real page. This module draws the same
elements, in the same containers, columns and fragment, with the same labels, options,
values, chart specs and data, but computes nothing on a run: every value is made once, when
first drawn, from the same document the page opens (the seed body's, or the synthetic
national scenario), and a move only changes a slider's value in session state. The controls
are recorded by running the page's own control functions once against `Recorder` (as the
page's `StateReader` does), so they are the page's calls, labels and options; their labels
are made once too. `bench/replica_latency.py` runs it as a page of an app with our `pages/`
folder's pages, so its ratio to the floor is what any implementation of this view in
Streamlit gets on this machine.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import pyarrow as pa
import streamlit as st

from core import formatting, scenario, scenario_source, scenario_tables
from core.store import open_store
from ui import charts, delivery, scenario_controls, scenario_view

CLUSTER = "hovedstaden-nord"
POOL_LABEL = "Pulje til mindre initiativer (H)"
VIEWS = ["Scenarie", "Initiativer", "Præsentation", "Tilføj initiativ", "Gem og eksportér", "Gemte scenarier",
         "Sammenlign"]
DOCUMENT: dict | None = None  # set by the bench for the national scale; else the seed body's


class Recorder:
    """Stands in for `streamlit` in the page's control functions, like the page's own
    `StateReader` (whose answers it returns), and records each call in order, with every
    format_func's labels made once; container blocks as ("enter", kwargs) … ("exit", {})."""

    def __init__(self):
        self.calls: list[tuple[str, tuple, dict]] = []
        self._reader = scenario_controls.StateReader({})

    def __getattr__(self, name: str) -> Any:
        answer = getattr(self._reader, name)

        def recorded(*args, **kwargs):
            if "format_func" in kwargs:
                labels = {option: kwargs["format_func"](option) for option in (kwargs["options"] if "options" in kwargs else args[1])}
                kwargs = {**kwargs, "format_func": labels.__getitem__}
            self.calls.append((name, args, kwargs))
            return answer(*args, **kwargs)

        return recorded

    @contextlib.contextmanager
    def container(self, **kwargs):
        self.calls.append(("enter", (), kwargs))
        yield
        self.calls.append(("exit", (), {}))


def _prepared() -> dict:
    """Everything the view shows, made once."""
    document = DOCUMENT or scenario_source.editable(open_store(os.environ["KLYNGEBLIK_DB"]), CLUSTER)
    recorder = Recorder()
    scenario_controls.live_controls(document, 1, recorder)
    result = scenario.evaluate_document(document)
    focus = scenario_tables.focus_chart_data(result)
    return {
        "controls": recorder.calls,
        "figures": scenario_tables.key_figures(result, "klyngen"),
        "funds_dkk": result["funds_dkk"],
        "pool_key": next(kwargs["key"] for _, args, kwargs in recorder.calls if args[:1] == (POOL_LABEL,)),
        "pool_dkk": document["settings"]["pool_dkk"],
        "rules": "  \n".join([scenario_tables.financing_caption(result, document["settings"].get("region_share")),
                              "Regler: " + " · ".join(scenario_tables.rules_lines(result)),
                              "Ikke besluttet: " + ", ".join(scenario_tables.missing_rules(result))]),
        "findings": [(f["severity"], f"**Princip {f['principle']}:** {f['message']}") for f in result["findings"]],
        "checks": "**Kontrol af principperne**  \n" + "  \n".join(scenario_tables.checks_lines(result)),
        "focus_spec": charts._spec(scenario_view.__name__, "focus_chart",
                                   scenario_view.focus_row_px(focus["Etiket"]), scenario_tables.focus_marks(focus)),
        "focus_data": pa.table(focus),
        "focus_caption": scenario_tables.focus_caption(result),
        "municipality_spec": charts._spec(scenario_view.__name__, "municipality_chart"),
        "municipality_data": pa.table(scenario_tables.municipality_chart_data(result)),
        "municipalities": pa.table(scenario_tables.municipalities_display(result)),
        "municipalities_caption": "  \n".join(s for s in (scenario_tables.received_caption(result),
                                                          scenario_tables.municipalities_caption(result)) if s),
        "years": pa.table(scenario_tables.years_display(result)),
    }


@st.cache_resource
def prepared() -> dict:
    return _prepared()


def render() -> None:
    shown = prepared()
    st.html("<style>[data-testid='stMainBlockContainer'] { padding: 2.5rem 1.5rem; }</style>")
    st.title("Budgetscenarier")
    st.caption("Sundhedsklynge Nord (Region Hovedstaden) · Prøv fordelinger af klyngemidlerne.")
    st.segmented_control("Visning", VIEWS, key="view", default=VIEWS[0], label_visibility="collapsed",
                         required=True)
    live(shown)


@st.fragment
def live(shown: dict) -> None:
    headline = st.empty()
    left, details = st.columns([2, 3], gap="large")
    changed = details.container()
    with headline.container():
        with st.container(horizontal=True, gap="medium"):
            for label, value, help_text in figures(shown):
                st.metric(label, value, None, "off", delta_arrow="off", help=help_text, width="content")
        st.caption(shown["rules"])
    delivery.send_what_is_drawn()  # as the page does: the figures get a browser batch of their own
    pool = st.session_state.get(shown["pool_key"], shown["pool_dkk"])
    moved = pool != shown["pool_dkk"]  # as on the page: the banner and an «antaget» caption
    with left:
        replay(shown["controls"], shown["pool_key"] if moved else None)
    with changed, st.container(key="changed"):
        if moved:
            st.warning("**Ændret – ikke gemt.** Pulje (H) ændret.", icon=":material/edit_note:")
        else:
            st.info("Ingen ændringer i forhold til det åbnede scenarie.", icon=":material/check:")
        with st.container(horizontal=True, gap="small"):
            st.button("Gem", disabled=not moved, key="save")
            st.button("Fortryd ændringer", disabled=not moved, key="undo")
    with details:
        for severity, text in shown["findings"]:
            (st.error if severity == "error" else st.warning)(text)
        st.markdown(shown["checks"])
        st.vega_lite_chart(shown["focus_data"], shown["focus_spec"], width="stretch")
        st.caption(shown["focus_caption"])
        st.vega_lite_chart(shown["municipality_data"], shown["municipality_spec"], width="stretch")
        st.dataframe(shown["municipalities"], width="stretch")
        if shown["municipalities_caption"]:
            st.caption(shown["municipalities_caption"])
        st.subheader("År for år")
        st.table(shown["years"], hide_index=True)


def figures(shown: dict) -> list[tuple[str, str, str]]:
    """The five figures as made once, but the pool and what is left after it following the
    pool slider (the one computation of a run: the browser bench waits for that figure)."""
    pool = st.session_state.get(shown["pool_key"])
    if pool is None or shown["funds_dkk"] is None:
        return shown["figures"]
    moved = {"Pulje (H)": formatting.dkk(pool), "Disponibelt": formatting.dkk(shown["funds_dkk"] - pool)}
    return [(label, moved.get(label, value), help_text) for label, value, help_text in shown["figures"]]


def replay(calls: list[tuple[str, tuple, dict]], assumed_key: str | None) -> None:
    """The recorded control calls, drawn with Streamlit; an «antaget» caption under the
    control keyed `assumed_key`."""
    opened = []
    for method, args, kwargs in calls:
        if method == "enter":
            opened.append(st.container(**kwargs))
            opened[-1].__enter__()
        elif method == "exit":
            opened.pop().__exit__(None, None, None)
        else:
            getattr(st, method)(*args, **kwargs)
            if assumed_key is not None and kwargs.get("key") == assumed_key:
                st.caption("antaget (besluttet: 250.000 kr.)")
