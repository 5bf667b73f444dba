"""Import panel: population from Danmarks Statistik (StatBank FOLK1A/FOLK1AM) and indicators
from a CSV file. Upload → preview (what changes, from what to what) → "Importér" writes it as
one change of the change log (undoable under Ændringslog), with the import's provenance, in
one transaction. Any error names file, row and column, in Danish, and nothing is written.
Drawn by `import_section(cluster_id, who, flash_key)` as the *Importér* tab on Data og regler:
the importer is the page's »Indtastet af«, the change is filed under the page's body."""

from __future__ import annotations

import streamlit as st

from core.formatting import NOT_GIVEN
from core.imports import indicators as indicator_import
from core.imports import population as population_import
from core.imports.common import MAX_BYTES, ImportFileError, megabytes
from core.userdata import UserDataError
from ui import state
from ui.text import escape

POPULATION_UPLOAD = "import_population_file"
INDICATOR_UPLOAD = "import_indicator_file"

STATBANK_STEPS = """\
1. Gå til **statistikbanken.dk** og søg efter tabellen **FOLK1A** (*Folketal den 1. i kvartalet*) eller
   **FOLK1AM** (*Folketal den 1. i måneden*).
2. Under **område**: vælg alle kommuner (klik på kommune-symbolet, eller markér dem alle). Hele landet og
   regionerne må gerne komme med; de springes over.
3. Under **køn**: vælg kun **I alt**. Under **alder**: vælg kun **Alder i alt**. Under **civilstand**
   (kun FOLK1A): vælg **I alt** eller lad den være.
4. Under **tid**: vælg det kvartal (eller den måned), der skal bruges, gerne flere; det nyeste bruges,
   medmindre du vælger et andet herunder.
5. Klik **Vis tabel**, derefter **Gem som** → **CSV (semikolonsepareret)**. Filen er UTF-8; navnet må gerne
   være, som Statistikbanken giver det.
6. Vælg filen herunder. Du ser, hvilke folketal der ændres, fra hvad til hvad, før noget gemmes.
"""

INDICATOR_FORMAT = """\
En CSV-fil (komma- eller semikolonsepareret, UTF-8) med én række pr. tal og kolonnerne
`name`, `geography`, `period`, `value` (eller `value_low` og `value_high` for et interval), `unit`,
`source` og eventuelt `cluster_id` og `note`. Decimalkomma er i orden (`6,3`, `1.234,5`).
En ny import af samme indikator, geografi, periode og klynge erstatter den forrige import;
de kuraterede tal fra kildedokumenterne bliver stående ved siden af.
"""
NEEDS_NAME = "Skriv dit navn under »Indtastet af« øverst på siden for at importere."


def import_section(cluster_id: str, who: str, flash_key: str) -> None:
    """The whole import panel: population and indicators, each in its own sub-tab. A finished
    import leaves its Danish summary (with the change's number) in `flash_key` and reruns."""
    st.subheader("Importér data")
    st.caption(
        "En import gemmes som én ændring i ændringsloggen (kan fortrydes under »Ændringslog«), sammen "
        "med filnavn, tabel, periode, tidspunkt og hvem der importerede."
    )
    population_tab, indicator_tab = st.tabs(["Folketal fra Danmarks Statistik", "Indikatorer"])
    with population_tab:
        population_import_panel(cluster_id, who.strip() or None, flash_key)
    with indicator_tab:
        indicator_import_panel(cluster_id, who.strip() or None, flash_key)


def _uploaded(label: str, key: str, help_text: str):
    file = st.file_uploader(label, type=["csv"], key=key, help=help_text)
    if file is None:
        return None, None
    if file.size > MAX_BYTES:
        st.error(
            f"{escape(file.name)}: filen fylder {megabytes(file.size)}; der kan højst importeres "
            f"{megabytes(MAX_BYTES)} ad gangen. Intet er gemt.",
            icon=":material/error:",
        )
        return None, None
    return file.name, file.getvalue()


