"""Drawing an evaluated scenario: key figures, years, focus areas, municipalities, findings.

Charts go through `ui.charts.show`, like every page's: the spec is built with Altair once per
process and parameters and fed fresh data, because Altair's spec validation is what makes a
slider move slow when a chart is rebuilt on every rerun (see docs/performance.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import streamlit as st

from core import scenario_edit, scenario_tables
from core.formatting import NOT_GIVEN, funds_label
from ui import charts
from ui.charts import BAR, BAR_LABEL, BAR_OUTLINE, CAP, TARGET
from ui.text import escape, inline

if TYPE_CHECKING:
    import altair as alt


LABEL_LINE_PX = 18  # one line of a wrapped focus-area name on the chart's axis


def focus_row_px(labels: list[str]) -> int:
    """The chart's row height: at least 64 px, and enough for the longest wrapped name
    (Hovedstaden-Midt's 88 characters wrap to five lines, which overlapped at 64 px)."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(64, LABEL_LINE_PX * lines + 12)


def focus_chart(row_px: int = 64, marks: tuple[str, ...] = scenario_tables.FOCUS_MARKS) -> alt.LayerChart:
    """Allocated per focus area (bars, labelled in kroner) against the target amount and the
    cap (ticks), with the legend in the chart naming only the `marks` drawn; long area names
    wrap over several lines (scenario_tables.focus_chart_data's "Etiket") instead of being
    cut, in rows of `row_px`."""
    import altair as alt

    base = alt.Chart().encode(
        y=alt.Y("Etiket:N", title=None, sort=None,
                axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelLineHeight=LABEL_LINE_PX)),
    )
    colours = {"Fordelt": BAR, "Mål": TARGET, "Loft": CAP}
    legend = alt.Scale(domain=list(marks), range=[colours[m] for m in marks])
    # Every layer names the axis, the legend and the tooltip the same way: any of them may be
    # the only one drawn.
    colour = alt.Color("Markering:N", scale=legend, title=None, legend=alt.Legend(orient="top"))
    tooltip = ["Fokusområde:N", "Fordelt i kroner:N", "Mål i kroner:N", "Loft i kroner:N"]

    def kroner(field: str) -> alt.X:
        return alt.X(f"{field}:Q", title="Kroner", axis=alt.Axis(format=",.0f"))

    bars = base.mark_bar(stroke=BAR_OUTLINE, strokeWidth=1.5).transform_calculate(Markering="'Fordelt'").encode(
        x=kroner("Fordelt"), color=colour, tooltip=tooltip,
    )
    # Inside the bar's end, so the label never runs off the chart's right edge.
    labels = (
        base.mark_text(align="right", dx=-8, fontSize=15, color=BAR_LABEL, fontWeight="bold")
        .encode(x="Fordelt:Q", text="Fordelt i kroner:N")
        .transform_filter("datum.Fordelt > 0")
    )
    target = base.mark_tick(thickness=4, size=44).transform_calculate(Markering="'Mål'").encode(
        x=kroner("Mål"), color=colour, tooltip=tooltip,
    )
    cap = base.mark_tick(thickness=4, size=52).transform_calculate(Markering="'Loft'").encode(
        x=kroner("Loft"), color=colour, tooltip=tooltip,
    )
    layers = {"Fordelt": (bars, labels), "Mål": (target,), "Loft": (cap,)}
    return alt.layer(*(layer for mark in marks for layer in layers[mark])).properties(
        height=alt.Step(row_px), title="Fordelt pr. fokusområde")


def municipality_chart() -> alt.Chart:
    """Net per municipality: received minus contribution, positive green, negative red."""
    import altair as alt

    return (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("Kommune:N", title=None, sort=None),
            x=alt.X("Netto:Q", title="Netto (modtaget − bidrag), kr.", axis=alt.Axis(format=",.0f")),
            color=alt.condition("datum.Netto >= 0", alt.value("#2e7d32"), alt.value("#b00020")),
            tooltip=["Kommune:N", "Bidrag i kroner:N", "Modtaget i kroner:N", "Netto i kroner:N"],
        )
        .properties(height=alt.Step(28), title="Hvad hver kommune betaler og får")
    )


