"""The search as the pages show it: the box in the sidebar of every page, hits with their
matched words highlighted and a link to the exact place, and 'Mente du …?'. Every page that
searches (Søg, Idékatalog, Møder, Indikatorer) draws its hits through here, on the one engine
in core.search."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from core import search
from core.search_kinds import KINDS
from ui import state
from ui.text import escape

SEARCH_PAGE = "pages/soeg.py"
QUERY_PARAM = "q"
BOX_KEY = "global_search_box"
SUBMITTED_KEY = "global_search_submitted"  # a query waiting to open Søg
# url_path of a page → its script (the links in core.search_documents use the url paths).
PAGE_FILES = {
    "idekatalog": "pages/idekatalog.py",
    "moeder": "pages/moeder.py",
    "budgetscenarier": "pages/budgetscenarier.py",
    "indikatorer": "pages/indikatorer.py",
    "datagrundlag": "pages/datagrundlag.py",
}


def run(query: str, *, body_id: str | None = None, kinds: tuple[str, ...] | None = None,
        years: tuple[int, int] | None = None, limit: int = 20) -> dict:
    """core.search.found through the cached reads."""
    return state.read(search.found, query, body_id, kinds, years, limit)


def search_box() -> None:
    """The search field (the shell draws it in the sidebar, after the page): Enter opens
    Søg with the query, at the start of the next run (`follow_search`)."""
    with st.form("global_search", border=False, enter_to_submit=True):
        st.text_input("Søg i alt", key=BOX_KEY, placeholder="fx genindlæggelse, STIME, 1813",
                      help="Søger i idékataloget, møderne, initiativerne, indikatorerne og kilderne.")
        st.form_submit_button("Søg", icon=":material/search:", on_click=_remember_search)


def _remember_search() -> None:
    query = st.session_state.get(BOX_KEY, "").strip()
    if query:
        st.session_state[SUBMITTED_KEY] = query


def follow_search() -> None:
    """Open Søg with a query just submitted in the search box. The shell calls this before
    the page, so a search does not first draw the page it leaves."""
    query = st.session_state.pop(SUBMITTED_KEY, None)
    if query:
        st.switch_page(SEARCH_PAGE, query_params={QUERY_PARAM: query, state.CLUSTER_PARAM: st.session_state.get(state.SELECTED_KEY, state.DEFAULT_CLUSTER)})


def snippet_markdown(pieces: list) -> str:
    """The snippet as Markdown: the text escaped, the matched words in bold."""
    return "".join(f"**{escape(text)}**" if marked else escape(text) for text, marked in pieces)


def link(hit: dict) -> tuple[str, dict[str, str]] | None:
    """The page script and query parameters that open the hit's exact place."""
    parts = urlsplit(hit["link"])
    page = PAGE_FILES.get(parts.path.strip("/"))
    return (page, dict(parse_qsl(parts.query))) if page else None


def show_hit(hit: dict, *, show_kind: bool = False) -> None:
    with st.container(border=True):
        target = link(hit)
        label = escape(hit["title"])
        if show_kind:
            label = f"{escape(KINDS[hit['kind']])}: {label}"
        if target:
            st.page_link(target[0], label=label, query_params=target[1], icon=":material/arrow_forward:")
        else:
            st.markdown(f"**{label}**")
        st.markdown(snippet_markdown(hit["pieces"]))
        if hit["kind"] == "idea":
            from ui import idea_actions

            _, theme_no, idea_no = hit["id"].split("-")
            idea_actions.make_initiative_button(int(theme_no), int(idea_no), hit["text"], key=f"hit.{hit['id']}")


def show_suggestion(found: dict, key: str) -> str | None:
    """'Mente du: …?' as a button; returns the suggested query when it is clicked."""
    if not found.get("suggestion"):
        return None
    if st.button(f"Mente du: {escape(found['suggestion'])}?", key=key, type="tertiary", icon=":material/spellcheck:"):
        return found["suggestion"]
    return None


def search_input(label: str, key: str, placeholder: str, **kwargs) -> str:
    """A page's search field; a 'Mente du' click (kept under `<key>_pending`) fills it in
    before it is drawn. Returns the query, stripped."""
    pending = f"{key}_pending"
    if pending in st.session_state:
        st.session_state[key] = st.session_state.pop(pending)
    return st.text_input(label, key=key, placeholder=placeholder, **kwargs).strip()


def has_hits(found: dict, query: str, key: str, nothing: str) -> bool:
    """What a search says before its hits: its error, 'Mente du' (a click fills the field
    that `search_input` drew with `key` and reruns), `nothing` when none is found. True
    when there are hits to show."""
    if found["error"]:
        st.warning(found["error"])
        return False
    if show_suggestion(found, key=f"{key}_mente_du"):
        st.session_state[f"{key}_pending"] = found["suggestion"]
        st.rerun()
    if not found["hits"]:
        st.info(f"{nothing} »{escape(query)}«.")
        return False
    return True


def page_results(query: str, key: str, *, nothing: str, counted, body_id: str | None = None,
                 kinds: tuple[str, ...] | None = None, limit: int = 50) -> None:
    """A page search's hits for `query` (the field drawn by `search_input` with `key`): its
    error, 'Mente du', `nothing` when none is found, else `counted(n)` and the hits."""
    found = run(query, body_id=body_id, kinds=kinds, limit=limit)
    if not has_hits(found, query, key, nothing):
        return
    st.markdown(f"{counted(len(found['hits']))} »{escape(query)}«, de mest relevante først:")
    for hit in found["hits"]:
        show_hit(hit)


def show_grouped(found: dict) -> None:
    """Hits grouped by kind, each group in relevance order."""
    by_kind: dict[str, list[dict]] = {}
    for hit in found["hits"]:
        by_kind.setdefault(hit["kind"], []).append(hit)
    for kind in KINDS:
        hits = by_kind.get(kind)
        if not hits:
            continue
        st.subheader(f"{KINDS[kind]} ({len(hits)})", anchor=False)
        for hit in hits:
            show_hit(hit)
