"""Data og regler: a body's secretariat enters and corrects its funds, rules, focus areas,
initiatives and populations; imports population (Danmarks Statistik) and indicator files
(ui/imports_panel.py); sees the change log with undo; downloads and restores a backup
(`pages/data_og_regler.py` calls `render`).

Every form validates in core (core/userdata.py) before anything is written: a bad value gives
a Danish message naming the field, nothing is written and the input stays on screen (forms do
not clear on submit). After a write the cached reads are cleared, so every page sees it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from core import backup, changelog, clock, entry_tables, queries, userdata
from core.formatting import NOT_GIVEN
from core.overview import PARTY_LABELS, STATUS_LABELS
from core.schema import COST_TYPES
from ui import state, user_writes
from ui.imports_panel import import_section
from ui.text import escape

WHO_KEY = "dor_who"
FLASH_KEY = "dor_flash"
NEW = "__ny__"
MAX_LINES = 12  # lines shown per change set (an import changes up to 98 municipalities at once)


def render() -> None:
    cluster = state.current_cluster()
    cluster_id = cluster["cluster_id"]
    st.title("Data og regler")
    st.markdown(escape(cluster["label"]))
    st.caption(
        f"Her indtaster og retter sekretariatet {state.body_noun()}s egne tal og regler. Indtastninger "
        "ligger i databasens brugerdel, overlever en genopbygning fra datafilerne og vises på alle sider "
        "markeret som »Indtastet«. Hver ændring kommer i ændringsloggen og kan fortrydes."
    )
    st.text_input("Indtastet af", key=WHO_KEY, placeholder="Dit navn", max_chars=200,
                  help="Står i ændringsloggen ved hver ændring, du gemmer eller fortryder.")
    flash()
    options = state.read(entry_tables.body_options, cluster_id)
    tabs = st.tabs(["Midler", "Regler", "Fokusområder", "Initiativer", "Folketal", "Importér", "Ændringslog",
                    "Sikkerhedskopi"])
    with tabs[0]:
        funds_tab(cluster_id)
    with tabs[1]:
        rules_tab(cluster_id)
    with tabs[2]:
        focus_tab(cluster_id)
    with tabs[3]:
        initiatives_tab(cluster_id, options)
    with tabs[4]:
        populations_tab(cluster_id, options)
    with tabs[5]:
        import_section(cluster_id, who(), FLASH_KEY)
    with tabs[6]:
        log_tab(cluster_id)
    with tabs[7]:
        backup_tab(cluster_id)


def who() -> str:
    return st.session_state.get(WHO_KEY, "")


def save(action: Callable[[], int | None], done: str) -> None:
    user_writes.save_change(action, done, FLASH_KEY)


def flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check:")


def shown_table(frame: pd.DataFrame, empty: str) -> None:
    if frame.empty:
        st.info(empty)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", placeholder=NOT_GIVEN)


def funds_tab(cluster_id: str) -> None:
    st.subheader("Midler pr. år og part")
    funds = state.read(queries.funds, cluster_id)
    shown_table(entry_tables.funds_table(funds), "Der er ikke registreret midler endnu.")
    with st.form("dor_funds"):
        first, second, third = st.columns(3)
        year = first.number_input("År", min_value=2000, max_value=2100, value=state.entry_year(cluster_id), step=1)
        party = second.selectbox("Part", list(PARTY_LABELS), format_func=PARTY_LABELS.get)
        kind = third.selectbox("Art", ["tildelt", "forventet"],
                               format_func={"tildelt": "Tildelt (besluttet)", "forventet": "Forventet"}.get)
        amount = st.text_input("Beløb (kr.)", placeholder="fx 2.500.000")
        decision = st.text_input("Beslutning", placeholder="fx Politisk møde 1. marts 2026, punkt 3",
                                 help="Den beslutning, beløbet hviler på (skal udfyldes for tildelte midler).")
        why = st.text_input("Kilde eller begrundelse", placeholder="fx Referat 1. marts 2026")
        if st.form_submit_button("Gem midler", type="primary"):
            save(lambda: userdata.set_funds(store(), cluster_id, year, party, kind, amount, decision=decision,
                                            who=who(), why=why), "Midlerne er gemt")


def rules_tab(cluster_id: str) -> None:
    st.subheader("Regler for udmøntning")
    settings = state.read(queries.settings_table, cluster_id)
    shown_table(entry_tables.rules_table(settings), "Der er ikke registreret regler endnu.")
    with st.form("dor_rules"):
        key = st.selectbox("Regel", list(userdata.RULES), format_func=lambda k: userdata.RULES[k][0])
        value = st.text_input("Værdi", placeholder="andel: 0,5 · beløb: 250.000 · ja/nej",
                              help="Andele som 0,5 (= 50 %), beløb i hele kroner, ja/nej for overførsel og regional pulje.")
        why = st.text_input("Kilde eller begrundelse", placeholder="fx Principper vedtaget 10. maj 2023, princip A")
        if st.form_submit_button("Gem regel", type="primary"):
            save(lambda: userdata.set_rule(store(), cluster_id, key, value, who=who(), why=why), "Reglen er gemt")


def focus_tab(cluster_id: str) -> None:
    st.subheader("Fokusområder med mål og loft")
    focus = state.read(queries.focus_areas, cluster_id)
    shown_table(entry_tables.focus_table(focus), "Der er ikke registreret fokusområder endnu.")
    names = dict(zip(focus["focus_area_id"], focus["name"]))
    chosen = st.selectbox("Ret eller opret", [NEW, *names], key="dor_focus_pick",
                          format_func=lambda i: "Nyt fokusområde" if i == NEW else names[i])
    current = focus[focus["focus_area_id"] == chosen].iloc[0] if chosen != NEW else None
    suffix = chosen
    with st.form("dor_focus"):
        name = st.text_input("Navn", value="" if current is None else current["name"], key=f"dor_fa_name_{suffix}")
        first, second = st.columns(2)
        share = first.text_input(
            "Målandel", key=f"dor_fa_share_{suffix}", placeholder="fx 0,25 (tom = intet mål)",
            value="" if current is None or pd.isna(current["target_share"]) else str(current["target_share"]).replace(".", ","))
        cap = second.text_input(
            "Loft (kr.)", key=f"dor_fa_cap_{suffix}", placeholder="besluttet loft (tom = intet loft)",
            value="" if current is None or pd.isna(current["cap_dkk"]) else str(int(current["cap_dkk"])))
        why = st.text_input("Kilde eller begrundelse", key=f"dor_fa_why_{suffix}")
        if st.form_submit_button("Gem fokusområde", type="primary"):
            save(lambda: userdata.set_focus_area(
                store(), cluster_id, name, focus_area_id=None if chosen == NEW else chosen, target_share=share,
                cap_dkk=cap, who=who(), why=why), "Fokusområdet er gemt")


def initiatives_tab(cluster_id: str, options: dict) -> None:
    st.subheader("Initiativer")
    initiatives = state.read(queries.initiatives, cluster_id)
    costs = state.read(entry_tables.initiative_costs, cluster_id)
    shown_table(entry_tables.initiatives_table(initiatives, costs), "Der er ikke registreret initiativer endnu.")
    names = options["initiatives"]
    chosen = st.selectbox("Ret eller opret", [NEW, *names], key="dor_init_pick",
                          format_func=lambda i: "Nyt initiativ" if i == NEW else names[i])
    current = {} if chosen == NEW else state.read(entry_tables.initiative_entry, chosen)
    focus = options["focus_areas"]
    with st.form("dor_initiative"):
        key = f"dor_in_{chosen}_"
        name = st.text_input("Navn", value=current.get("name") or "", key=key + "name")
        first, second, third = st.columns(3)
        focus_choices = ["", *focus]
        focus_area = first.selectbox(
            "Fokusområde", focus_choices, key=key + "focus",
            index=focus_choices.index(current.get("focus_area_id")) if current.get("focus_area_id") in focus else 0,
            format_func=lambda i: focus.get(i, "Uden fokusområde"))
        statuses = list(STATUS_LABELS)
        status = second.selectbox("Status", statuses, format_func=STATUS_LABELS.get, key=key + "status",
                                  index=statuses.index(current.get("status") or "forslag"))
        cost_type = third.selectbox("Udgiftstype", list(COST_TYPES), key=key + "cost",
                                    index=list(COST_TYPES).index(current.get("cost_type") or "udvikling"))
        first, second, third = st.columns(3)
        responsible = first.text_input("Ansvarlig", value=current.get("responsible") or "", key=key + "resp")
        start = second.date_input("Start", value=current.get("start_date"), key=key + "start", format="DD.MM.YYYY")
        end = third.date_input("Slut", value=current.get("end_date"), key=key + "end", format="DD.MM.YYYY")
        costs_frame = pd.DataFrame(
            {"År": list(current.get("costs", {})), "Beløb (kr.)": list(current.get("costs", {}).values())},
        ).astype({"År": "Int64", "Beløb (kr.)": "Int64"})
        edited = st.data_editor(
            costs_frame, num_rows="dynamic", key=key + "costs", hide_index=True,
            column_config={"År": st.column_config.NumberColumn("År", format="%d"),
                           "Beløb (kr.)": st.column_config.NumberColumn("Beløb (kr.)", format="localized")},
            placeholder=NOT_GIVEN,
        )
        why = st.text_input("Kilde eller begrundelse", key=key + "why")
        if st.form_submit_button("Gem initiativ", type="primary"):
            per_year = {y: a for y, a in zip(edited["År"], edited["Beløb (kr.)"]) if not pd.isna(y)}
            per_year = {int(y): (None if pd.isna(a) else int(a)) for y, a in per_year.items()}
            save(lambda: userdata.set_initiative(
                store(), cluster_id, name, initiative_id=None if chosen == NEW else chosen,
                focus_area_id=focus_area or None, status=status, cost_type=cost_type, costs=per_year,
                responsible=responsible, start_date=start, end_date=end, who=who(), why=why),
                "Initiativet er gemt")


def populations_tab(cluster_id: str, options: dict) -> None:
    st.subheader("Folketal")
    municipalities = state.read(queries.municipalities, cluster_id)
    shown_table(entry_tables.populations_table(municipalities),
                "Der er ikke registreret kommuner for denne klynge eller dette råd.")
    if not options["municipalities"]:
        return
    with st.form("dor_population"):
        first, second, third = st.columns(3)
        municipality = first.selectbox("Kommune", options["municipalities"])
        population = second.text_input("Folketal", placeholder="fx 26.061")
        as_of = third.date_input("Opgjort pr.", value=None, format="DD.MM.YYYY")
        source = st.text_input("Kilde", placeholder="fx Danmarks Statistik, FOLK1A, 2026K3")
        if st.form_submit_button("Gem folketal", type="primary"):
            save(lambda: userdata.set_population(store(), municipality, population, as_of=as_of, source=source,
                                                 who=who(), cluster_id=cluster_id), "Folketallet er gemt")


def log_tab(cluster_id: str) -> None:
    st.subheader("Ændringslog")
    st.caption("Alle ændringer af indtastede og importerede data, nyeste først, også importer fra "
               "kommandolinjen, der gælder alle klynger og råd. At fortryde er selv en ændring i loggen.")
    # 500 log rows, with the changes filed under no body (include_unfiled)
    sets = entry_tables.change_sets(state.read(changelog.entries, cluster_id, 500, True))
    if not sets:
        st.info("Der er endnu ikke ændret noget for denne klynge eller dette råd.")
        return
    for entry in sets[:50]:
        with st.container(border=True):
            text, button = st.columns([5, 1])
            text.markdown(escape(f"Nr. {entry['change_set']} · {entry['at']} · {entry['who']}"))
            for line in entry["what"][:MAX_LINES]:
                text.caption(escape(line))
            if len(entry["what"]) > MAX_LINES:
                text.caption(escape(f"… og {len(entry['what']) - MAX_LINES} rækker mere i samme ændring."))
            text.caption(escape(f"Kilde eller begrundelse: {entry['why']}"))
            if entry["undone_by"]:
                button.caption(f"Fortrudt (nr. {entry['undone_by']})")
            elif button.button("Fortryd", key=f"dor_undo_{entry['change_set']}"):
                undo(entry["change_set"])


def undo(change_set: int) -> None:
    try:
        new = userdata.undo(store(), change_set, who=who())
    except userdata.UserDataError as exc:
        st.error(f"Ikke fortrudt: {exc}", icon=":material/error:")
        return
    state.clear_reads()
    st.session_state[FLASH_KEY] = f"Ændring nr. {change_set} er fortrudt (ændring nr. {new})."
    st.rerun()


def backup_tab(cluster_id: str) -> None:
    st.subheader("Sikkerhedskopi og flytning")
    st.caption(
        "Hent brugerdata (indtastninger, importer, ændringslog, gemte scenarier) som en zip-fil, og indlæs "
        "den i en anden Klyngeblik. Samme som `python -m core backup` og `restore`."
    )
    only_body = st.toggle("Kun denne klynge eller dette råd", value=True, key="dor_backup_body")
    if st.button("Lav sikkerhedskopi", key="dor_backup_make"):
        st.session_state["dor_backup_zip"] = backup.backup(store(), cluster_id if only_body else None)
    if st.session_state.get("dor_backup_zip"):
        st.download_button("Hent sikkerhedskopien (zip)", st.session_state["dor_backup_zip"],
                           file_name=f"klyngeblik-{cluster_id if only_body else 'alle'}-{clock.today()}.zip",
                           mime="application/zip", icon=":material/download:")
    upload = st.file_uploader("Indlæs en sikkerhedskopi", type=["zip"], key="dor_restore_file")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        preview = backup.restore(store(), data, dry_run=True)
    except backup.BackupError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.dataframe(pd.DataFrame([
        {"Tabel": t, "Rækker i filen": c["rows"], "Erstatter": c["replaced"]} for t, c in preview["tables"].items()
    ]), hide_index=True, placeholder=NOT_GIVEN)
    scope = f"klyngen/rådet {preview['body']}" if preview["body"] else "hele databasen"
    if st.button(f"Indlæs og erstat brugerdata for {scope}", type="primary", key="dor_restore_go"):
        try:
            backup.restore(store(), data)
        except backup.BackupError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        state.clear_reads()
        st.success("Sikkerhedskopien er indlæst.")


def store():
    return state.store()
