"""The user-data tables in schema `app` (migration 5): what a body's secretariat enters in the
app. One spec per table drives the DDL, the change log's undo, the merged public views and the
backup. Each user row overrides the curated row with the same key (or adds a new one).

Every table also has `entered_by` and `entered_at` (who entered the row, when), which the
public views show as the row's origin and as-of.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserTable:
    name: str  # app.<name>
    base: str  # the curated table it overrides/extends (base.<base>)
    key: tuple[str, ...]
    values: tuple[str, ...]
    types: dict[str, str]  # DuckDB type per column (VARCHAR when not named)
    label: str  # Danish, for the change log

    @property
    def columns(self) -> tuple[str, ...]:
        return self.key + self.values

    def sql_type(self, column: str) -> str:
        return self.types.get(column, "VARCHAR")


USER_TABLES: tuple[UserTable, ...] = (
    UserTable(
        "user_funds", "funds",
        key=("cluster_id", "year", "party", "kind"),
        values=("amount_dkk", "decision", "note", "source"),
        types={"year": "INTEGER", "amount_dkk": "BIGINT"},
        label="midler",
    ),
    UserTable(
        "user_settings", "cluster_settings",
        key=("cluster_id", "key"),
        values=("value", "note", "source"),
        types={},
        label="regler",
    ),
    UserTable(
        "user_focus_areas", "focus_areas",
        key=("cluster_id", "focus_area_id"),
        values=("name", "target_share", "cap_dkk", "note", "source"),
        types={"target_share": "DOUBLE", "cap_dkk": "BIGINT"},
        label="fokusområder",
    ),
    UserTable(
        "user_initiatives", "initiatives",
        key=("initiative_id",),
        values=(
            "cluster_id", "name", "focus_area_id", "status", "cost_type", "responsible",
            "start_date", "end_date", "description", "note", "source",
        ),
        types={"start_date": "DATE", "end_date": "DATE"},
        label="initiativer",
    ),
    UserTable(
        "user_initiative_costs", "initiative_costs",
        key=("initiative_id", "year", "kind"),
        values=("amount_dkk", "note", "source"),
        types={"year": "INTEGER", "amount_dkk": "BIGINT"},
        label="udgifter",
    ),
    UserTable(
        "user_populations", "municipalities",
        key=("municipality",),
        values=("population", "population_year", "population_as_of", "note", "source"),
        types={"population": "BIGINT", "population_year": "INTEGER", "population_as_of": "DATE"},
        label="folketal",
    ),
    UserTable(
        "user_indicators", "indicators",
        key=("indicator_id",),
        values=(
            "name", "cluster_id", "geography", "period", "value", "value_low", "value_high",
            "unit", "note", "source",
        ),
        types={"value": "DOUBLE", "value_low": "DOUBLE", "value_high": "DOUBLE"},
        label="indikatorer",
    ),
)

# Migration 8: decisions linked to what they changed, actions from the minutes (principle F)
# and the lessons of a handover note. Written through the same change log (undo), but not
# merged into a curated view: they have no curated counterpart (`base` is empty).
FOLLOWUP_TABLES: tuple[UserTable, ...] = (
    UserTable(
        "decision_links", "",
        key=("link_id",),
        values=(
            "cluster_id", "meeting_id", "item_position", "item_no", "kind", "initiative_id",
            "rule_key", "year", "old_value", "new_value", "amounts", "reasons", "note",
        ),
        types={"item_position": "INTEGER", "year": "INTEGER"},
        label="beslutninger",
    ),
    UserTable(
        "actions", "",
        key=("action_id",),
        values=(
            "cluster_id", "text", "responsible", "deadline", "deadline_text", "status", "meeting_id",
            "item_position", "item_no", "initiative_id", "done_on", "source",
        ),
        types={"deadline": "DATE", "done_on": "DATE", "item_position": "INTEGER"},
        label="handlinger",
    ),
    UserTable(
        "handover_lessons", "",
        key=("lesson_id",),
        values=("cluster_id", "from_cluster_id", "text", "source"),
        types={},
        label="erfaringer",
    ),
)

# Imported minutes (issue 9, migration 7): a reviewed meeting saved by core/minutes_store.py as
# one change set. A saved meeting overrides the curated meeting with the same id (the views take
# its items and participants from the import too); amounts found have no curated table.
MINUTES_TABLES: tuple[UserTable, ...] = (
    UserTable(
        "user_meetings", "meetings",
        key=("meeting_id",),
        values=("cluster_id", "level", "title", "meeting_date", "date_note", "location", "source",
                "file_name", "file_sha256", "file_size"),
        types={"meeting_date": "DATE", "file_size": "BIGINT"},
        label="møder",
    ),
    UserTable(
        "user_agenda_items", "agenda_items",
        key=("meeting_id", "position"),
        values=("item_no", "title", "item_type", "recommendation", "decision", "body", "sections"),
        types={"position": "INTEGER"},
        label="dagsordenspunkter",
    ),
    UserTable(
        "user_participants", "participants",
        key=("meeting_id", "position"),
        values=("name", "title", "organisation", "attended"),
        types={"position": "INTEGER", "attended": "BOOLEAN"},
        label="deltagere",
    ),
    UserTable(
        "user_meeting_amounts", "meeting_amounts",
        key=("meeting_id", "position"),
        values=("item_position", "item_no", "dkk", "text", "section"),
        types={"position": "INTEGER", "item_position": "INTEGER", "dkk": "BIGINT"},
        label="beløb i referater",
    ),
)


# Links kept by "find and reuse" (issue 10, migration 9): which catalogue suggestion an
# initiative was made from, and which catalogue theme a body's initiative or decided agenda
# item works on (confirmed or rejected by a user). Logged and undone like the user tables.
LINK_TABLES: tuple[UserTable, ...] = (
    UserTable(
        "idea_links", "initiatives",
        key=("initiative_id",),
        values=("cluster_id", "theme_no", "idea_no"),
        types={"theme_no": "INTEGER", "idea_no": "INTEGER"},
        label="initiativ fra idékataloget",
    ),
    UserTable(
        "theme_links", "catalogue_themes",
        key=("cluster_id", "theme_no", "kind", "item_id"),
        values=("status", "note"),
        types={"theme_no": "INTEGER"},
        label="tema",
    ),
)


def create_sql(table: UserTable) -> str:
    columns = ", ".join(f"{c} {table.sql_type(c)}" + (" NOT NULL" if c in table.key else "")
                        for c in table.columns)
    keys = ", ".join(table.key)
    return (
        f"CREATE TABLE app.{table.name} ({columns}, entered_by VARCHAR NOT NULL, "
        f"entered_at TIMESTAMP NOT NULL, PRIMARY KEY ({keys}))"
    )


CHANGE_LOG_SQL = """CREATE TABLE app.change_log (
    change_id BIGINT PRIMARY KEY,
    change_set BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    who VARCHAR NOT NULL,
    cluster_id VARCHAR,
    table_name VARCHAR NOT NULL,
    row_key VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR,
    action VARCHAR NOT NULL,
    why VARCHAR NOT NULL,
    undone_by BIGINT
)"""


def link_migration_statements() -> tuple[str, ...]:
    """Migration 9: the idea and theme links (LINK_TABLES)."""
    return tuple(create_sql(t) for t in LINK_TABLES)


def migration_statements() -> tuple[str, ...]:
    """Migration 5: the user tables and the change log; the population corrections of
    migration 2 move into app.user_populations (latest per municipality) and their table goes."""
    return (
        *(create_sql(t) for t in USER_TABLES),
        CHANGE_LOG_SQL,
        """INSERT INTO app.user_populations
             (municipality, population, population_year, population_as_of, note, source,
              entered_by, entered_at)
           SELECT municipality, population, population_year, NULL, 'Rettelse', source,
                  coalesce(author, 'ukendt'), changed_at
           FROM app.population_corrections
           QUALIFY row_number() OVER (PARTITION BY municipality ORDER BY changed_at DESC) = 1""",
        "DROP TABLE app.population_corrections",
    )


def followup_statements() -> tuple[str, ...]:
    """Migration 8: the decision log, the actions and the handover lessons."""
    return tuple(create_sql(t) for t in FOLLOWUP_TABLES)


BY_NAME = {t.name: t for t in USER_TABLES + FOLLOWUP_TABLES + MINUTES_TABLES + LINK_TABLES}

MEETING_FILES_SQL = """CREATE TABLE app.meeting_files (
    meeting_id VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    content BLOB NOT NULL,
    text VARCHAR,
    stored_at TIMESTAMP NOT NULL,
    stored_by VARCHAR NOT NULL,
    PRIMARY KEY (meeting_id, sha256)
)"""


def minutes_statements() -> tuple[str, ...]:
    """Migration 7: imported minutes (logged user tables) and their original files (not logged:
    see core/minutes_store.py)."""
    return (*(create_sql(t) for t in MINUTES_TABLES), MEETING_FILES_SQL)