def key_figures(result: dict, document: dict, body_noun: str, large: bool = False) -> None:
    """The five headline figures of `document` (evaluated as `result`), the money named for
    the body (`body_noun`); under the funds, how much of them is only expected, and under the
    pool, that it is the chair's assumption when it is."""
    notes = {
        funds_label(body_noun): scenario_tables.expected_note(sum(scenario_edit.expected_funds(document).values())),
        scenario_tables.POOL: scenario_tables.assumed_note(result, "pool_dkk"),
    }
    # A wrapping row of content-sized figures: never truncated, whatever the projector's width.
    with st.container(horizontal=True, gap="small" if large else "medium"):
        for label, shown, help_text in scenario_tables.key_figures(result, body_noun):
            st.metric(label, shown, notes.get(label), "off", delta_arrow="off", help=help_text, width="content")


def findings(result: dict, compact: bool = False) -> None:
    """Errors first, then warnings, each with its principle letter; then what was checked,
    principle by principle (never a blanket "all is well": an undecided principle or a
    check that cannot be made says so). `compact` (the projector): one line per principle,
    the sentences behind a click."""
    for finding in result["findings"]:
        text = f"**Princip {inline(finding['principle'])}:** {inline(finding['message'], limit=2000)}"
        (st.error if finding["severity"] == "error" else st.warning)(text)
    if compact:
        summary = scenario_tables.checks_summary(result)
        if summary:
            st.markdown("**Kontrol af principperne**  \n" + "  \n".join(escape(line) for line in summary))
            with st.expander("Hvad er kontrolleret"):
                checks(result)
        return
    checks(result)


def checks(result: dict) -> None:
    """The per-principle checks list (result["checks"]) as plain text."""
    lines = scenario_tables.checks_lines(result)
    if lines:
        st.markdown("**Kontrol af principperne**  \n" + "  \n".join(escape(line) for line in lines))


def rules(result: dict, financing: str | None = None) -> None:
    """The rules the scenario uses, "antaget" beside the chair's assumptions, and the
    rules nobody decided, after the `financing` sentence when given: one caption, as each
    element costs the browser a few ms on every slider move (docs/performance.md)."""
    lines = [financing] if financing else []
    used = scenario_tables.rules_lines(result)
    if used:
        lines.append("Regler: " + escape(" · ".join(used)))
    missing = scenario_tables.missing_rules(result)
    if missing:
        lines.append("Ikke besluttet: " + escape(", ".join(missing)))
    if lines:
        st.caption("  \n".join(lines))


def _table(columns: dict[str, list]) -> pa.Table:
    """Column lists straight to Arrow: what Streamlit sends anyway. (For st.vega_lite_chart,
    which turns its data into pandas first, a pandas DataFrame was measured slower.)"""
    return pa.table(columns)


def years(result: dict) -> None:
    """A static table that wraps its headers: every column (Rest too) stays on a projector."""
    shown = {escape(name): [escape(cell) for cell in cells]
             for name, cells in scenario_tables.years_display(result).items()}
    st.table(_table(shown), hide_index=True)


def focus_areas(result: dict) -> None:
    columns = scenario_tables.focus_chart_data(result)
    if not columns["Etiket"]:
        st.info("Scenariet har ingen fokusområder.")
        return
    marks = scenario_tables.focus_marks(columns)
    if marks:
        charts.show(focus_chart, _table(columns), focus_row_px(columns["Etiket"]), marks)
    else:
        st.caption(scenario_tables.focus_chart_missing(result))
    st.caption(inline(scenario_tables.focus_caption(result), limit=5000))


def municipalities(result: dict, chart: bool = True, without_population: list[str] | None = None) -> None:
    if not result["municipalities"]:
        st.info("Scenariet har ingen kommuner med folketal, så kommunernes andel kan ikke fordeles.")
        return
    missing = scenario_tables.nets_missing(result)
    if chart and missing is None:
        charts.show(municipality_chart, _table(scenario_tables.municipality_chart_data(result)))
    elif chart:  # an empty chart with its axis at 0 would look like "nobody pays or gains"
        st.caption(f"Intet diagram over kommunernes netto: {missing}")
    st.dataframe(_table(scenario_tables.municipalities_display(result)), width="stretch", placeholder=NOT_GIVEN)
    said = [scenario_tables.received_caption(result), scenario_tables.municipalities_caption(result),
            scenario_tables.left_out_caption(result, without_population or [])]
    if any(said):
        st.caption("  \n".join(escape(s) for s in said if s))
