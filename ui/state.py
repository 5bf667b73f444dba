"""The cached Store (a path and its build state: no connection is kept open between
operations, see core/store.py), cached reads through core, and the cluster selector that all
pages share (kept in the URL as ?klynge=…)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from core import clock, curated, formatting, queries, scenario_edit
from core.store import Store, StoreBusy, default_db_path, open_store
from ui import text
from ui.text import inline

if TYPE_CHECKING:
    import datetime as dt

CLUSTER_PARAM = "klynge"
CLUSTER_KEY = "cluster_id"  # the selector widget's key
SELECTED_KEY = "selected_cluster_id"  # the choice itself
UNKNOWN_KEY = "unknown_cluster_message"  # a link named a body that does not exist
DEFAULT_CLUSTER = "hovedstaden-nord"


@st.cache_resource(show_spinner="Bygger databasen fra datafilerne …")
def get_store(path: str) -> Store:
    """One Store per server process and path; (re)built from data/ when missing or stale."""
    return open_store(path)


def busy(exc: StoreBusy) -> None:
    """Show the store's Danish busy message and end this run (the user tries again)."""
    st.error(str(exc), icon=":material/hourglass:")
    st.stop()


def store() -> Store:
    try:
        return get_store(str(default_db_path()))
    except curated.DataError as exc:
        st.error(f"Databasen kunne ikke bygges: {inline(exc, limit=2000)}")
        st.stop()
    except StoreBusy as exc:
        busy(exc)


@st.cache_data(show_spinner=False)
def _cached(db: str, stamp: tuple, module: str, name: str, *args: Any) -> Any:
    """A read function's queries share one connection (Store.held): a function that asks
    twenty small questions opens the file once, not twenty times (~25 ms each), also when
    a page runs without the shell's pin (AppTest runs a switched-to page alone)."""
    return _on_one_connection(getattr(importlib.import_module(module), name), *args)


