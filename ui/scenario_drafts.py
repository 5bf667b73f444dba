"""No lost work on Budgetscenarier: the working scenario per body as a draft in the store,
the "Ændret – ikke gemt" banner with Gem / Fortryd ændringer, and links that open a saved
scenario (`?scenarie=<id>&version=<n>`) or a comparison (`?sammenlign=<id>,<id>[,<id>]`).

How the pieces fit the page's design (base + controls → working document, see
ui/page_budgetscenarier.py):
- Each live fragment run hands its working document to `persist`, which writes the body's
  draft (core.drafts) only when the document or what it was opened from changed.
- `ensure_base` runs at the top of every full run. On a body change it opens that body's
  draft (or the store's figures). When the live controls have been dropped by Streamlit
  (another page was shown in between; widget state only lives while the widget is drawn),
  it folds the last working document into the base, so the re-created controls start
  from what the chair had set, not from the base (the bug "untick STIME, open Møder,
  come back: STIME is back").
- The draft id lives in the URL (`?udkast=<id>`) and in session state: a reload or a
  second tab with that URL finds the same drafts."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from core import drafts, scenario, scenario_diff, scenario_repo, scenario_source
from ui import state, text
from ui.scenario_panels import VIEW_PARAM, Keys, fold_working_into_base, load_base, meta_of

DRAFT_PARAM = "udkast"
SCENARIO_PARAM = "scenarie"
VERSION_PARAM = "version"
COMPARE_PARAM = "sammenlign"
COMPARE_KEY = "scn.compare"  # the Sammenlign view's multiselect
SHOWN_CHANGES = 3


def draft_id() -> str:
    """This browser session's draft id: from ?udkast=… on the first run, else new; kept in
    the URL on every run (page changes drop query parameters)."""
    if Keys.DRAFT_ID not in st.session_state:
        wanted = st.query_params.get(DRAFT_PARAM)
        if wanted is not None and not drafts.valid_id(wanted):
            st.warning("Linkets kladde-id kan ikke læses; du arbejder i en ny kladde.")
        st.session_state[Keys.DRAFT_ID] = wanted if drafts.valid_id(wanted) else drafts.new_id()
        drafts.clean(state.store())  # once per browser session: drafts older than 30 days go
    did = st.session_state[Keys.DRAFT_ID]
    state.keep_in_url(DRAFT_PARAM, did)
    return did


def ensure_base(cluster_id: str) -> None:
    """Make the base this body's working scenario (see the module docstring)."""
    did = draft_id()
    if st.session_state.get(Keys.BASE_CLUSTER) != cluster_id or Keys.BASE not in st.session_state:
        _open_body(did, cluster_id)
    elif _controls_dropped():
        fold_working_into_base()
    pending = st.session_state.pop(Keys.PENDING_OPEN, None)  # a linked scenario (handle_links)
    if pending is not None and pending["document"].get("cluster_id") == cluster_id:
        load_base(pending["document"], meta_of(pending), reference=pending["document"])


def _controls_dropped() -> bool:
    """True when another page ran since this page's last full run: Streamlit then forgets
    every widget of this page, the view switcher (drawn on every full run) included. A
    working document left from a live view must then become the base."""
    return Keys.WORKING in st.session_state and Keys.VIEW not in st.session_state


def _open_body(did: str, cluster_id: str) -> None:
    kept = drafts.read(state.store(), did, cluster_id)
    if kept is not None and kept.document.get("cluster_id") == cluster_id:
        meta, opened = _opened(kept.opened_scenario_id, kept.opened_version)
        if opened is None:  # what it was opened from can no longer be read: compare with the store
            opened = state.read(scenario_source.editable, cluster_id)
        load_base(kept.document, meta, reference=opened)
        if kept.author and not st.session_state.get(Keys.AUTHOR):
            st.session_state[Keys.AUTHOR] = kept.author
        _persisted()[cluster_id] = (kept.document, _opened_key(meta))
        return
    document = state.read(scenario_source.editable, cluster_id)
    load_base(document, None, reference=document)


def _opened(scenario_id: str | None, version: int | None) -> tuple[dict | None, dict | None]:
    """(meta, document) of a saved version, or (None, None) for the store's figures or a
    version that cannot be read."""
    if scenario_id is None:
        return None, None
    try:
        loaded = scenario_repo.load(state.store(), scenario_id, version)
    except scenario.ScenarioError:
        return None, None
    return meta_of(loaded), loaded["document"]


def _opened_key(meta: dict | None) -> tuple:
    return (meta["scenario_id"], meta["version"]) if meta else (None, None)


def _persisted() -> dict:
    return st.session_state.setdefault(Keys.PERSISTED, {})


def persist(document: dict, cluster_id: str) -> None:
    """Write the body's draft when the working document (or what it was opened from)
    differs from what was last written: a dict comparison when nothing moved."""
    opened = _opened_key(st.session_state.get(Keys.META))
    last = _persisted().get(cluster_id)
    if last is not None and last[1] == opened and (last[0] is document or last[0] == document):
        return
    failed = drafts.write_soon(state.store(), draft_id(), cluster_id, document, opened_scenario_id=opened[0],
                               opened_version=opened[1], author=st.session_state.get(Keys.AUTHOR))
    if failed:
        st.warning(f"Kladden kunne ikke gemmes i databasen ({text.escape(failed)}). Gem scenariet, "
                   "så arbejdet ikke går tabt.")
    _persisted()[cluster_id] = (document, opened)


