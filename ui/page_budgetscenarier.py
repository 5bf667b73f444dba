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

import streamlit as st

from core import scenario, scenario_edit
from core.formatting import dkk, pct
from core.scenario_tables import financing_caption
from ui import scenario_drafts, scenario_panels, scenario_view, state
from ui.scenario_panels import Keys as S

VIEWS = {
    "scenarie": "Scenarie",
    "initiativer": "Initiativer",
    "praesentation": "Præsentation",
    "tilfoej": "Tilføj initiativ",
    "gem": "Gem og eksportér",
    "gemte": "Gemte scenarier",
    "sammenlign": "Sammenlign",
}


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    scenario_drafts.handle_links(cluster_id)
    scenario_drafts.ensure_base(cluster_id)

    st.title("Budgetscenarier")
    st.caption(
        f"{cluster['label']} · Prøv fordelinger af klyngemidlerne efter klyngens egne principper. "
        "Tallene følger kontrollerne med det samme. Dit arbejde huskes som kladde (også efter "
        "genindlæsning); det bliver et gemt scenarie, når du trykker Gem."
    )
    view = scenario_panels.view_switcher(VIEWS)
    scenario_panels.show_flash()
    meta = st.session_state.get(S.META)
    if meta:
        st.info(f"Åbnet: «{meta['name']}», version {meta['version']} (gemt af {meta['author']}).")
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
    elif view == "praesentation":
        show_results(base, st.container(), st.container(), large=True)
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


def rules_controls(base: dict, rev: int) -> dict:
    """Draw the money and rule controls; return the working document they describe."""
    k = f"{S.PREFIX}{rev}."
    doc = base
    with st.container(border=True):
        st.subheader("Midler og regler")
        if all(fund.get("expected") for fund in base["funds"]):
            st.info("Kilderne nævner ingen besluttede midler for denne klynge. Angiv den forventede tildeling.")
        expected, already = {}, scenario_edit.expected_funds(base)
        for year in scenario_edit.years_without_funds(base, scenario_panels.planning_start()):
            expected[year] = st.number_input(
                f"Forventet tildeling {year} (kr., ikke besluttet)", min_value=0, step=100_000,
                value=already.get(year, 0),
                key=f"{k}expected.{year}",
                help="Midler, der forventes men ikke er besluttet. Fordeles mellem kommuner og region "
                "som i det seneste år med midler.",
            )
            if expected[year]:
                st.caption(f"{year}: {dkk(expected[year])} forventet")
        doc = scenario_edit.with_expected_funds(doc, expected)
        settings = base["settings"]
        carry = st.toggle("Overfør uforbrugte midler til næste år (G)", value=settings["carry_over"], key=f"{k}carry")
        pool = st.select_slider(
            "Pulje til Faglig Sundhedsklynge (H)", options=scenario_panels.pool_options(settings["pool_dkk"]),
            value=settings["pool_dkk"], format_func=dkk, key=f"{k}pool",
        )
        region = st.select_slider(
            "Regionens andel af finansieringen (A)", options=scenario_panels.percent_options(settings["region_share"]),
            value=round(settings["region_share"] * 100, 1), format_func=lambda v: pct(v / 100, 0), key=f"{k}region",
        )
        tolerance = st.select_slider(
            "Tolerance for fordeling mellem fokusområder (D)", options=list(range(31)),
            value=round(settings["balance_tolerance"] * 100), format_func=lambda v: f"± {v} %-point",
            key=f"{k}tolerance",
        )
        doc = scenario_edit.with_settings(
            doc, carry_over=carry, pool_dkk=int(pool), region_share=region / 100, balance_tolerance=tolerance / 100
        )
        doc = scenario_edit.with_targets(doc, scenario_panels.target_controls(base, k))
        included = sum(line["included"] for line in doc["lines"])
        st.caption(f"{included} af {len(doc['lines'])} initiativer er med. Medtag, skalér og ret dem under Initiativer.")
    return doc


def lines_editor(base: dict, rev: int) -> dict:
    """Draw the initiatives table; return the base with the user's cell edits applied."""
    k = f"{S.PREFIX}{rev}."
    if not base["lines"]:
        st.info("Scenariet har ingen initiativer endnu. Tilføj et under «Tilføj initiativ».")
        return base
    st.caption("Sæt hak i Med, skalér (fx 50 % = halvdelen af kommunerne eller sporene) og ret udgifterne pr. år.")
    st.data_editor(
        scenario_panels.lines_input(base, k), key=f"{k}lines", width="stretch", hide_index=True,
        column_config=scenario_panels.lines_column_config(base), disabled=[scenario_edit.STATUS, scenario_edit.NAME],
    )
    # The editor keeps its edits in session state; applying them to the document directly
    # is cheaper than converting the returned frame back on every move.
    return scenario_edit.apply_line_edits(base, st.session_state[f"{k}lines"]["edited_rows"])


@st.fragment
def live_scenario() -> None:
    """Money and rule controls with every figure they drive: all a slider move reruns."""
    base, rev = st.session_state[S.BASE], st.session_state[S.REV]
    changed, headline = st.container(), st.container()
    left, details = st.columns([2, 3], gap="large")
    with left:
        working = rules_controls(base, rev)
    keep_working(working, changed)
    show_results(working, headline, details, large=False)


@st.fragment
def live_initiatives() -> None:
    """The initiatives table with the key figures and findings it drives."""
    base, rev = st.session_state[S.BASE], st.session_state[S.REV]
    changed, headline = st.container(), st.container()
    working = lines_editor(base, rev)
    keep_working(working, changed)
    result = evaluated(working, headline)
    if result is None:
        return
    with headline:
        scenario_view.key_figures(result)
    left, right = st.columns(2, gap="large")
    with left:
        scenario_view.findings(result)
    with right:
        scenario_view.focus_areas(result)


def keep_working(working: dict, changed) -> None:
    """The live views' working document: kept for the other views and as the body's draft,
    with the "Ændret – ikke gemt" banner in `changed` when it differs from what was opened."""
    st.session_state[S.WORKING] = working
    scenario_drafts.persist(working, working["cluster_id"])
    with changed:
        scenario_drafts.banner(working)


def evaluated(document: dict, headline) -> dict | None:
    """The document's result, or None with the reason shown in `headline`."""
    try:
        return scenario.evaluate_document(document)
    except scenario.ScenarioError as exc:
        headline.error(f"Scenariet kan ikke beregnes: {exc}")
        return None


def show_results(document: dict, headline, details, large: bool) -> None:
    result = evaluated(document, headline)
    if result is None:
        return
    with headline:
        scenario_view.key_figures(result, large=large)
        st.caption(financing_caption(result, document["settings"]["region_share"]))
    with details:
        scenario_view.findings(result)
        scenario_view.focus_areas(result)
        scenario_view.municipalities(result)
        st.subheader("År for år")
        scenario_view.years(result)
