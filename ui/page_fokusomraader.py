"""Fokusområder: the cluster's focus areas and targets, its principles and rule settings, and
the decided initiatives' budgets per focus area against the target and the cap
(`pages/fokusomraader.py` calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from core import balance, freshness, overview, queries
from ui import charts, state
from ui.text import escape, plain, table

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

# Streamlit does not apply a Vega format locale, so axis labels are made Danish here.
MILLIONS_AXIS = "replace(format(datum.value / 1000000, '.1~f'), '.', ',')"
MEASURE_COLOURS = {
    "domain": [overview.BUDGET_MEASURE, overview.TARGET_MEASURE, overview.CAP_MEASURE],
    "range": ["#4c78a8", "#222222", "#e45756"],
}


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    budgets = state.read(overview.focus_area_budgets, cluster_id)
    principles = state.read(queries.principles, cluster_id)
    settings = state.read(queries.settings_table, cluster_id)
    initiatives = state.read(queries.initiatives, cluster_id)

    st.title("Fokusområder og principper")
    st.markdown(escape(cluster["label"]))
    focus_areas(budgets)
    balance_over_years(cluster_id)
    balance_in_region(cluster)
    decided_initiatives(initiatives)
    rules(settings)
    principles_section(principles)


def focus_areas(budgets) -> None:
    """The focus areas with targets and caps, and the decided budget against them as a chart."""
    st.header("Fokusområder")
    if budgets.empty:
        st.info(f"Kilderne nævner ingen fokusområder for {state.this_body()}.")
        return
    table(overview.focus_area_table(budgets))
    st.caption(
        "Mål i kr. = målandel × de tildelte midler. Besluttet budget = budget og skøn for "
        "initiativer med status besluttet, igangsat eller afsluttet."
    )

    st.subheader("Besluttet budget i forhold til mål og loft")
    chart_data = overview.focus_chart_frame(budgets)
    if chart_data["Beløb"].sum() == 0:
        st.info("Der er hverken besluttede budgetter, mål i kroner eller lofter at vise for fokusområderne.")
    else:
        present = set(chart_data["Hvad"])
        shown = tuple(m for m in MEASURE_COLOURS["domain"] if m in present)
        charts.show(budget_chart, chart_data, shown)
        st.caption(escape(f"Kilde: {overview.source_list(budgets['source'])}"))


def balance_over_years(cluster_id: str) -> None:
    """Per focus area and year: decided against target (share of that year's funds) and cap."""
    st.subheader("År for år: besluttet i forhold til mål og loft")
    frame = state.read(balance.by_year, cluster_id)
    if frame.empty:
        st.info("Der er ingen år med midler eller udgifter at vise for fokusområderne.")
        return
    table(balance.by_year_table(frame))
    funds = state.read(queries.funds, cluster_id)
    if funds.empty:  # not "Midlerne er opgjort pr.: ukendt": there are no funds to date
        as_of = f"Kilderne angiver ingen midler for {state.this_body()}."
    else:
        as_of = "Midlerne er " + freshness.summary(
            [freshness.fund_as_of(a, e) for a, e in zip(funds["as_of"], funds["entered_at"])]).lower()
    st.caption(escape(f"Mål i kr. = målandel × årets tildelte midler. {as_of}"))


def balance_in_region(cluster: dict) -> None:
    """Every body of the region side by side: how its decided budget splits between its focus
    areas, so a council sees its predecessors' and neighbours' balance."""
    st.subheader(f"Balancen i {cluster['region']}: klynger og råd side om side")
    frame = state.read(balance.region_split, cluster["region"])
    if frame.empty:
        st.info("Ingen klynge eller råd i regionen har besluttede budgetter endnu.")
        return
    chart_column, table_column = st.columns([3, 2])
    charts.show(region_chart, frame[["body", "focus_area", "decided_dkk", "share"]], where=chart_column)
    with table_column:
        table(balance.region_table(frame))


def region_chart() -> alt.Chart:
    """Each body's decided budget as one bar split by focus area (shares of its total)."""
    import altair as alt

    return alt.Chart().mark_bar().encode(
        y=alt.Y("body:N", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share:Q", title="Andel af det besluttede budget", stack="normalize",
                axis=alt.Axis(format=".0%", labelExpr="replace(datum.label, '%', ' %')")),
        color=alt.Color("focus_area:N", title="Fokusområde",
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=500)),
        tooltip=[alt.Tooltip("body:N", title="Klynge eller råd"), alt.Tooltip("focus_area:N", title="Fokusområde"),
                 alt.Tooltip("decided_dkk:Q", title="Besluttet (kr.)", format=",.0f")],
    ).properties(height=alt.Step(48))


def decided_initiatives(initiatives) -> None:
    st.header("Besluttede initiativer pr. fokusområde")
    groups = overview.initiatives_by_focus_area(initiatives)
    if not groups:
        st.info(f"Der er ikke registreret besluttede initiativer for {state.this_body()}.")
    for focus_area, rows in groups:
        st.subheader(escape(focus_area))
        table(rows)


def rules(settings) -> None:
    st.header("Regler for udmøntning")
    if settings.empty:
        st.info(f"Kilderne angiver ingen regler (indstillinger) for fordeling af midlerne i {state.this_body()}.")
    else:
        table(overview.settings_table(settings))


def principles_section(principles) -> None:
    """The cluster's principles (A–H), one expander each with the text as written."""
    st.header("Principper")
    if principles.empty:
        st.info(f"Kilderne gengiver ingen principper for {state.this_body()}.")
    for principle in principles.itertuples(index=False):
        title = principle.title if isinstance(principle.title, str) else "Uden titel"
        with st.expander(escape(f"{principle.principle}. {title}")):
            plain(principle.text)
            st.caption(escape(f"Kilde: {principle.source}"))


def budget_chart(measures: tuple[str, ...] = tuple(MEASURE_COLOURS["domain"])) -> alt.LayerChart:
    """Decided budget per focus area as a bar, target and cap as ticks, a summary above each
    bar. The legend names only the `measures` the chart has: "Mål" and "Loft" in it for a
    body that decided neither read as if it had."""
    import altair as alt

    colours = dict(zip(MEASURE_COLOURS["domain"], MEASURE_COLOURS["range"]))

    base = alt.Chart().encode(
        y=alt.Y(
            "Fokusområde:N",
            title=None,
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=360),
        ),
        x=alt.X(
            "Beløb:Q",
            title="Mio. kr.",
            scale=alt.Scale(padding=24),
            axis=alt.Axis(labelExpr=MILLIONS_AXIS, tickCount=6),
        ),
        color=alt.Color(
            "Hvad:N",
            title=None,
            scale=alt.Scale(domain=list(measures), range=[colours[m] for m in measures]),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        tooltip=["Fokusområde:N", "Hvad:N", alt.Tooltip("Beløb (tekst):N", title="Beløb")],
    )
    is_budget = alt.datum["Hvad"] == overview.BUDGET_MEASURE
    bars = base.transform_filter(is_budget).mark_bar(size=34)
    ticks = base.transform_filter(~is_budget).mark_tick(thickness=4, size=60)
    summary = (
        base.transform_filter(is_budget)
        .mark_text(align="left", baseline="bottom", dy=-22, fontSize=15, color="#222222")
        .encode(x=alt.datum(0), text="Opsummering:N", color=alt.value("#222222"))
    )
    return alt.layer(bars, ticks, summary).properties(height=alt.Step(110))
