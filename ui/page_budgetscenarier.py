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

from core import overview, scenario, scenario_edit
from core.schema import DECIDED_STATUSES
from core.formatting import dkk, pct
from core.scenario_tables import financing_caption
from ui import idea_actions, initiative_sliders, scenario_drafts, scenario_panels, scenario_view, state
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


def predecessors_decided(cluster_id: str) -> None:
    """A council's history: what the clusters it continues decided (not lines of this
    scenario; the council enters its own on Data og regler)."""
    history = state.read(overview.history_initiatives, cluster_id)
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

    if scenario_panels.current_view(VIEWS) == "praesentation":
        st.query_params[scenario_panels.VIEW_PARAM] = "praesentation"
        presentation(cluster, st.session_state[S.BASE], st.session_state.get(S.META))
        return
    st.html(PAGE_CSS)
    st.title("Budgetscenarier")
    st.caption(
        f"{inline(cluster['label'])} · Prøv fordelinger af klyngemidlerne efter klyngens egne principper. "
        "Tallene følger kontrollerne med det samme. Dit arbejde huskes som kladde (også efter "
        "genindlæsning); det bliver et gemt scenarie, når du trykker Gem."
    )
    predecessors_decided(cluster_id)
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
        doc = scenario_edit.with_rules(doc, rule_values(base, k))
        doc = scenario_edit.with_targets(doc, scenario_panels.target_controls(base, k))
        doc = scenario_edit.with_caps(doc, scenario_panels.cap_controls(base, k))
    return doc


def rule_values(base: dict, k: str) -> dict:
    """One control per rule setting. A rule the body has not decided starts as «ikke
    besluttet» and is named above the controls; whatever the chair sets instead (or changes
    from what was decided) is the scenario's assumption and marked «antaget»."""
    settings = base["settings"]
    missing = scenario_edit.missing_settings(base)
    if missing:
        st.info(
            "Klyngen har ikke besluttet: " + ", ".join(missing) + ". Der regnes ikke med nogen værdi for dem. "
            "Du kan sætte en værdi nedenfor; den bliver scenariets antagelse og markeres «antaget»."
        )
    values = {
        "carry_over": scenario_panels.choice_rule(
            settings, "carry_over", "Overfør uforbrugte midler til næste år (G)", f"{k}carry"),
        "unused_to_regional_pool": scenario_panels.choice_rule(
            settings, "unused_to_regional_pool", "Uforbrugte midler går til en regional pulje (G)", f"{k}regionalpool"),
        "pool_dkk": scenario_panels.slider_rule(
            settings, "pool_dkk", "Pulje til Faglig Sundhedsklynge (H)", f"{k}pool",
            scenario_panels.pool_options(settings["pool_dkk"]), dkk, to_value=int),
        "region_share": scenario_panels.slider_rule(
            settings, "region_share", "Regionens andel af finansieringen (A)", f"{k}region",
            scenario_panels.percent_options(settings["region_share"]), lambda v: pct(v / 100, 0),
            to_value=lambda v: v / 100, from_value=lambda v: round(v * 100, 1)),
        "balance_tolerance": scenario_panels.slider_rule(
            settings, "balance_tolerance", "Tolerance for fordeling mellem fokusområder (D)", f"{k}tolerance",
            list(range(31)), lambda v: f"± {v} %-point", to_value=lambda v: v / 100,
            from_value=lambda v: round(v * 100)),
        "no_running_costs": scenario_panels.choice_rule(
            settings, "no_running_costs", "Klyngemidlerne må ikke betale drift (E)", f"{k}nodrift"),
    }
    return values


def lines_editor(base: dict, rev: int) -> dict:
    """Draw the initiatives table; return the base with the user's cell edits applied."""
    k = f"{S.PREFIX}{rev}."
    if not base["lines"]:
        st.info("Scenariet har ingen initiativer endnu. Tilføj et under «Tilføj initiativ».")
        return base
    st.caption("Sæt hak i Med, skalér (fx 50 % = halvdelen af kommunerne eller sporene) og ret udgifterne pr. år "
               "(i kroner).")
    if base["focus_areas"]:
        st.caption(escape(scenario_panels.focus_legend(base)))
    st.data_editor(
        scenario_panels.lines_input(base, k), key=f"{k}lines", width="stretch", hide_index=True,
        row_height=scenario_panels.LINE_ROW_HEIGHT,
        column_config=scenario_panels.lines_column_config(base), disabled=[scenario_edit.STATUS, scenario_edit.NAME],
    )
    # The editor keeps its edits in session state; applying them to the document directly
    # is cheaper than converting the returned frame back on every move.
    return scenario_edit.apply_line_edits(base, st.session_state[f"{k}lines"]["edited_rows"])


@st.fragment
def live_scenario() -> None:
    """Money and rule controls with every figure they drive: all a slider move reruns."""
    base, rev = st.session_state[S.BASE], st.session_state[S.REV]
    headline = st.container()
    left, details = st.columns([2, 3], gap="large")
    changed = details.container()  # beside the sliders: its height never moves them
    with left:
        working = rules_controls(base, rev)
        with st.container(border=True):
            working = initiative_sliders.initiative_controls(working, f"{S.PREFIX}{rev}.")
    keep_working(working, changed)
    show_results(working, headline, details, large=False)


@st.fragment
def live_initiatives() -> None:
    """The initiatives table with the key figures and findings it drives."""
    base, rev = st.session_state[S.BASE], st.session_state[S.REV]
    headline = st.container()
    working = lines_editor(base, rev)
    keep_working(working, st.container())  # under the table: its height never moves the rows
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
        scenario_drafts.banner(working, always=True)


def evaluated(document: dict, headline) -> dict | None:
    """The document's result, or None with the reason shown in `headline`."""
    try:
        return scenario.evaluate_document(document)
    except scenario.ScenarioError as exc:
        headline.error(f"Scenariet kan ikke beregnes: {inline(exc, limit=2000)}")
        return None


def show_results(document: dict, headline, details, large: bool) -> None:
    result = evaluated(document, headline)
    if result is None:
        return
    with headline:
        scenario_view.key_figures(result, large=large)
        scenario_view.rules(result, financing_caption(result, document["settings"].get("region_share")))
    with details:
        scenario_view.findings(result)
        scenario_view.focus_areas(result)
        scenario_view.municipalities(result)
        st.subheader("År for år")
        scenario_view.years(result)


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
            scenario_view.key_figures(result, large=True)
            scenario_view.rules(result)
        with details:
            scenario_view.findings(result, compact=True)
            scenario_view.focus_areas(result)
    st.caption(financing_caption(result, document["settings"].get("region_share")))