def _show_error(exc: ImportFileError | UserDataError) -> None:
    st.error(escape(f"{exc} Intet er gemt."), icon=":material/error:")


def _finish(flash_key: str, message: str) -> None:
    state.clear_reads()
    st.session_state[flash_key] = message
    st.rerun()


def population_import_panel(cluster_id: str, by: str | None, flash_key: str) -> None:
    with st.expander("Sådan henter du filen fra Statistikbanken", icon=":material/help:"):
        st.markdown(STATBANK_STEPS)
    name, data = _uploaded(
        "Vælg CSV-fil fra Statistikbanken (FOLK1A eller FOLK1AM)", POPULATION_UPLOAD,
        "Semikolonsepareret CSV som Statistikbanken gemmer den, med eller uden BOM.",
    )
    if data is None:
        return
    store = state.store()
    try:
        preview = population_import.preview_population(store, data, name)
        if len(preview.periods) > 1:
            period = st.selectbox(
                "Periode", list(reversed(preview.periods)), key="import_population_period",
                format_func=lambda p: f"{p} (pr. {population_import.period_label(p)})",
            )
            if period != preview.period:
                preview = population_import.preview_population(store, data, name, period)
    except ImportFileError as exc:
        _show_error(exc)
        return
    summary = preview.summary()
    st.markdown(
        escape(
            f"{name}: {preview.table}, {preview.period} (folketal pr. {population_import.period_label(preview.period)}). "
            f"{summary['municipalities']} kommuner opdateres, {summary['unchanged']} er uændrede."
        )
    )
    if preview.unmatched:
        st.caption(escape("Ikke genkendt og sprunget over: " + ", ".join(preview.unmatched)))
    if summary["suppressed"]:
        st.caption(escape("Diskretioneret (..) – beholder det nuværende tal: " + ", ".join(summary["suppressed"])))
    st.dataframe(population_import.preview_table(preview), hide_index=True, width="stretch", placeholder=NOT_GIVEN)
    if by is None:
        st.caption(NEEDS_NAME)
    if st.button(
        "Importér folketal", type="primary", key="import_population_apply",
        disabled=by is None or summary["municipalities"] == 0,
    ):
        try:
            result = population_import.apply_population(store, preview, by, cluster_id)
        except (ImportFileError, UserDataError) as exc:
            _show_error(exc)
            return
        _finish(flash_key, (
            f"Folketal importeret fra {name} ({preview.table} {preview.period}): "
            f"{result['municipalities']} kommuner opdateret (ændring nr. {result['change_set']})."
        ))


def indicator_import_panel(cluster_id: str, by: str | None, flash_key: str) -> None:
    st.markdown(INDICATOR_FORMAT)
    name, data = _uploaded(
        "Vælg CSV-fil med indikatorer", INDICATOR_UPLOAD, "Langt format: én række pr. tal."
    )
    if data is None:
        return
    store = state.store()
    try:
        preview = indicator_import.preview_indicators(store, data, name)
    except ImportFileError as exc:
        _show_error(exc)
        return
    summary = preview.summary()
    st.markdown(
        escape(
            f"{name}: {summary['rows']} tal, heraf {summary['new']} nye, {summary['changed']} ændrede og "
            f"{summary['unchanged']} uændrede."
        )
    )
    st.dataframe(indicator_import.preview_table(preview), hide_index=True, width="stretch", placeholder=NOT_GIVEN)
    if by is None:
        st.caption(NEEDS_NAME)
    if st.button(
        "Importér indikatorer", type="primary", key="import_indicators_apply",
        disabled=by is None or summary["new"] + summary["changed"] == 0,
    ):
        try:
            result = indicator_import.apply_indicators(store, preview, by, cluster_id)
        except (ImportFileError, UserDataError) as exc:
            _show_error(exc)
            return
        _finish(flash_key, (
            f"Indikatorer importeret fra {name}: {result['new']} nye og {result['changed']} ændrede "
            f"(ændring nr. {result['change_set']})."
        ))
