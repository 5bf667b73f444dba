"""The scenario page's panels: controls helpers, save, saved list, import, export, compare.

Thin: each panel reads widgets, calls core (scenario_edit, scenario_repo, export, compare)
and draws. Writes clear the cached reads so every page sees them."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from core import compare, queries, scenario, scenario_edit, scenario_repo
from core.formatting import NOT_COMPUTED, NOT_GIVEN, body_noun, dkk, funds_label, pct
from core.formatting import datetime as fmt_datetime
from core.ids import slug
from ui import state, text
from ui.text import inline


class Keys:
    """Session-state keys of the scenario page."""

    PREFIX = "scn."
    BASE = "scn.base"
    BASE_CLUSTER = "scn.base_cluster"
    META = "scn.meta"
    REV = "scn.rev"
    WORKING = "scn.working"
    AUTHOR = "scn.author"
    FLASH = "scn.flash"
    VIEW = "scn.view"
    NEXT_VIEW = "scn.next_view"
    # "klyngen" or "rådet" for the body on screen, set by the page on each full run: the
    # controls read it on every slider move, where state.body_noun() would stat the store.
    BODY_NOUN = "scn.body_noun"
    # drafts (ui/scenario_drafts.py)
    DRAFT_ID = "scn.draft_id"
    REFERENCE = "scn.reference"  # the document as opened: what "Ændret – ikke gemt" compares with
    PERSISTED = "scn.persisted"  # cluster id → (document, opened from) last written as draft
    PENDING_OPEN = "scn.pending_open"  # a saved scenario a link opens after the body switch
    CHANGES = "scn.changes"  # (reference, working document, the banner's sentences) last shown


VIEW_PARAM = "visning"


def load_base(document: dict, meta: dict | None = None, reference: dict | None = None) -> None:
    """Make `document` the base: controls re-initialise from it (new widget keys).
    `reference` (when given) is what was opened: the banner "Ændret – ikke gemt" compares
    the working document with it."""
    st.session_state[Keys.BASE] = document
    st.session_state[Keys.BASE_CLUSTER] = document.get("cluster_id")
    st.session_state[Keys.META] = meta
    if reference is not None:
        st.session_state[Keys.REFERENCE] = reference
    st.session_state.pop(Keys.WORKING, None)
    st.session_state[Keys.REV] = st.session_state.get(Keys.REV, 0) + 1


def fold_working_into_base() -> None:
    """Keep what the controls say when they disappear (views other than the live one)."""
    working = st.session_state.pop(Keys.WORKING, None)
    if working is not None:
        load_base(working, st.session_state.get(Keys.META))


def current_view(views: dict[str, str]) -> str:
    """The view to show on this run (a pending switch, the session's, or ?visning=…)."""
    if Keys.NEXT_VIEW in st.session_state:
        st.session_state[Keys.VIEW] = st.session_state.pop(Keys.NEXT_VIEW)
    if st.session_state.get(Keys.VIEW) not in views:
        wanted = st.query_params.get(VIEW_PARAM, "scenarie")
        st.session_state[Keys.VIEW] = wanted if wanted in views else "scenarie"
    return st.session_state[Keys.VIEW]


def view_switcher(views: dict[str, str], hidden_in: tuple[str, ...] = ()) -> str:
    """The page's views as a segmented control, kept in ?visning=… . Leaving the live
    view keeps what its controls say (they are not drawn in the other views). Clicking the
    active view keeps it (required). In the views of `hidden_in` (Præsentation) the bar is
    not drawn; the view offers its own way out (`leave_view`)."""
    if current_view(views) not in hidden_in:
        st.segmented_control(
            "Visning", list(views), format_func=views.get, key=Keys.VIEW, label_visibility="collapsed",
            on_change=fold_working_into_base, required=True,
        )
    view = st.session_state[Keys.VIEW] or "scenarie"
    state.keep_in_url(VIEW_PARAM, view)
    return view


def lines_input(base: dict, k: str) -> pd.DataFrame:
    """The editor's input table, built once per base (the editor keeps the edits). The year
    columns are whole kroner that may be missing (a line whose cost is not given)."""
    key = f"{k}lines.input"
    if key not in st.session_state:
        years = dict.fromkeys((str(year) for year in scenario_edit.years_of(base)), "Int64")
        st.session_state[key] = pd.DataFrame(scenario_edit.lines_columns(base)).astype(years)
    return st.session_state[key]


LINE_ROW_HEIGHT = 84  # px: above 4rem Streamlit wraps text cells, so long names show whole


def focus_numbers(base: dict) -> dict[str, str]:
    """Each focus area's number in the initiatives table ("1", "2", …): a table cell cannot
    wrap a choice, and the areas' names run to 90 characters, so the column shows the number
    and `focus_legend` names the areas above the table."""
    return {area["name"]: str(i) for i, area in enumerate(base["focus_areas"], start=1)}


def focus_legend(base: dict) -> str:
    """The numbers of the table's Område column with the focus areas' names, as plain text."""
    return "Fokusområder: " + " · ".join(f"{number} = {name}" for name, number in focus_numbers(base).items())


def lines_column_config(base: dict) -> dict:
    """Danish headers and pixel widths that keep every column on a 1280 px projector beside
    the names, which wrap (LINE_ROW_HEIGHT) instead of being cut; the focus area shows as its
    number (focus_numbers)."""
    numbers = focus_numbers(base)
    config = {
        scenario_edit.INCLUDED: st.column_config.CheckboxColumn("Med", help="Tæller med i scenariet", width=56),
        scenario_edit.NAME: st.column_config.TextColumn("Initiativ", width=190, pinned=True),
        scenario_edit.FOCUS: st.column_config.SelectboxColumn(
            "Område", options=list(numbers), format_func=lambda name: numbers.get(name, name), width=80,
            help="Fokusområdets nummer; numrene står over tabellen",
        ),
        scenario_edit.COST_TYPE: st.column_config.SelectboxColumn(
            "Udgiftstype", options=list(scenario.COST_TYPES), help="Drift må ikke betales af midlerne (E)",
            width=110,
        ),
        scenario_edit.STATUS: st.column_config.TextColumn("Status", help="besluttet = vedtaget på et møde", width=76),
        scenario_edit.SCALE: st.column_config.NumberColumn("Skala", min_value=0, max_value=1000, step=5, help="I procent",
                                                           format="%.0f %%", width=76),
    }
    for year in scenario_edit.years_of(base):
        config[str(year)] = st.column_config.NumberColumn(
            str(year), min_value=0, step=1000, format="localized", width=84, help=f"Udgift i {year} i kroner"
        )
    return config


def add_line_form(doc: dict, k: str) -> None:
    """Add an initiative (a proposal line) with costs per year and recipients."""
    st.subheader("Tilføj et initiativ")
    with st.form(f"{k}add", clear_on_submit=False):
        name = st.text_input("Navn")
        areas = {a["name"]: a["id"] for a in doc["focus_areas"]}
        area = st.selectbox("Fokusområde", ["(intet)"] + list(areas))
        cost_type = st.radio("Udgiftstype", list(scenario.COST_TYPES), horizontal=True,
                             help="Drift må ikke betales af midlerne (princip E).")
        # Empty until typed: the form showed 0 kr. for a year whose cost the line then did
        # not have ("beløb ikke angivet"); a typed 0 is a given 0 kr.
        costs = {
            year: st.number_input(f"Udgift {year} (kr.)", min_value=0, max_value=scenario.MAX_DKK, step=10_000,
                                  value=None, placeholder=NOT_GIVEN, key=f"{k}add.{year}")
            for year in scenario_edit.years_of(doc, state.planning_start(doc["cluster_id"]))
        }
        if not costs:  # a dissolved cluster with no year of its own
            st.caption("Scenariet har intet år at angive udgifter for, så initiativet tilføjes uden beløb.")
        names = [m["name"] for m in doc["municipalities"]]
        chosen = st.multiselect("Modtagende kommuner (beløbet fordeles ligeligt)", names)
        if st.form_submit_button("Tilføj"):
            if not name.strip():
                st.error("Giv initiativet et navn.")
                return
            recipients = scenario_edit.split_evenly(sum(a for a in costs.values() if a), chosen) if chosen else None
            load_base(
                scenario_edit.add_line(doc, name=name, focus_area=areas.get(area), cost_type=cost_type,
                                       costs=costs, recipients=recipients),
                st.session_state.get(Keys.META),
            )
            flash(f"«{inline(name)}» er tilføjet som forslag.")
            go_to_live_view()


def save_panel(working: dict) -> None:
    """Save as a new scenario or as a new version of the opened one (refused when stale)."""
    meta = st.session_state.get(Keys.META)
    k = f"{Keys.PREFIX}{st.session_state.get(Keys.REV, 0)}.save."
    st.subheader("Gem scenarie")
    with st.form(f"{k}form"):
        name = st.text_input("Navn", value=meta["name"] if meta else "Forslag A", key=f"{k}name")
        author = st.text_input("Gemt af (navn)", value=st.session_state.get(Keys.AUTHOR, ""), key=f"{k}author")
        note = st.text_area("Note", value=(meta or {}).get("note") or "", height=80, key=f"{k}note",
                            help="Noten fra den åbnede version står her; ret den til den nye version.")
        as_new = st.checkbox("Gem som nyt scenarie", value=meta is None, disabled=meta is None, key=f"{k}new")
        submitted = st.form_submit_button("Gem", type="primary")
    if submitted:
        _save(working, name, author, note, None if as_new or not meta else meta)


def _save(working: dict, name: str, author: str, note: str, meta: dict | None) -> None:
    if not author.strip():
        st.error("Skriv dit navn i «Gemt af», så referatet kan se, hvem der gemte forslaget.")
        return
    st.session_state[Keys.AUTHOR] = author
    document = {**working, "name": name.strip() or "Unavngivet forslag"}
    try:
        scenario_id, version = scenario_repo.save(
            state.store(), document, author=author.strip(), note=note,
            scenario_id=meta["scenario_id"] if meta else None,
            base_version=meta["version"] if meta else None,
        )
    except scenario_repo.StaleVersionError as exc:
        st.error(inline(exc, limit=2000))
        return
    except (scenario.ScenarioError, ValueError) as exc:
        st.error(f"Scenariet blev ikke gemt: {inline(exc, limit=2000)}")
        return
    state.clear_reads()
    load_base(document, {"scenario_id": scenario_id, "version": version, "name": document["name"],
                         "author": author.strip(), "note": note.strip()}, reference=document)
    flash(f"Gemt: «{inline(document['name'])}», version {version}.")
    st.rerun()


def leave_view(view: str = "scenarie") -> None:
    """A button callback: show `view` on the next run (the way out of Præsentation)."""
    st.session_state[Keys.NEXT_VIEW] = view


def go_to_live_view() -> None:
    st.session_state[Keys.NEXT_VIEW] = "scenarie"
    st.rerun()


def flash(message: str) -> None:
    """A success message that survives the rerun a write triggers."""
    st.session_state[Keys.FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(Keys.FLASH, None)
    if message:
        st.success(message)


def export_panel(working: dict, result: dict, cluster: dict) -> None:
    """Downloads built only when clicked (callables), so slider moves stay cheap; the
    exporter (and with it python-docx/openpyxl) is imported only then. Streamlit runs the
    callables without the script's context, so everything they need is captured here."""
    st.subheader("Eksportér til referatet")
    stem = slug(working["name"]) or "scenarie"
    label, body, provenance = cluster["label"], body_name(cluster), export_provenance(working)
    noun = body_noun(cluster.get("body_kind"))
    without_population = state.read(queries.municipalities_without_population, cluster["cluster_id"])
    cols = st.columns(3)

    def as_json() -> bytes:
        from core import export

        return export.scenario_json(working)

    def as_xlsx() -> bytes:
        from core import export

        return export.scenario_xlsx(working, result, cluster_label=label, body_name=body,
                                    provenance=export.Provenance(**provenance), body_noun=noun)

    def as_docx() -> bytes:
        from core import export

        return export.decision_note_docx(working, result, cluster_label=label, body_name=body,
                                         provenance=export.Provenance(**provenance),
                                         without_population=without_population, body_noun=noun)

    cols[0].download_button("Scenarie (JSON)", as_json, file_name=f"{stem}.json", mime="application/json",
                            on_click="ignore")
    cols[1].download_button(
        "Regneark (XLSX)", as_xlsx, file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    )
    cols[2].download_button(
        "Beslutningsnotat (DOCX)", as_docx, file_name=f"{stem}-beslutningsnotat.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", on_click="ignore",
    )
    if provenance["version"] is None:
        st.caption("Scenariet er ikke gemt: eksporten siger «ikke gemt». Gem det først for at få version og "
                   "tidspunkt med.")
    elif provenance["changed"]:
        st.caption(f"Scenariet er ændret efter version {provenance['version']}: eksporten siger, at ændringerne "
                   "ikke er gemt.")


def body_name(cluster: dict) -> str:
    """Who decides: a cluster's political committee, or the council itself."""
    name = cluster.get("name") or cluster.get("label") or "Sundhedsklynge"
    return f"Politisk {name}" if cluster.get("body_kind", "sundhedsklynge") == "sundhedsklynge" else name


def export_provenance(working: dict) -> dict:
    """Version, author and time saved for the exports (core.export.Provenance fields): the
    opened saved version, and whether the scenario on screen differs from it."""
    meta = st.session_state.get(Keys.META)
    author = (st.session_state.get(Keys.AUTHOR) or "").strip() or None
    if not meta or meta.get("version") is None:
        return {"version": None, "author": author, "saved_at": None, "changed": False}
    try:
        saved = state.read(scenario_repo.load, meta["scenario_id"], meta["version"])
    except scenario.ScenarioError:
        return {"version": None, "author": author, "saved_at": None, "changed": False}
    return {"version": saved["version"], "author": saved["author"], "saved_at": saved["saved_at"],
            "changed": saved["document"] != working}


def saved_scenarios(cluster_id: str) -> None:
    """List, open, duplicate, rename, delete (recoverable) the cluster's saved scenarios."""
    saved = state.read(scenario_repo.list_scenarios, cluster_id, True)
    active = saved[saved["deleted_at"].isna()]
    if active.empty:
        body = st.session_state.get(Keys.BODY_NOUN, "klyngen")
        st.info(f"Der er ingen gemte scenarier for {body} endnu. Gem et fra fanen Scenarie.")
    else:
        st.dataframe(_saved_display(active), hide_index=True, width="stretch", placeholder=NOT_GIVEN)
        labels = dict(zip(active["scenario_id"], active["name"] + " (v" + active["version"].astype(str) + ")"))
        chosen = st.selectbox("Vælg scenarie", list(labels), format_func=labels.get, key="scn.saved.choice")
        versions = dict(zip(active["scenario_id"], active["version"]))
        _saved_actions(chosen, labels[chosen], int(versions[chosen]))
    deleted = saved[saved["deleted_at"].notna()]
    if not deleted.empty:
        with st.expander(f"Slettede scenarier ({len(deleted)})"):
            for row in deleted.itertuples():
                if st.button(f"Gendan «{inline(row.name)}»", key=f"scn.restore.{row.scenario_id}"):
                    _write(lambda sid=row.scenario_id, v=int(row.version):
                           scenario_repo.restore(state.store(), sid, base_version=v))


def _saved_display(saved: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Navn": saved["name"],
            "Version": saved["version"],
            "Gemt af": saved["author"],
            "Gemt": [fmt_datetime(v) for v in saved["saved_at"]],
            "Note": saved["note"],
        }
    )


def _saved_actions(scenario_id: str, label: str, version: int) -> None:
    author = st.session_state.get(Keys.AUTHOR, "")
    cols = st.columns(4)
    if cols[0].button("Åbn", key="scn.open", type="primary"):
        opened = scenario_repo.load(state.store(), scenario_id, version)
        load_base(opened["document"], meta_of(opened), reference=opened["document"])
        go_to_live_view()
    new_name = cols[1].text_input("Nyt navn", key="scn.rename.name", label_visibility="collapsed",
                                  placeholder="Nyt navn")
    if cols[2].button("Omdøb", key="scn.rename") and new_name.strip():
        _write(lambda: scenario_repo.rename(state.store(), scenario_id, new_name=new_name.strip(),
                                            author=author or "ukendt", base_version=version))
    if cols[3].button("Dupliker", key="scn.duplicate", help="Kopien hedder «… (kopi)»."):
        _write(lambda: scenario_repo.duplicate(state.store(), scenario_id, author=author or "ukendt",
                                               base_version=version))
    if st.button("Slet (kan gendannes)", key="scn.delete"):
        _write(lambda: scenario_repo.delete(state.store(), scenario_id, base_version=version))
    with st.expander("Versioner"):
        versions = scenario_repo.versions(state.store(), scenario_id)
        st.dataframe(
            pd.DataFrame({"Version": versions["version"], "Navn": versions["name"], "Gemt af": versions["author"],
                          "Gemt": [fmt_datetime(v) for v in versions["saved_at"]], "Note": versions["note"]}),
            hide_index=True, width="stretch", placeholder=NOT_GIVEN,
        )


def meta_of(loaded: dict) -> dict:
    """What the page remembers about an opened saved version (the note prefills the next)."""
    return {k: loaded[k] for k in ("scenario_id", "version", "name", "author", "note")}


def _write(action: Callable[[], object]) -> None:
    try:
        action()
    except (scenario_repo.StaleVersionError, scenario.ScenarioError, ValueError) as exc:
        st.error(inline(exc, limit=2000))
        return
    state.clear_reads()
    st.rerun()


def import_panel() -> None:
    """Upload a scenario JSON: validated before anything is written."""
    st.subheader("Importér et scenarie (JSON)")
    upload = st.file_uploader(
        "Scenariefil (klyngeblik-scenario/1)", type=["json"], key="scn.upload",
        help="Træk en JSON-fil hertil, eller klik for at vælge en (højst 200 MB).",
    )
    author = st.text_input("Importeret af (navn)", value=st.session_state.get(Keys.AUTHOR, ""),
                           key="scn.import.author")
    if upload is not None and st.button("Importér", key="scn.import"):
        if not author.strip():
            st.error("Skriv dit navn i «Importeret af».")
            return
        st.session_state[Keys.AUTHOR] = author.strip()
        try:
            scenario_id, version = scenario_repo.import_json(state.store(), upload.getvalue(), author=author.strip(),
                                                             note=f"Importeret fra {upload.name}")
        except scenario.ScenarioError as exc:
            st.error(f"{inline(upload.name)}: {inline(exc, limit=2000)}. Intet er gemt.")
            return
        state.clear_reads()
        opened = scenario_repo.load(state.store(), scenario_id)
        load_base(opened["document"], meta_of(opened), reference=opened["document"])
        flash(f"Importeret som «{inline(opened['name'])}».")
        go_to_live_view()


COMPARE_KEY = "scn.compare"
COMPARE_BASE_KEY = "scn.compare.base"
COMPARE_GIVEN_KEY = "scn.compare.given"
COMPARE_EMPTY = {
    "focus_areas": "Ingen af scenarierne har fokusområder.",
    "municipalities": "Ingen af scenarierne har kommuner med folketal, så kommunernes bidrag kan ikke fordeles.",
}
COMPARE_TABLES = (
    ("totals", "Totaler", None),
    ("focus_areas", "Fokusområder (kroner)", "amounts"),
    ("focus_areas", "Fokusområder (andel af det fordelte)", "shares"),
    ("municipalities", "Kommuner (netto: modtaget − bidrag)", None),
    ("findings", "Bemærkninger (antal)", None),
)


def compare_panel(cluster_id: str, scenario_ids: list[str] | None = None) -> None:
    """Two or three saved scenarios side by side against a base the chair picks: every
    table holds every scenario (wrapped, never scrolled sideways), cells that differ from the
    base are marked, and the findings are said in sentences. `scenario_ids` (e.g. from a
    ?sammenlign= link) preselects the scenarios; the chair can still change them."""
    saved = state.read(scenario_repo.list_scenarios, cluster_id, False)
    if len(saved) < 2:
        st.info("Gem mindst to scenarier for at sammenligne dem.")
        return
    labels = dict(zip(saved["scenario_id"], saved["name"] + " (v" + saved["version"].astype(str) + ")"))
    if scenario_ids is not None and st.session_state.get(COMPARE_GIVEN_KEY) != scenario_ids:
        st.session_state[COMPARE_GIVEN_KEY] = scenario_ids
        st.session_state[COMPARE_KEY] = [sid for sid in scenario_ids if sid in labels][:3]
    chosen = st.multiselect("Vælg 2 eller 3 scenarier", list(labels), format_func=labels.get,
                            max_selections=3, key=COMPARE_KEY, placeholder="Vælg scenarier")
    if len(chosen) < 2:
        st.caption("Vælg mindst to.")
        return
    names = compare.unique_names([labels[sid] for sid in chosen])
    if st.session_state.get(COMPARE_BASE_KEY) not in range(len(chosen)):
        st.session_state[COMPARE_BASE_KEY] = 0
    base = st.segmented_control(
        "Forskel til", list(range(len(chosen))), format_func=lambda i: inline(names[i]),
        key=COMPARE_BASE_KEY, required=True,
    )
    opened = [scenario_repo.load(state.store(), sid) for sid in chosen]
    results = [scenario.evaluate_document(o["document"]) for o in opened]
    tables = compare.compare(results, names, base=base)
    st.caption(
        f"Forskel til {inline(names[base])}: hver anden kolonne viser scenariet minus basis. "
        "Kun de tal, der afviger fra basis, er markeret (fed skrift på gul baggrund)."
    )
    st.subheader("Bemærkninger")
    for sentence in compare.finding_sentences(results, names, base):
        st.markdown(f"- {inline(sentence, limit=2000)}")
    for key, title, part in COMPARE_TABLES:
        st.subheader(title)
        if tables[key].empty:  # Streamlit would show an empty table with its English "empty"
            st.caption(COMPARE_EMPTY.get(key, text.EMPTY_TABLE))
            continue
        text.table_styled(_compare_view(tables[key], part))
        if key == "totals":
            documents = [o["document"] for o in opened]
            for said in (compare.expected_sentence(documents, names), compare.partial_sentence(tables[key])):
                if said:
                    st.caption(text.escape(said))


def _compare_view(frame: pd.DataFrame, part: str | None):
    """The frame as shown: amounts (or shares) and differences, Danish formats, cells that
    differ from the base bold on yellow, every text escaped (st.table renders Markdown)."""
    names = frame.attrs["scenarios"]
    differences = list(frame.attrs["differences"])
    marks = compare.difference_cells(frame)
    if part == "shares":
        shares = [compare.share_column(n) for n in names]
        columns, headers = shares, dict(zip(shares, names))
    else:
        columns, headers = names + differences, {}
    shown, marks = frame[columns], marks[columns]
    money = part != "shares" and frame.index.name != "Fund"
    if part == "shares":
        formatter = pct
    elif money:
        formatter = dkk
    else:
        formatter = lambda v: str(int(v))  # noqa: E731
    # An empty total says why in words (compare.NOT_SHOWN: "ikke angivet", "ikke beregnet"); a
    # difference to or from such a total cannot be computed.
    totals = frame.index.name == "Post"
    missing = [compare.NOT_SHOWN.get(label, "–") if totals else "–" for label in shown.index]
    display = pd.DataFrame(
        {column: [text.escape((NOT_COMPUTED if totals and column in differences else why) if v != v
                              else compare.difference_text(v, formatter) if column in differences
                              else compare.total_text(frame, label, column, v, formatter))
                  for v, why, label in zip(shown[column], missing, shown.index)]
         for column in shown.columns},
        index=shown.index,
    ).rename(columns=headers)
    funds = funds_label(st.session_state.get(Keys.BODY_NOUN, "klyngen"))  # "Rådets midler" for a council
    display.index = display.index.map(lambda label: text.escape(funds if label == compare.FUNDS else label))
    display.index.name = text.escape(frame.index.name)
    display.columns = [text.escape(c) for c in display.columns]
    marks.index, marks.columns = display.index, display.columns
    return display.style.apply(
        lambda column: ["font-weight: 700; background-color: #fff3b0; color: #1a1a1a" if m else ""
                        for m in marks[column.name]],
        axis=0,
    )
