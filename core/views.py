"""The public views (schema `main`), documented in docs/data-model.md.

Pages and the CLI read only these. They join the curated base with what users have
added in schema `app` (e.g. a corrected population wins over the curated one).
"""

VIEWS: dict[str, str] = {
    "clusters": """CREATE OR REPLACE VIEW main.clusters AS
        SELECT cluster_id, name, region, hospital, body_kind, successor_id, note, source
        FROM base.clusters""",
    "municipalities": """CREATE OR REPLACE VIEW main.municipalities AS
        WITH latest AS (
            SELECT * FROM app.population_corrections
            QUALIFY row_number() OVER (PARTITION BY municipality ORDER BY changed_at DESC) = 1
        )
        SELECT m.municipality, ms.cluster_id,
               coalesce(c.population, m.population) AS population,
               CASE WHEN c.municipality IS NULL THEN m.population_year ELSE c.population_year END
                   AS population_year,
               CASE WHEN c.municipality IS NULL THEN m.source ELSE c.source END AS source,
               m.code, ms.certain AS membership_certain, m.population_as_of,
               CASE WHEN c.municipality IS NULL THEN m.note ELSE 'Rettet af bruger' END AS note,
               c.municipality IS NOT NULL AS corrected
        FROM base.memberships ms
        JOIN base.municipalities m USING (municipality)
        LEFT JOIN latest c USING (municipality)""",
    "focus_areas": """CREATE OR REPLACE VIEW main.focus_areas AS
        SELECT cluster_id, focus_area_id, name, target_share, cap_dkk, note, source
        FROM base.focus_areas""",
    "cluster_settings": """CREATE OR REPLACE VIEW main.cluster_settings AS
        SELECT cluster_id, key, value, note, source FROM base.cluster_settings""",
    "principles": """CREATE OR REPLACE VIEW main.principles AS
        SELECT cluster_id, principle, title, text, source FROM base.principles""",
    "funds": """CREATE OR REPLACE VIEW main.funds AS
        SELECT cluster_id, year, party, amount_dkk, kind, note, source FROM base.funds""",
    "initiatives": """CREATE OR REPLACE VIEW main.initiatives AS
        SELECT initiative_id, cluster_id, name, focus_area_id, status, decided_meeting_id,
               cost_type, description, note, source
        FROM base.initiatives""",
    "initiative_costs": """CREATE OR REPLACE VIEW main.initiative_costs AS
        SELECT initiative_id, year, amount_dkk, kind, note, source FROM base.initiative_costs""",
    "initiative_unit_costs": """CREATE OR REPLACE VIEW main.initiative_unit_costs AS
        SELECT initiative_id, unit_no, name, amount_dkk, per, kind, note, source
        FROM base.initiative_unit_costs""",
    "initiative_recipients": """CREATE OR REPLACE VIEW main.initiative_recipients AS
        SELECT initiative_id, municipality, year, amount_dkk, note, source
        FROM base.initiative_recipients""",
    "meetings": """CREATE OR REPLACE VIEW main.meetings AS
        SELECT meeting_id, cluster_id, level, meeting_date, location, source, title, date_note
        FROM base.meetings""",
    "agenda_items": """CREATE OR REPLACE VIEW main.agenda_items AS
        SELECT meeting_id, item_no, title, item_type, recommendation, decision, body, position
        FROM base.agenda_items""",
    "participants": """CREATE OR REPLACE VIEW main.participants AS
        SELECT meeting_id, name, title, organisation, attended, position
        FROM base.participants""",
    "indicators": """CREATE OR REPLACE VIEW main.indicators AS
        SELECT indicator_id, name, geography, period, value, value_low, value_high, unit, source,
               cluster_id, note
        FROM base.indicators""",
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
