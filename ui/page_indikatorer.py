"""Indikatorer: the figures the cluster follows, with what, where, when, unit and source;
series over several periods and ranges charted where the numbers share a unit
(`pages/indikatorer.py` calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from core import indicators
from ui import charts, search_view, state
from ui.text import escape

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

INDICATOR_PARAM = "indikator"  # a search hit's link: that figure is shown first
LEGEND = {"orient": "bottom", "direction": "vertical", "title": None, "labelLimit": 900}


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]

    st.title("Indikatorer")
    st.markdown(escape(cluster["label"]))
    include_national, query = filters()

    found = state.read(indicators.indicators, cluster_id, include_national)
    shown = matching(found, query, cluster_id)
    linked(found)

    if found.empty:
        st.info(
            f"Der er ikke registreret indikatorer for {state.this_body()}. Slå landstallene fra idékataloget til "
            "for at se tal for hele landet."
        )
        return  # not st.stop(): the shell draws the sidebar's controls after the page
    if shown.empty:
        st.info(f"Ingen indikatorer matcher søgningen »{escape(query)}«.")
        return  # not st.stop(): the shell draws the sidebar's controls after the page

    series = indicators.series_groups(shown)
    ranges = indicators.range_groups(shown)
    all_tab, series_tab, range_tab = st.tabs(
        [
            f"Alle tal ({len(shown)} af {len(found)})",
            f"Udvikling over tid ({len(series)})",
            f"Intervaller ({len(ranges)})",
        ]
    )
    with all_tab:
        all_figures(shown)
    with series_tab:
        series_charts(series)
    with range_tab:
        range_charts(ranges)


def matching(found, query: str, cluster_id: str):
    """The figures that the one Danish search finds for the query, most relevant first."""
    query = query.strip()
    if not query:
        return found
    result = search_view.run(query, body_id=cluster_id, kinds=("indicator",), limit=500)
    if result["error"]:
        st.warning(result["error"])
        return found.iloc[0:0]
    if result["suggestion"]:
        st.caption(f"Mente du: {escape(result['suggestion'])}?")
    order = {hit["id"]: rank for rank, hit in enumerate(result["hits"])}
    hits = found[found["indicator_id"].isin(order)]
    return hits.iloc[hits["indicator_id"].map(order).argsort()]


def linked(found) -> None:
    """The figure a link or a search hit points at (?indikator=…), shown first."""
    wanted = st.query_params.get(INDICATOR_PARAM)
    if not wanted:
        return
    row = found[found["indicator_id"] == wanted]
    with st.container(border=True):
        if row.empty:
            st.warning("Indikatoren fra linket findes ikke for dette organ (slå landstallene til, hvis det er et landstal).")
            return
        st.caption(":material/arrow_forward: Indikatoren fra linket")
        st.table(indicators.table(row).map(escape), hide_index=True)


def filters() -> tuple[bool, str]:
    """The national-figures toggle and the search field; returns (include_national, query)."""
    columns = st.columns([2, 3])
    include_national = columns[0].toggle(
        "Vis også landstal fra idékataloget",
        value=bool(st.query_params.get(INDICATOR_PARAM)),
        help="Tal for hele landet, som idékataloget citerer uden at knytte dem til en klynge.",
    )
    query = columns[1].text_input(
        "Søg",
        placeholder="fx 1813, genindlæggelser, Thisted",
        help="Søger i indikator, geografi, periode og note; bøjninger og sammensatte ord findes også.",
    )
    return include_national, query


def all_figures(shown) -> None:
    st.caption(
        "Intervaller vises som intervaller (fx 113–182), aldrig som ét tal. Kilden står ved hvert tal."
    )
    # A static table: every row shows its value and source in full (wrapped), also on a projector.
    st.table(indicators.table(shown).map(escape), hide_index=True)


def series_charts(series) -> None:
    st.caption("Samme indikator og geografi målt i flere perioder; kun tal med samme enhed deler en figur.")
    if not series:
        st.info("Ingen af de viste indikatorer er opgjort for flere perioder.")
    for unit, geography, rows in series:
        st.subheader(escape(f"{geography} · {unit}"))
        charts.show(series_chart, rows, unit, int(rows["name"].nunique()))
        sources_caption(rows)


def range_charts(ranges) -> None:
    st.caption("Kilden angiver et spænd (laveste–højeste); figuren viser hele spændet. Én figur pr. enhed.")
    if not ranges:
        st.info("Ingen af de viste indikatorer er opgivet som interval.")
    for unit, rows in ranges:
        st.subheader(escape(unit))
        charts.show(range_chart, rows, unit)
        sources_caption(rows)


def sources_caption(rows):
    st.caption(escape("Kilde: " + "; ".join(dict.fromkeys(rows["source"]))))


def series_chart(unit: str, indicator_count: int) -> alt.LayerChart:
    """One line per indicator over its periods, each point labelled with its Danish value."""
    import altair as alt

    base = alt.Chart().encode(
        x=alt.X("period:N", title="Periode", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True)),
        color=alt.Color("name:N", legend=alt.Legend(**LEGEND), scale=alt.Scale(scheme="tableau10")),
        tooltip=[
            alt.Tooltip("name:N", title="Indikator"),
            alt.Tooltip("period:N", title="Periode"),
            alt.Tooltip("shown:N", title="Værdi"),
            alt.Tooltip("source:N", title="Kilde"),
        ],
    )
    labels = base.mark_text(dy=-14, fontSize=15).encode(text="shown:N")
    # Streamlit fits the whole chart (legend included) into the height: leave room for the legend.
    height = 300 + 28 * indicator_count
    return alt.layer(base.mark_line(point=alt.OverlayMarkDef(size=90)), labels).properties(height=height)


def range_chart(unit: str) -> alt.LayerChart:
    """Each range as a bar from its low to its high value, with end ticks and the range as text."""
    import altair as alt

    base = alt.Chart().encode(
        y=alt.Y(
            "label:N",
            title=None,
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=560, labelPadding=10),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Indikator"),
            alt.Tooltip("geography:N", title="Geografi"),
            alt.Tooltip("period:N", title="Periode"),
            alt.Tooltip("shown:N", title="Interval"),
            alt.Tooltip("source:N", title="Kilde"),
        ],
    )
    x_axis = alt.X(
        "value_low:Q",
        title=unit,
        scale=alt.Scale(zero=False, nice=True, padding=24),
    )
    rule = base.mark_rule(strokeWidth=8, color="#4c78a8").encode(x=x_axis, x2="value_high:Q")
    ends = base.mark_tick(thickness=3, size=30, color="#222222")
    text = (
        base.transform_calculate(middle="(datum.value_low + datum.value_high) / 2")
        .mark_text(baseline="bottom", dy=-12, fontSize=15, color="#222222")
        .encode(x="middle:Q", text="shown:N")
    )
    return alt.layer(rule, ends.encode(x="value_low:Q"), ends.encode(x="value_high:Q"), text).properties(
        height=alt.Step(80)
    )
