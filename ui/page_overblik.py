"""Overblik: the selected cluster on one screen for a chairperson — who it is, its money,
municipalities, initiatives and meetings, with links to the other pages (`pages/overblik.py`
calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from core import formatting, freshness, overview, queries
from ui import charts, state
from ui.text import escape, inline, table

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

# Streamlit does not apply a Vega format locale, so axis labels are made Danish here.
MILLIONS_AXIS = "replace(format(datum.value / 1000000, '.1~f'), '.', ',')"
PERCENT_AXIS = "replace(datum.label, '%', ' %')"


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    profile = state.read(overview.cluster_profile, cluster_id)
    figures = state.read(overview.key_figures, cluster_id)

    # The key figures are drawn before the title and facts above them: on a fresh server
    # the browser loads each kind of element's code as it first arrives, and the figures
    # are what the chair looks for (docs/performance.md, "Twelfth pass").
    head = st.container()
    key_figures(figures)
    with head:
        who(cluster, profile)
    page_links()
    funds_section(cluster_id)
    municipalities_section(cluster_id)
    initiatives_section(cluster_id)
    history_section(cluster_id)


def who(cluster: dict, profile: dict) -> None:
    """The title and who the cluster is: region, kind, hospital, predecessors and successor."""
    st.title(f"Overblik · {inline(cluster['name'])}")
    facts = [profile["region"], profile["kind_label"]]
    if profile["hospital"]:
        facts.insert(1, f"Akuthospital: {profile['hospital']}")
    st.markdown(escape(" · ".join(facts)))
    if profile["successor_name"]:
        st.info(f"Efterfølges af {inline(profile['successor_name'])}", icon=":material/arrow_forward:")
    if profile["predecessors"]:
        st.info(f"Viderefører {inline(', '.join(profile['predecessors']))}", icon=":material/history:")
    if profile["note"]:
        st.caption(escape(f"{profile['note']} Kilde: {profile['source']}"))


def key_figures(figures: dict) -> None:
    """Two rows of three metrics: money, municipalities, population; initiatives and meetings."""
    first, second, third = st.columns(3)
    funds_help = "Summen af de tildelte midler"
    if figures["first_fund_year"]:
        funds_help += f" {figures['first_fund_year']}–{figures['last_fund_year']}"
    funds_help += "."
    if figures["expected_funds_dkk"]:
        funds_help += f" Forventede, endnu ikke tildelte midler: {formatting.dkk(figures['expected_funds_dkk'])}."
    first.metric(
        f"{formatting.funds_label(state.body_noun())} i alt",
        formatting.dkk_given(figures["funds_dkk"]),
        help=funds_help,
        border=True,
    )
    second.metric("Kommuner", figures["municipalities"], border=True)
    population, left_out = overview.population_figure(figures)
    third.metric(
        "Borgere i alt",
        population,
        delta=left_out,
        delta_color="off",
        delta_arrow="off",
        help="Summen af kommunernes folketal (sekundære tal, se Datagrundlag).",
        border=True,
    )
    first, second, third = st.columns(3)
    first.metric(
        "Besluttede initiativer",
        figures["initiatives_decided"],
        help="Initiativer med status besluttet, igangsat eller afsluttet.",
        border=True,
    )
    second.metric("Forslag til initiativer", figures["initiatives_proposed"], border=True)
    third.metric(
        "Seneste møde",
        latest_meeting(figures),
        delta=f"{figures['meetings']} {'møde' if figures['meetings'] == 1 else 'møder'} i referaterne",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def latest_meeting(figures: dict) -> str:
    """The latest meeting's date; a meeting whose minutes give no date is not "no meeting"."""
    if figures["latest_meeting"]:
        return formatting.date(figures["latest_meeting"])
    return "uden dato" if figures["meetings"] else "intet i kilderne"  # short: the box is narrow at 1280 px


def page_links() -> None:
    """The next pages, in a row that wraps: four equal columns cut "Fokusområder og
    principper" at 1280 px."""
    with st.container(horizontal=True, gap="medium"):
        st.page_link("pages/budgetscenarier.py", label="Prøv et budgetscenarie", icon=":material/tune:")
        st.page_link("pages/fokusomraader.py", label="Fokusområder og principper", icon=":material/target:")
        st.page_link("pages/moeder.py", label="Møder og beslutninger", icon=":material/gavel:")
        st.page_link("pages/indikatorer.py", label="Indikatorer", icon=":material/monitoring:")