def changes(document: dict) -> list[str]:
    """What the banner says, computed once per (reference, working document): a rerun that
    moved nothing (a click elsewhere in the fragment, a toggle set back) reuses it."""
    reference = st.session_state.get(Keys.REFERENCE)
    if reference is None:
        return []
    last = st.session_state.get(Keys.CHANGES)
    if last is not None and last[0] is reference and (last[1] is document or last[1] == document):
        return last[2]
    said = scenario_diff.changes(reference, document)
    st.session_state[Keys.CHANGES] = (reference, document, said)
    return said


def banner(document: dict, *, offer_save: bool = True, always: bool = False) -> None:
    """"Ændret – ikke gemt" with what changed, Gem and Fortryd ændringer; nothing when the
    working scenario is what was opened, unless `always`: the live views keep the box
    (saying there are no changes, its buttons disabled) so every move draws the same
    elements, and draw it where its height moves nothing the chair is operating (beside the
    sliders, under the initiatives table)."""
    said = changes(document)
    if not said and not always:
        return
    with st.container(key="scn.draft.changed"):
        if said:
            first = " ".join(text.escape(s) for s in said[:SHOWN_CHANGES])
            more = f" (og {len(said) - SHOWN_CHANGES} ændringer mere)" if len(said) > SHOWN_CHANGES else ""
            st.warning(f"**Ændret – ikke gemt.** {first}{more}", icon=":material/edit_note:")
        else:
            st.info("Ingen ændringer i forhold til det åbnede scenarie.", icon=":material/check:")
        if len(said) > SHOWN_CHANGES:
            with st.expander(f"Alle ændringer ({len(said)})"):
                st.markdown("\n".join(f"- {text.escape(s)}" for s in said))
        buttons = st.container(horizontal=True, gap="small")  # one block, not three columns
        if offer_save and buttons.button("Gem", key="scn.draft.save", type="primary", disabled=not said):
            fold_working_into_base()
            st.session_state[Keys.NEXT_VIEW] = "gem"
            st.rerun(scope="app")
        if buttons.button("Fortryd ændringer", key="scn.draft.undo", disabled=not said,
                          help="Tilbage til det åbnede scenarie; kladden kasseres."):
            undo()
            st.rerun(scope="app")


def undo() -> None:
    """Back to what was opened; the draft then holds that again."""
    reference = st.session_state[Keys.REFERENCE]
    cluster_id = st.session_state[Keys.BASE_CLUSTER]
    load_base(reference, st.session_state.get(Keys.META), reference=reference)
    persist(reference, cluster_id)


# -- links ----------------------------------------------------------------------------------


def handle_links(cluster_id: str) -> None:
    """Open what a link names, once (the parameters are then dropped from the URL: the draft
    id carries the work on). An unknown scenario gets a Danish message, never a fallback."""
    params = st.query_params
    if SCENARIO_PARAM in params:
        wanted, version = params.get(SCENARIO_PARAM), params.get(VERSION_PARAM)
        del params[SCENARIO_PARAM]
        if VERSION_PARAM in params:
            del params[VERSION_PARAM]
        _open_link(wanted, version, cluster_id)
    if COMPARE_PARAM in params:
        wanted = params.get(COMPARE_PARAM) or ""
        del params[COMPARE_PARAM]
        _compare_link(wanted, cluster_id)


def _open_link(wanted: str, version_text: str | None, cluster_id: str) -> None:
    version = None
    if version_text is not None:
        if not version_text.isdigit():
            st.error(f"Linket angiver versionen «{text.escape(version_text)}», som ikke er et tal. Intet scenarie er åbnet.")
            return
        version = int(version_text)
    try:
        loaded = scenario_repo.load(state.store(), wanted, version)
    except scenario.ScenarioError:
        which = f"version {version} af scenariet" if version is not None else "scenariet"
        st.error(f"Linket peger på {which} «{text.escape(wanted)}», som ikke findes. Intet scenarie er åbnet.")
        return
    st.session_state[Keys.PENDING_OPEN] = loaded
    # The view the link names (?visning=praesentation: the room sees the saved scenario), else Scenarie.
    st.session_state[Keys.NEXT_VIEW] = st.query_params.get(VIEW_PARAM, "scenarie")
    _go_to_cluster(loaded["document"].get("cluster_id"), cluster_id)


def _compare_link(wanted: str, cluster_id: str) -> None:
    ids = [part.strip() for part in wanted.split(",") if part.strip()]
    if not 2 <= len(ids) <= 3:
        st.error("Et sammenligningslink skal nævne 2 eller 3 gemte scenarier, adskilt af komma.")
        return
    saved = state.read(scenario_repo.list_scenarios, None, False)
    by_id = dict(zip(saved["scenario_id"], saved["cluster_id"]))
    unknown = [sid for sid in ids if sid not in by_id]
    if unknown:
        names = ", ".join(f"«{text.escape(sid)}»" for sid in unknown)
        st.error(f"Linket peger på scenarier, der ikke findes (eller er slettet): {names}. Intet er sammenlignet.")
        return
    bodies = {by_id[sid] for sid in ids}
    if len(bodies) > 1:
        st.error("Linket sammenligner scenarier fra forskellige klynger; det kan ikke vises.")
        return
    st.session_state[COMPARE_KEY] = ids
    st.session_state[Keys.NEXT_VIEW] = "sammenlign"
    _go_to_cluster(bodies.pop(), cluster_id)


def _go_to_cluster(wanted: str | None, current: str) -> None:
    """Switch to the body a linked scenario belongs to (a full rerun)."""
    if wanted and wanted != current:
        st.session_state[state.SELECTED_KEY] = wanted
        st.rerun()


def link(**params: str) -> str:
    """A link to this page with the given parameters (full URL when Streamlit knows it)."""
    return f"{st.context.url or ''}?{urlencode(params, safe=',')}"
