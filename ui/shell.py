"""The app shell: page config, navigation over pages/, the cluster selector (`app.py` calls `run`).

Entry scripts (app.py, pages/*.py) stay a few lines long and call into modules like this
one: Streamlit compiles an entry script, with its "magic" rewrite, whenever it has no cached
bytecode (under AppTest on every run), while an imported module is compiled once. See
docs/performance.md."""

from __future__ import annotations

import atexit
import functools
import gc

import streamlit as st

from core.store import StoreBusy
from ui import search_view, state

PAGES = [
    ("pages/overblik.py", "Overblik", ":material/dashboard:", None),
    ("pages/budgetscenarier.py", "Budgetscenarier", ":material/tune:", "budgetscenarier"),
    ("pages/fokusomraader.py", "Fokusområder", ":material/target:", "fokusomraader"),
    ("pages/idekatalog.py", "Idékatalog", ":material/lightbulb:", "idekatalog"),
    ("pages/hvem_arbejder.py", "Hvem arbejder med hvad", ":material/diversity_3:", "hvem_arbejder"),
    ("pages/moeder.py", "Møder og beslutninger", ":material/gavel:", "moeder"),
    ("pages/opfoelgning.py", "Opfølgning", ":material/task_alt:", "opfoelgning"),
    ("pages/importer_referat.py", "Importér referat", ":material/upload_file:", "importer_referat"),
    ("pages/indikatorer.py", "Indikatorer", ":material/monitoring:", "indikatorer"),
    ("pages/datagrundlag.py", "Datagrundlag", ":material/source:", "datagrundlag"),
    ("pages/data_og_regler.py", "Data og regler", ":material/edit_note:", "data_og_regler"),
    ("pages/soeg.py", "Søg", ":material/search:", "soeg"),
]


def run() -> None:
    st.set_page_config(page_title="Klyngeblik", page_icon=":material/hub:", layout="wide")
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url_path, default=url_path is None)
        for path, title, icon, url_path in PAGES
    ]
    st.sidebar.markdown("**Klyngeblik** · beslutningsstøtte for sundhedsklynger og sundhedsråd")
    controls = st.sidebar.container()  # the cluster selector and the search box, drawn after the page
    # One script run reads through one read-only connection, opened at its first uncached
    # read and closed at its end (core.store.Store.held): no connection outlives the run.
    with state.store().held():
        state.selected_cluster_id()
        navigation = st.navigation(pages)
        search_view.follow_search()  # after st.navigation: switch_page needs the pages known
        failure = None
        try:
            navigation.run()
        except Exception as exc:  # re-raised below, once the sidebar is drawn
            failure = exc  # (st.stop and st.rerun are BaseExceptions and pass straight through)
        # The page reads the chosen body from session state and the URL, not from the widget,
        # so the sidebar's controls can follow it. On a fresh server the browser loads the
        # code for each kind of element as it first arrives, one kind after the other: drawn
        # first, the selectbox and the search form held back Overblik's key figures by
        # ~0,6 s (docs/performance.md, "Twelfth pass").
        with controls:
            state.cluster_selector()
            search_view.search_box()
        if isinstance(failure, StoreBusy):  # a write another process held up too long: one Danish line
            state.busy(failure)
        if failure is not None:  # a page's error still shows, and the chair can still switch body
            raise failure
    freeze_startup_heap()


@functools.cache
def freeze_startup_heap() -> None:
    """Once per process, after the first full run: move everything alive (the imported
    libraries, ~150.000 objects) out of the cyclic collector's reach. Python's automatic
    full collection otherwise walks them all, ~45 ms holding the GIL, and now and then lands
    on a slider move (docs/performance.md, "Fourth pass"). Objects made later are collected
    as usual; what is frozen is freed by reference counting when it goes. At exit the heap
    is handed back, so the interpreter's last collection still frees it all (DuckDB's
    bindings otherwise report its objects as leaked)."""
    gc.freeze()
    atexit.register(gc.unfreeze)
