"""Budgetscenarier: the chair's live allocation tool (`pages/budgetscenarier.py` calls `render`).

The page keeps a *base* scenario document in session state (from the store, a saved
scenario or an import). Every control is initialised from the base; the *working*
document is derived from base + controls on each rerun (core.scenario_edit) and evaluated
(core.scenario). Only the fragment reruns when a control moves. The other views (save,
add, compare, presentation) work on the base: leaving the live view folds the working
document into it, so nothing the user set is lost.

The working document also persists as the body's draft (ui/scenario_drafts.py): it
survives page and body changes, a reload and a second tab, and the page says
"Ændret – ikke gemt" whenever it differs from what was opened.

The body lives in this module rather than in the page file because Streamlit compiles a
page script (with its "magic" AST rewrite) on every run under AppTest, while an imported
module is compiled once; see docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import formatting, overview, queries, scenario, scenario_edit
from core.schema import DECIDED_STATUSES
from core.scenario_tables import financing_caption
from ui import delivery, idea_actions, scenario_controls, scenario_drafts, scenario_panels, scenario_view, state
from ui.scenario_panels import Keys as S
from ui.text import escape, inline, table

VIEWS = {
    "scenarie": "Scenarie",
    "initiativer": "Initiativer",
    "praesentation": "Præsentation",
    "tilfoej": "Tilføj initiativ",
    "gem": "Gem og eksportér",
    "gemte": "Gemte scenarier",
    "sammenlign": "Sammenlign",
}


def predecessors_decided(cluster: dict) -> None:
    """A council's history: what the clusters it continues decided (not lines of this
    scenario; the council enters its own on Data og regler). A body without predecessors
    (most of them) skips the read."""
    if not cluster["has_predecessors"]:
        return
    history = state.read(overview.history_initiatives, cluster["cluster_id"])
    if not history:
        return
    with st.expander("Historik: forgængernes besluttede initiativer", icon=":material/history:"):
        st.caption("Til orientering: klyngerne, rådet viderefører, besluttede disse initiativer. De indgår "
                   "ikke i rådets scenarie.")
        for predecessor in history:
            st.markdown(f"**Fra forgængeren {inline(predecessor['label'])}**")
            initiatives = predecessor["initiatives"]
            decided = initiatives[initiatives["status"].isin(DECIDED_STATUSES)]
            if decided.empty:
                st.caption("Ingen besluttede initiativer i kilderne.")
            else:
                table(overview.initiative_table(decided))


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    scenario_drafts.handle_links(cluster_id)
    scenario_drafts.ensure_base(cluster_id)
    idea_actions.take_new_initiatives(cluster_id)  # made from the catalogue since the base was opened
    noun = st.session_state[S.BODY_NOUN] = formatting.body_noun(cluster.get("body_kind"))

    if scenario_panels.current_view(VIEWS) == "praesentation":
        state.keep_in_url(scenario_panels.VIEW_PARAM, "praesentation")
        presentation(cluster, st.session_state[S.BASE], st.session_state.get(S.META))
        return
    st.html(PAGE_CSS)
    st.title("Budgetscenarier")
    st.caption(
        f"{inline(cluster['label'])} · Prøv fordelinger af {formatting.the_funds(noun)} efter {noun}s egne principper. "
        "Tallene følger kontrollerne med det samme. Dit arbejde huskes som kladde (også efter "
        "genindlæsning); det bliver et gemt scenarie, når du trykker Gem."
    )
    predecessors_decided(cluster)
    view = scenario_panels.view_switcher(VIEWS)
    scenario_panels.show_flash()
    meta = st.session_state.get(S.META)
    if meta:
        st.info(
            f"Åbnet: «{inline(meta['name'])}», version {meta['version']} (gemt af {inline(meta['author'])})."
        )
        st.caption("Link til denne version: "
                   + scenario_drafts.link(scenarie=meta["scenario_id"], version=str(meta["version"])))
    base = st.session_state[S.BASE]
    if view not in ("scenarie", "initiativer"):  # the live views persist from their fragment
        scenario_drafts.persist(base, cluster_id)
        scenario_drafts.banner(base, offer_save=view != "gem")
    if view == "scenarie":
        live_scenario()
    elif view == "initiativer":
        live_initiatives()
    elif view == "tilfoej":
        scenario_panels.add_line_form(base, f"{S.PREFIX}{st.session_state[S.REV]}.")
    elif view == "gem":
        result = scenario.evaluate_document(base)
        scenario_panels.save_panel(base)
        scenario_panels.export_panel(base, result, cluster)
    elif view == "gemte":
        scenario_panels.saved_scenarios(cluster_id)
        scenario_panels.import_panel()
    else:
        scenario_panels.compare_panel(cluster_id)
        chosen = st.session_state.get(scenario_drafts.COMPARE_KEY) or []
        if len(chosen) >= 2:
            st.caption("Link til sammenligningen: " + scenario_drafts.link(sammenlign=",".join(chosen)))


def lines_editor(base: dict, k: str) -> None:
    """Draw the initiatives table (its edits are read with `with_line_edits`). A line whose
    cost the sources do not give shows "ikke angivet" in its year cells until an amount is
    typed."""
    if not base["lines"]:
        st.info("Scenariet har ingen initiativer endnu. Tilføj et under «Tilføj initiativ».")
        return
    st.caption("Sæt hak i Med, skalér (fx 50 % = halvdelen af kommunerne eller sporene) og ret udgifterne pr. år "
               "(i kroner).")
    if base["focus_areas"]:
        st.caption(escape(scenario_panels.focus_legend(base)))
    st.data_editor(
        scenario_panels.lines_input(base, k), key=f"{k}lines", width="stretch", hide_index=True,
        row_height=scenario_panels.LINE_ROW_HEIGHT, placeholder=formatting.NOT_GIVEN,
        column_config=scenario_panels.lines_column_config(base), disabled=[scenario_edit.STATUS, scenario_edit.NAME],
    )


def with_line_edits(base: dict, k: str) -> dict:
    """The base with the initiatives table's cell edits applied. The editor keeps its edits
    in session state (there before the table is drawn on a rerun); applying them to the
    document directly is cheaper than converting the returned frame back on every move."""
    edits = st.session_state[f"{k}lines"]["edited_rows"] if f"{k}lines" in st.session_state else {}
    return scenario_edit.apply_line_edits(base, edits)


# The live views draw their key figures first, then their controls, then the rest (charts,
# tables). A move's ~50 messages reach the browser one by one and it shows them in batches
# as they arrive, so the figure the chair watches neither waits behind every slider's
# message nor shares its batch with the charts' redraw (docs/performance.md, "Fourth
# pass"). The figures are computed from the controls' values in session state
# (ui/scenario_controls.py), then checked against what the drawn controls return; should
# the two ever differ, they are drawn again from the controls.
REDRAWN = "scn.redrawn"  # how often the figures had to be drawn again (tests keep it at 0)


@st.fragment
def live_scenario() -> None:
    """Money, rule and initiative controls with every figure they drive: all a slider move reruns."""
    base, rev = st.session_state[S.BASE], st.session_state[S.REV]
    headline = st.empty()
    left, details = st.columns([2, 3], gap="large")
    changed = details.container()  # beside the sliders: its height never moves them

    def controls() -> dict:
        with left:
            return scenario_controls.live_controls(base, rev)

    expected = scenario_controls.live_controls(base, rev, scenario_controls.StateReader(st.session_state))
    result = figures_first(headline, expected, controls, changed, with_rules=True)
    if result is not None:
        with details:
            scenario_view.findings(result)
            scenario_view.focus_areas(result)
            scenario_view.municipalities(
                result, without_population=state.read(queries.municipalities_without_population, base["cluster_id"]))
            st.subheader("År for år")
            scenario_view.years(result)


@st.fragment
def live_initiatives() -> None:
    """The initiatives table with the key figures and findings it drives."""
    base, k = st.session_state[S.BASE], f"{S.PREFIX}{st.session_state[S.REV]}."
    headline, table_area = st.empty(), st.container()
    changed = st.container()  # under the table: its height never moves the rows

    expected = with_line_edits(base, k)

    def table() -> dict:
        with table_area:
            lines_editor(base, k)
        return with_line_edits(base, k)

    result = figures_first(headline, expected, table, changed, with_rules=False)
    if result is not None:
        left, right = st.columns(2, gap="large")
        with left:
            scenario_view.findings(result)
        with right:
            scenario_view.focus_areas(result)


def figures_first(headline, expected: dict, draw_controls: Callable[[], dict], changed,
                  with_rules: bool) -> dict | None:
    """The key figures of `expected` (the rules too, `with_rules`) in the st.empty slot
    `headline`, then the controls; keeps the working document they describe (with its
    banner in `changed`) and returns its result (None when it cannot be computed)."""
    result = headline_figures(expected, headline, with_rules)
    delivery.send_what_is_drawn()  # the figures leave now, not when the run ends
    working = draw_controls()
    keep_working(working, changed)
    if working != expected:
        st.session_state[REDRAWN] = st.session_state.get(REDRAWN, 0) + 1
        result = headline_figures(working, headline, with_rules)
    return result


def headline_figures(document: dict, headline, with_rules: bool) -> dict | None:
    """Evaluate `document` and draw its key figures in `headline` (replacing what was there)."""
    result = evaluated(document, headline)
    if result is not None:
        with headline.container():
            scenario_view.key_figures(result, document, st.session_state[S.BODY_NOUN])
            if with_rules:
                scenario_view.rules(result, financing_caption(result, document["settings"].get("region_share")))
    return result


def keep_working(working: dict, changed) -> None:
    """The live views' working document: kept for the other views and as the body's draft,
    with the "Ændret – ikke gemt" banner in `changed` when it differs from what was opened."""
    st.session_state[S.WORKING] = working
    scenario_drafts.persist(working, working["cluster_id"])
    with changed:
        scenario_drafts.banner(working, always=True)


def evaluated(document: dict, headline) -> dict | None:
    """The document's result, or None with the reason shown in `headline`."""
    try:
        return scenario.evaluate_document(document)
    except scenario.ScenarioError as exc:
        headline.error(f"Scenariet kan ikke beregnes: {inline(exc, limit=2000)}")
        return None