def funds_section(cluster_id: str) -> None:
    """The cluster funds per year and party as stacked bars, with the table behind them."""
    st.header(formatting.funds_label(state.body_noun()))
    funds = state.read(queries.funds, cluster_id)
    if funds.empty:
        st.info(f"Der er ikke registreret midler for {state.this_body()} i kilderne.")
        return
    funds_data = overview.funds_frame(funds)
    charts.show(funds_chart, funds_data)
    st.caption(escape(f"Kilde: {overview.source_list(funds['source'])}"))
    st.caption(escape(freshness.summary(
        [freshness.fund_as_of(a, e) for a, e in zip(funds["as_of"], funds["entered_at"])]
    ) + " (kildens dato eller indtastningstidspunktet)"))
    with st.expander("Midlerne år for år med bemærkninger"):
        table(overview.funds_table(funds))


def municipalities_section(cluster_id: str) -> None:
    """The municipalities with their population shares, as a table and a bar chart."""
    st.header("Kommuner og befolkning")
    shares = state.read(overview.municipality_shares, cluster_id)
    if shares.empty:
        st.info(f"Kilderne nævner ikke, hvilke kommuner der hører til {state.this_body()}.")
        return
    table_column, chart_column = st.columns([3, 2])
    with table_column:
        table(overview.municipality_table(shares))
    table_column.caption(
        "Andel af befolkningen er den nøgle, kommunernes halvdel af en udgift fordeles efter "
        "(princip A). Folketallene er sekundære tal; se Datagrundlag."
    )
    table_column.caption(escape("Folketal " + freshness.summary(
        [freshness.population_as_of(a, y) for a, y in zip(shares["population_as_of"], shares["population_year"])]
    ).lower()))
    share_data = overview.share_frame(shares)
    if not share_data.empty:
        charts.show(share_chart, share_data, float(share_data["Andel"].max()) * 1.25, where=chart_column)
    st.page_link("pages/datagrundlag.py", label="Se folketallenes kilder", icon=":material/source:")


def funds_chart() -> alt.LayerChart:
    """Funds per year, stacked by party, each part labelled with its amount."""
    import altair as alt

    base = alt.Chart(height=340).encode(
        x=alt.X("År:N", title="År", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Beløb:Q", title="Mio. kr.", stack="zero", axis=alt.Axis(labelExpr=MILLIONS_AXIS)),
        order=alt.Order("Part:N"),
        tooltip=["År:N", "Part:N", alt.Tooltip("Beløb (tekst):N", title="Beløb"), "Kilde:N"],
    )
    bars = base.mark_bar(size=90).encode(
        color=alt.Color("Part:N", title="Part", scale=alt.Scale(scheme="tableau10"))
    )
    amounts = base.mark_text(dy=18, color="white", fontSize=15, fontWeight="bold").encode(
        text="Beløb (tekst):N"
    )
    return bars + amounts


def share_chart(domain_max: float) -> alt.LayerChart:
    """Each municipality's share of the population as a labelled horizontal bar."""
    import altair as alt

    share_base = alt.Chart().encode(
        x=alt.X(
            "Andel:Q",
            title="Andel af befolkningen",
            axis=alt.Axis(format=".0%", labelExpr=PERCENT_AXIS),
            scale=alt.Scale(domainMax=domain_max),
        ),
        y=alt.Y("Kommune:N", title=None, sort="-x"),
        tooltip=["Kommune:N", "Folketal:N", alt.Tooltip("Andel (tekst):N", title="Andel")],
    )
    labels = share_base.mark_text(align="left", dx=5, fontSize=15).encode(text="Andel (tekst):N")
    return alt.layer(share_base.mark_bar(), labels).properties(height=alt.Step(36))


def initiatives_section(cluster_id: str) -> None:
    st.header("Initiativer")
    initiatives = state.read(queries.initiatives, cluster_id)
    if initiatives.empty:
        st.info(f"Der er ikke registreret initiativer for {state.this_body()} i kilderne.")
        return
    table(overview.initiative_table(initiatives))
    st.caption("Budget er summen af budget og skøn for alle år. Kilden står ved hvert initiativ.")


def history_section(cluster_id: str) -> None:
    """A council's history: what the clusters it continues decided and started."""
    history = state.read(overview.history_initiatives, cluster_id)
    if not history:
        return
    st.header("Historik")
    st.caption(
        "Rådet viderefører klyngerne nedenfor. Deres initiativer er rådets historik; vælg en "
        "klynge i menuen for dens midler, møder og indikatorer."
    )
    for predecessor in history:
        st.subheader(f"Fra forgængeren {predecessor['label']}", anchor=False)
        if predecessor["initiatives"].empty:
            st.info(f"Der er ikke registreret initiativer for {state.this_body()} i kilderne.")
            continue
        table(overview.initiative_table(predecessor["initiatives"]))
