"""The public views (schema `main`), documented in docs/data-model.md.

Pages and the CLI read only these. They join the curated base with what users have
added in schema `app` (core/usertables.py): a user row overrides the curated row with the
same key or adds a new one, and is marked `origin = 'bruger'` with a source text that says who
entered it and when (curated rows: `origin = 'kurateret'`).
"""


def _by(alias: str) -> str:
    """A user row's source, followed by who entered it and when."""
    return (
        f"{alias}.source || ' · indtastet af ' || {alias}.entered_by || ' ' || "
        f"strftime({alias}.entered_at, '%d.%m.%Y %H:%M')"
    )


def _not_overridden(user_table: str, key: tuple[str, ...]) -> str:
    """WHERE clause: the curated row `b` has no user row with the same key."""
    match = " AND ".join(f"u.{k} = b.{k}" for k in key)
    return f"WHERE NOT EXISTS (SELECT 1 FROM app.{user_table} u WHERE {match})"


VIEWS: dict[str, str] = {
    "clusters": """CREATE OR REPLACE VIEW main.clusters AS
        SELECT cluster_id, name, region, hospital, body_kind, successor_id, note, source,
               region_from_2027, preparatory_from, starts_on, ends_on
        FROM base.clusters""",
    "municipalities": """CREATE OR REPLACE VIEW main.municipalities AS
        SELECT m.municipality, ms.cluster_id,
               coalesce(u.population, m.population) AS population,
               CASE WHEN u.municipality IS NULL THEN m.population_year ELSE u.population_year END
                   AS population_year,
               CASE WHEN u.municipality IS NULL THEN m.source ELSE """ + _by("u") + """ END AS source,
               m.code, ms.certain AS membership_certain,
               CASE WHEN u.municipality IS NULL THEN m.population_as_of ELSE u.population_as_of END
                   AS population_as_of,
               CASE WHEN u.municipality IS NULL THEN m.note ELSE coalesce(u.note, 'Indtastet af bruger') END
                   AS note,
               u.municipality IS NOT NULL AS corrected,
               CASE WHEN u.municipality IS NULL THEN 'kurateret' ELSE 'bruger' END AS origin,
               u.entered_at
        FROM base.memberships ms
        JOIN base.municipalities m USING (municipality)
        LEFT JOIN app.user_populations u USING (municipality)""",
    "focus_areas": """CREATE OR REPLACE VIEW main.focus_areas AS
        SELECT cluster_id, focus_area_id, name, target_share, cap_dkk, note, source,
               'kurateret' AS origin, NULL::TIMESTAMP AS entered_at
        FROM base.focus_areas b """ + _not_overridden("user_focus_areas", ("cluster_id", "focus_area_id")) + """
        UNION ALL
        SELECT cluster_id, focus_area_id, name, target_share, cap_dkk, note, """ + _by("u") + """,
               'bruger', entered_at
        FROM app.user_focus_areas u""",
    "cluster_settings": """CREATE OR REPLACE VIEW main.cluster_settings AS
        SELECT cluster_id, key, value, note, source, 'kurateret' AS origin, NULL::TIMESTAMP AS entered_at
        FROM base.cluster_settings b """ + _not_overridden("user_settings", ("cluster_id", "key")) + """
        UNION ALL
        SELECT cluster_id, key, value, note, """ + _by("u") + """, 'bruger', entered_at
        FROM app.user_settings u""",
    "principles": """CREATE OR REPLACE VIEW main.principles AS
        SELECT cluster_id, principle, title, text, source FROM base.principles""",
    "funds": """CREATE OR REPLACE VIEW main.funds AS
        SELECT cluster_id, year, party, amount_dkk, kind, note, source, NULL AS decision,
               'kurateret' AS origin, NULL::TIMESTAMP AS entered_at,
               (SELECT max(mt.meeting_date) FROM base.meetings mt
                 WHERE mt.source = split_part(b.source, ' › ', 1)) AS as_of
        FROM base.funds b """ + _not_overridden("user_funds", ("cluster_id", "year", "party", "kind")) + """
        UNION ALL
        SELECT cluster_id, year, party, amount_dkk, kind, note, """ + _by("u") + """, decision,
               'bruger', entered_at, entered_at::DATE
        FROM app.user_funds u""",
    "initiatives": """CREATE OR REPLACE VIEW main.initiatives AS
        SELECT initiative_id, cluster_id, name, focus_area_id, status, decided_meeting_id,
               cost_type, description, note, source, NULL AS responsible, NULL::DATE AS start_date,
               NULL::DATE AS end_date, 'kurateret' AS origin, NULL::TIMESTAMP AS entered_at
        FROM base.initiatives b """ + _not_overridden("user_initiatives", ("initiative_id",)) + """
        UNION ALL
        SELECT initiative_id, cluster_id, name, focus_area_id, status,
               -- the curated decision, else the meeting a linked decision made or decided it
               coalesce(
                   (SELECT b.decided_meeting_id FROM base.initiatives b WHERE b.initiative_id = u.initiative_id),
                   (SELECT d.meeting_id FROM app.decision_links d
                     WHERE d.initiative_id = u.initiative_id
                       AND (d.kind = 'nyt-initiativ' OR (d.kind = 'status' AND d.new_value = 'besluttet'))
                     ORDER BY d.entered_at LIMIT 1)),
               cost_type, description,
               note, """ + _by("u") + """, responsible, start_date, end_date, 'bruger', entered_at
        FROM app.user_initiatives u""",
    "initiative_costs": """CREATE OR REPLACE VIEW main.initiative_costs AS
        SELECT initiative_id, year, amount_dkk, kind, note, source, 'kurateret' AS origin
        FROM base.initiative_costs b """ + _not_overridden("user_initiative_costs", ("initiative_id", "year", "kind")) + """
        UNION ALL
        SELECT initiative_id, year, amount_dkk, kind, note, """ + _by("u") + """, 'bruger'
        FROM app.user_initiative_costs u""",
    "initiative_unit_costs": """CREATE OR REPLACE VIEW main.initiative_unit_costs AS
        SELECT initiative_id, unit_no, name, amount_dkk, per, kind, note, source
        FROM base.initiative_unit_costs""",
    "initiative_recipients": """CREATE OR REPLACE VIEW main.initiative_recipients AS
        SELECT initiative_id, municipality, year, amount_dkk, note, source
        FROM base.initiative_recipients""",
    "meetings": """CREATE OR REPLACE VIEW main.meetings AS
        SELECT meeting_id, cluster_id, level, meeting_date, location, source, title, date_note,
               'kurateret' AS origin, NULL::TIMESTAMP AS entered_at, NULL AS file_name,
               NULL AS file_sha256, NULL::BIGINT AS file_size
        FROM base.meetings b """ + _not_overridden("user_meetings", ("meeting_id",)) + """
        UNION ALL
        SELECT meeting_id, cluster_id, level, meeting_date, location, """ + _by("u") + """, title,
               date_note, 'bruger', entered_at, file_name, file_sha256, file_size
        FROM app.user_meetings u""",
    # An imported meeting replaces the curated meeting with the same id whole: its items and
    # participants come from the import only.
    "agenda_items": """CREATE OR REPLACE VIEW main.agenda_items AS
        SELECT meeting_id, item_no, title, item_type, recommendation, decision, body, position,
               NULL AS sections, 'kurateret' AS origin
        FROM base.agenda_items b """ + _not_overridden("user_meetings", ("meeting_id",)) + """
        UNION ALL
        SELECT i.meeting_id, i.item_no, i.title, i.item_type, i.recommendation, i.decision, i.body,
               i.position, i.sections, 'bruger'
        FROM app.user_agenda_items i JOIN app.user_meetings USING (meeting_id)""",
    "participants": """CREATE OR REPLACE VIEW main.participants AS
        SELECT meeting_id, name, title, organisation, attended, position, 'kurateret' AS origin
        FROM base.participants b """ + _not_overridden("user_meetings", ("meeting_id",)) + """
        UNION ALL
        SELECT p.meeting_id, p.name, p.title, p.organisation, p.attended, p.position, 'bruger'
        FROM app.user_participants p JOIN app.user_meetings USING (meeting_id)""",
    # Amounts in kroner found in imported minutes (the curated meetings have none recorded).
    "meeting_amounts": """CREATE OR REPLACE VIEW main.meeting_amounts AS
        SELECT a.meeting_id, a.position, a.item_position, a.item_no, a.dkk, a.text, a.section,
               'bruger' AS origin
        FROM app.user_meeting_amounts a JOIN app.user_meetings USING (meeting_id)""",
    "indicators": """CREATE OR REPLACE VIEW main.indicators AS
        SELECT indicator_id, name, geography, period, value, value_low, value_high, unit, source,
               cluster_id, note, 'kurateret' AS origin, NULL::TIMESTAMP AS entered_at
        FROM base.indicators b """ + _not_overridden("user_indicators", ("indicator_id",)) + """
        UNION ALL
        SELECT indicator_id, name, geography, period, value, value_low, value_high, unit,
               """ + _by("u") + """, cluster_id, note, 'bruger', entered_at
        FROM app.user_indicators u""",
    "catalogue_themes": """CREATE OR REPLACE VIEW main.catalogue_themes AS
        SELECT theme_no, title, challenge, data_to_follow, national_figures, source
        FROM base.catalogue_themes""",
    "catalogue_ideas": """CREATE OR REPLACE VIEW main.catalogue_ideas AS
        SELECT theme_no, idea_no, text, links FROM base.catalogue_ideas""",
    "scenarios": """CREATE OR REPLACE VIEW main.scenarios AS
        SELECT s.scenario_id, s.cluster_id, v.name, s.current_version AS version,
               v.author, v.note, v.saved_at, s.created_at, s.deleted_at
        FROM app.scenarios s
        JOIN app.scenario_versions v
          ON v.scenario_id = s.scenario_id AND v.version = s.current_version""",
}