# Narrower page margins than Streamlit's wide layout: at 1280×720 with the sidebar open the
# initiatives table and the comparison tables need every pixel of the width.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 2.5rem 1.5rem 2rem 1.5rem; }
</style>"""

PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 1rem 2rem !important; max-width: none; }
.st-key-praesentation [data-testid="stMetricValue"] { font-size: 4.5rem; line-height: 1; }
.st-key-praesentation [data-testid="stMetric"] { gap: 0; }
.st-key-praesentation [data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; }
.st-key-praesentation [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
.st-key-praesentation [data-testid="stHorizontalBlock"] { row-gap: 0.25rem; }
</style>"""


def presentation(cluster: dict, document: dict, meta: dict | None) -> None:
    """For the room: no sidebar or view bar, key figures twice the normal size, the findings
    and the focus-area chart beside them (above the fold at 1280×720); a small way out."""
    st.html(PRESENTATION_CSS)
    top = st.columns([5, 1], vertical_alignment="center")
    name = f" · {inline(meta['name'])}" if meta else ""
    top[0].markdown(f"**{inline(cluster['label'])}**{name}")
    top[1].button("Afslut præsentation", key="scn.leave_presentation", type="tertiary",
                  icon=":material/close:", on_click=scenario_panels.leave_view)
    result = evaluated(document, st.container())
    if result is None:
        return
    with st.container(key="praesentation"):
        figures, details = st.columns([2, 3], gap="large")
        with figures:
            scenario_view.key_figures(result, document, st.session_state[S.BODY_NOUN], large=True)
            scenario_view.rules(result)
        with details:
            scenario_view.findings(result, compact=True)
            scenario_view.focus_areas(result)
    st.caption(financing_caption(result, document["settings"].get("region_share")))
