"""Datagrundlag: where every figure comes from — the source documents, how many rows cite
each, the provenance of the population figures, and the original texts
(`pages/datagrundlag.py` calls `render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from core import formatting, provenance, queries
from ui import charts, state
from ui.text import escape, table

if TYPE_CHECKING:  # Altair is imported when a chart spec is first built
    import altair as alt


def render() -> None:
    cluster = state.current_cluster()

    st.title("Datagrundlag")
    st.markdown(
        "Alle tal i Klyngeblik er hentet fra kildedokumenterne nedenfor. Hver række i databasen "
        "henviser til sin kilde som *fil › afsnit*, så man kan finde tallet i originalteksten."
    )
    # Population first: it drives the cost split.
    population(cluster)
    sources = source_documents()
    source_reader(sources)
    build_info()


def population(cluster: dict) -> None:
    """Where the cluster's population figures come from, municipality by municipality."""
    st.header(f"Folketal for {escape(cluster['label'])}")
    st.warning(provenance.POPULATION_PROVENANCE, icon=":material/info:")
    municipalities = state.read(queries.municipalities, cluster["cluster_id"])
    if municipalities.empty:
        st.info(f"Kilderne nævner ikke, hvilke kommuner der hører til {state.this_body()}, så der er ingen folketal.")
    else:
        table(provenance.population_table(municipalities))


def source_documents():
    """The source documents and how many rows cite each; returns the sources frame."""
    st.header("Kildedokumenter")
    sources = state.read(provenance.sources)
    table(provenance.sources_table(sources))
    data = sources.assign(Antal=sources["rows"].astype(int), Dokument=sources["file"] + " – " + sources["description"])
    charts.show(citations_chart, data[["Dokument", "Antal"]])
    st.caption(
        "Rækker tælles i alle offentlige visninger med en kildekolonne "
        "(klynger, kommuner, midler, indikatorer …)."
    )
    return sources


def citations_chart() -> alt.Chart:
    """How many rows in the store cite each source document."""
    import altair as alt

    return (
        alt.Chart()
        .mark_bar(color="#1f5f8b")
        .encode(
            y=alt.Y("Dokument:N", title=None, sort="-x", axis=alt.Axis(labelLimit=520)),
            x=alt.X("Antal:Q", title="Rækker i databasen, der henviser til dokumentet"),
            tooltip=[alt.Tooltip("Dokument:N"), alt.Tooltip("Antal:Q", title="Rækker")],
        )
        .properties(height=alt.Step(34))
    )


def source_reader(sources) -> None:
    """Pick a source document and read it as plain text, or download it."""
    st.subheader("Læs et kildedokument")
    files = provenance.source_files()
    descriptions = dict(zip(sources["file"], sources["description"]))
    wanted = st.query_params.get("kilde")  # a search hit's link opens that document
    if wanted in files and "source_document" not in st.session_state:
        st.session_state["source_document"] = wanted
    chosen = st.selectbox(
        "Dokument",
        files,
        format_func=lambda name: f"{name} – {descriptions.get(name, '')}",
        key="source_document",
    )
    if chosen:
        text = provenance.source_text(chosen)
        st.caption(f"{formatting.number(len(text))} tegn, vist som i filen (ren tekst; e-mailadresser er fjernet).")
        st.download_button(
            "Hent dokumentet", text, file_name=chosen, mime="text/plain", icon=":material/download:"
        )
        st.code(text, language=None, wrap_lines=True, height=600)


def build_info() -> None:
    info = state.read(provenance.build_info)
    built = formatting.datetime(info["built_at"]) if info["built_at"] else "ukendt"
    st.caption(
        f"Databasen er bygget fra datafilerne {built}. Skemaversion {info['schema_version']}"
        + (f" ({info['schema_description']})." if info["schema_description"] else ".")
    )
