"""Idékatalog: KL's catalogue of ideas for the clusters (seed 004), common to all clusters.
Search across themes, one theme at a time (kept in ?tema=…), its figures and indicators
(`pages/idekatalog.py` calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import catalogue, curated
from core.formatting import NOT_GIVEN
from ui import charts, idea_actions, search_view, state
from ui.text import escape, inline, plain

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt

THEME_PARAM = "tema"
IDEA_PARAM = "forslag"
THEME_KEY = "idekatalog_tema"


def render() -> None:
    cluster = state.current_cluster()
    themes = state.read(catalogue.themes)
    counts = state.read(catalogue.counts)
    labels = dict(zip(themes["theme_no"], themes["label"]))
    catalogue_file = curated.source_document(themes["source"].iloc[0]) if len(themes) else ""

    st.title("Idékatalog")
    if themes.empty:
        st.info("Idékataloget er ikke indlæst i datagrundlaget.")
        return  # not st.stop(): the shell draws the sidebar's controls after the page

    chart_area = introduction(cluster, counts)
    search_ideas()

    st.divider()
    chosen = selected_theme(themes, labels)
    theme = themes[themes["theme_no"] == chosen].iloc[0]
    ideas = state.read(catalogue.theme_ideas, int(chosen))
    indicators = state.read(catalogue.theme_indicators, int(chosen))

    st.header(theme["label"], anchor=False)
    with chart_area:
        data = themes[["theme_no", "label", "ideas"]].assign(valgt=themes["theme_no"] == chosen)
        charts.show(ideas_chart, data)
    theme_tabs(theme, ideas, indicators)
    st.caption(f"Kilde: KL's idékatalog · {escape(theme['source'])} (se {escape(catalogue_file)} i Datagrundlag).")


def introduction(cluster: dict, counts: dict) -> DeltaGenerator:
    """What the catalogue is, with its counts; returns the column beside it for the chart."""
    intro, chart_area = st.columns([2, 3], gap="large")
    with intro:
        st.markdown(
            "KL's idékatalog til sundhedsklyngerne: udfordringer, nationale tal og konkrete forslag "
            "til samarbejde på tværs af sektorer, ordnet i temaer."
        )
        st.info(
            f"Kataloget er fælles for alle klynger og sundhedsråd: det er det samme for {cluster['label']} "
            "som for de øvrige.",
            icon=":material/public:",
        )
        themes_metric, ideas_metric = st.columns(2)
        themes_metric.metric("Temaer", counts["themes"])
        ideas_metric.metric("Forslag", counts["ideas"])
    return chart_area


def search_ideas() -> None:
    """A search across all themes on the one Danish search (inflections and compounds
    found), the matched words highlighted."""
    query = search_view.search_input("Søg i forslag", "idekatalog_soeg",
                                     "Fx botilbud, genindlæggelser, almen praksis")
    if query:
        search_view.page_results(query, "idekatalog_soeg", kinds=("idea",), limit=60,
                                 nothing="Ingen forslag matcher",
                                 counted=lambda n: f"**{n} forslag** matcher")

def show_idea(theme_no: int, number: int, text: str, links: list[str]) -> None:
    """A numbered suggestion with its links (only absolute http(s) links become clickable)
    and "Lav initiativ"."""
    st.markdown(f"**{number}.** {escape(text)}")
    shown = [
        f"[{escape(catalogue.link_label(url))}]({target})"
        for url in links
        if (target := catalogue.link_target(url))
    ]
    if shown:
        st.markdown(":material/link: " + " · ".join(shown))
    idea_actions.make_initiative_button(int(theme_no), int(number), text, key=f"idea.{theme_no}.{number}")


def selected_theme(themes, labels: dict) -> int:
    """The theme chosen with the pills, starting from ?tema=… (default: theme 1)."""
    numbers = themes["theme_no"].tolist()
    if st.session_state.get(THEME_KEY) not in numbers:
        wanted = st.query_params.get(THEME_PARAM, "")
        st.session_state[THEME_KEY] = int(wanted) if wanted.isdigit() and int(wanted) in numbers else numbers[0]
    chosen = st.pills("Tema", numbers, format_func=lambda no: inline(labels.get(no)), key=THEME_KEY, required=True)
    state.keep_in_url(THEME_PARAM, str(chosen))
    return chosen


def ideas_chart() -> alt.LayerChart:
    """Suggestions per theme; the selected theme (column `valgt`) stands out."""
    import altair as alt

    base = alt.Chart(title="Antal forslag pr. tema").encode(
        y=alt.Y("label:N", title=None, sort=alt.SortField("theme_no")),
        x=alt.X("ideas:Q", title="Antal forslag", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("label:N", title="Tema"), alt.Tooltip("ideas:Q", title="Antal forslag")],
    )
    bars = base.mark_bar().encode(
        color=alt.condition("datum.valgt", alt.value("#1f5fa8"), alt.value("#a9c4e4"))
    )
    numbers = base.mark_text(align="left", dx=4, fontSize=15).encode(text="ideas:Q")
    return (bars + numbers).properties(height=280)


def theme_tabs(theme, ideas, indicators) -> None:
    """The selected theme in three tabs: its suggestions, its challenge, its figures."""
    tab_ideas, tab_challenge, tab_figures = st.tabs([f"Forslag ({len(ideas)})", "Udfordringen", "Tal og data"])
    with tab_ideas:
        wanted = st.query_params.get(IDEA_PARAM, "")
        for row in ideas.itertuples():
            if wanted == str(row.idea_no):  # opened from a search hit or a link
                with st.container(border=True):
                    st.caption(":material/arrow_forward: Forslaget fra linket")
                    show_idea(row.theme_no, row.idea_no, row.text, row.links)
            else:
                show_idea(row.theme_no, row.idea_no, row.text, row.links)
    with tab_challenge:
        plain(theme["challenge"], empty="Kataloget beskriver ikke en udfordring for dette tema.")
    with tab_figures:
        theme_figures(theme, indicators)


def theme_figures(theme, indicators) -> None:
    """The theme's national figures, the data worth following and the catalogue's indicators."""
    st.subheader("Nationale tal", anchor=False)
    for figure in theme["national_figures"] if theme["national_figures"] is not None else []:
        with st.container(border=True):
            plain(figure)
    st.subheader("Data, der er værd at følge", anchor=False)
    for item in theme["data_to_follow"] if theme["data_to_follow"] is not None else []:
        plain(item)
    st.subheader("Indikatorer fra kataloget", anchor=False)
    if indicators.empty:
        st.caption("Der er ingen indikatorer fra kataloget under dette tema i datagrundlaget.")
    else:
        st.dataframe(
            indicators,
            hide_index=True,
            column_order=["name", "geography", "period", "value_text", "note", "source"],
            column_config={
                "name": st.column_config.TextColumn("Indikator", width="large"),
                "geography": "Geografi",
                "period": "Periode",
                "value_text": "Værdi",
                "note": "Note",
                "source": "Kilde",
            },
            placeholder=NOT_GIVEN,
        )