def _on_one_connection(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(store, *args)` with its queries on one connection (Store.held)."""
    opened = store()
    with opened.held():
        return fn(opened, *args)


def read(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a core read function `fn(store, *args)` through st.cache_data. The key holds
    the store file's stamp, so a write by another process (a CLI import, a second
    dashboard) is seen on the next run."""
    try:
        return _cached(str(default_db_path()), store().data_stamp(), fn.__module__, fn.__qualname__, *args)
    except StoreBusy as exc:
        busy(exc)


@st.cache_resource(show_spinner=False)
def _clusters(db: str, stamp: tuple) -> tuple[dict, ...]:
    """Clusters and councils as read-only records, once per store version: every page
    asks for them on every run."""
    return tuple(_on_one_connection(queries.cluster_records))


def clusters() -> tuple[dict, ...]:
    try:
        return _clusters(str(default_db_path()), store().data_stamp())
    except StoreBusy as exc:
        busy(exc)


def planning_start(cluster_id: str) -> int | None:
    """The first year `cluster_id` plans money for when the sources give it none: this year,
    or the year the body takes over when that is later (a council: 2027); None for a body
    that has ended (a cluster: dissolved at the end of 2025)."""
    body = _body(cluster_id)
    return scenario_edit.first_planning_year(clock.today(), body.get("starts_on"), body.get("ends_on"))


def ended_on(cluster_id: str) -> dt.date | None:
    """The day `cluster_id` ended (a dissolved cluster), when that is before today."""
    return scenario_edit.ended_on(clock.today(), _body(cluster_id).get("ends_on"))


def entry_year(cluster_id: str) -> int:
    """The year a secretariat most likely enters money for: where the body plans from, or
    an ended body's last year (a cluster's decided funds for 2025)."""
    start = planning_start(cluster_id)
    return start if start is not None else ended_on(cluster_id).year


def _body(cluster_id: str) -> dict:
    return next((c for c in clusters() if c["cluster_id"] == cluster_id), {})


def clear_reads() -> None:
    """After a write: drop cached reads so every page sees the new state."""
    _cached.clear()


def _selected_cluster(ids: list[str]) -> str:
    """The chosen cluster: kept in plain session state (it survives runs in which the
    selector widget is not drawn), first taken from ?klynge=… . A link naming a body that
    does not exist says so in Danish (and shows the default body) instead of falling back
    silently."""
    if st.session_state.get(SELECTED_KEY) not in ids:
        wanted = st.query_params.get(CLUSTER_PARAM, DEFAULT_CLUSTER)
        if wanted not in ids:
            default = _body(DEFAULT_CLUSTER).get("label", DEFAULT_CLUSTER)
            st.session_state[UNKNOWN_KEY] = (
                f"Linket nævner klyngen eller sundhedsrådet «{text.escape(wanted)}», som ikke findes. "
                f"Siden viser {default} i stedet; vælg en anden i menuen til venstre."
            )
        st.session_state[SELECTED_KEY] = wanted if wanted in ids else DEFAULT_CLUSTER
    return st.session_state[SELECTED_KEY]


def selected_cluster_id() -> str:
    """The chosen body's id: from the session, else ?klynge=…, else the default. The shell
    settles it before the page runs; the selector widget is drawn after the page."""
    return _selected_cluster([c["cluster_id"] for c in clusters()])


def _body_kind() -> str | None:
    return _body(st.session_state.get(SELECTED_KEY)).get("body_kind")


def this_body() -> str:
    """«denne klynge» or «dette råd»: the body on screen, for a page's sentences (a council's
    pages said "for denne klynge")."""
    return formatting.this_body(_body_kind())


def body_noun() -> str:
    """«klyngen» or «rådet»: the body on screen, definite form."""
    return formatting.body_noun(_body_kind())


def keep_in_url(param: str, value: str) -> None:
    """Keep ?param=value in the browser's address. Setting a query parameter sends the
    browser a message on every run, so it is set only when it changed."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value


def _remember_choice() -> None:
    st.session_state[SELECTED_KEY] = st.session_state[CLUSTER_KEY]
    st.session_state.pop(UNKNOWN_KEY, None)  # the chair has chosen


def cluster_selector() -> str:
    """Selectbox of clusters and councils (the shell draws it in the sidebar), synchronised
    with ?klynge=… . Bodies are grouped by region and kind, councils first (queries.clusters'
    order); each option names its group: "Region Østdanmark › Sundhedsråd Nordsjælland"."""
    labels = {c["cluster_id"]: f"{c['group']}{c['name']}" for c in clusters()}
    ids = list(labels)
    selected = _selected_cluster(ids)
    if st.session_state.get(CLUSTER_KEY, selected) != selected:
        st.session_state[CLUSTER_KEY] = selected  # switched by the page (a link to another body's scenario)
    st.selectbox(
        "Klynge eller sundhedsråd", ids, index=ids.index(selected), format_func=labels.get,
        key=CLUSTER_KEY, on_change=_remember_choice,
    )
    keep_in_url(CLUSTER_PARAM, st.session_state[SELECTED_KEY])
    if store().build_error:
        st.warning(f"Datafilerne har en fejl; viser den forrige database. {inline(store().build_error, limit=2000)}")
    return st.session_state[SELECTED_KEY]


def _run_through_shell() -> None:
    """Make sure every page runs inside app.py's navigation and sidebar.

    A freshly started Streamlit server treats a `pages/` folder as v1 multipage pages
    until app.py has called st.navigation once, so the very first deep link
    (/moeder?klynge=…) would run the page alone: no cluster selector, file names as menu.
    The page notices, switches the server to st.navigation mode (the flag st.navigation
    itself clears) and reruns, which runs app.py with the same URL.

    AppTest resets that flag before every run and runs switched-to pages alone on
    purpose, so under AppTest nothing is done."""
    from streamlit import config
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_cluster() -> dict:
    """The selected cluster as a dict (cluster_id, name, region, label, …)."""
    _run_through_shell()
    selected = selected_cluster_id()
    if UNKNOWN_KEY in st.session_state:  # shown until the chair picks a body
        st.error(st.session_state[UNKNOWN_KEY])
    return dict(_body(selected))
