"""The shape of the curated base: one spec per table, used to validate data files and
create the store's tables.

A spec lists the columns in file order with their type. The same spec drives the CSV
validation (`core.curated`), the DuckDB DDL (`core.store`) and docs/data-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Python type names understood by core.curated, mapped to DuckDB column types.
SQL_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "list": "VARCHAR[]",
}

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"

# Initiative statuses that mean "the cluster has decided to fund it".
DECIDED_STATUSES = ("besluttet", "igangsat", "afsluttet")
# Development money may be paid from the cluster funds; running costs (drift) may not (E).
COST_TYPES = ("udvikling", "drift")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    # (column, other table, other column): every non-null value must exist there.
    references: tuple[tuple[str, str, str], ...] = ()
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type_: str = "str", **kw) -> Column:
    return Column(name, type_, **kw)


SOURCE = _c("source", required=True)
NOTE = _c("note")
CLUSTER_REF = ("cluster_id", "clusters", "cluster_id")
MONEY = {"minimum": 0}

# Tables filled from data/<name>/*.csv, in load order.
CSV_TABLES: tuple[Table, ...] = (
    Table(
        "clusters",
        (
            _c("cluster_id", required=True, pattern=ID_PATTERN),
            _c("name", required=True),
            _c("region", required=True),
            _c("hospital"),
            _c("body_kind", required=True, choices=("sundhedsklynge", "sundhedsraad")),
            _c("successor_id"),
            _c("region_from_2027", required=True),
            _c("preparatory_from", "date"),
            _c("starts_on", "date"),
            _c("ends_on", "date"),
            NOTE,
            SOURCE,
        ),
        key=("cluster_id",),
        references=(("successor_id", "clusters", "cluster_id"),),
        description="Clusters (sundhedsklynger) and councils (sundhedsråd); region + name identify one. "
        "A cluster's successor_id names the council that continues it (its predecessors, seen from the council).",
    ),
    Table(
        "municipalities",
        (
            _c("municipality", required=True),
            _c("code"),
            _c("population", "int", minimum=1),
            _c("population_year", "int", minimum=1900, maximum=2100),
            _c("population_as_of", "date"),
            NOTE,
            SOURCE,
        ),
        key=("municipality",),
        description="Municipalities with their population and its provenance.",
    ),
    Table(
        "memberships",
        (
            _c("cluster_id", required=True),
            _c("municipality", required=True),
            _c("certain", "bool", required=True),
            NOTE,
            SOURCE,
        ),
        key=("cluster_id", "municipality"),
        references=(CLUSTER_REF, ("municipality", "municipalities", "municipality")),
    ),
    Table(
        "focus_areas",
        (
            _c("cluster_id", required=True),
            _c("focus_area_id", required=True, pattern=ID_PATTERN),
            _c("name", required=True),
            _c("target_share", "float", minimum=0, maximum=1),
            _c("cap_dkk", "int", **MONEY),
            NOTE,
            SOURCE,
        ),
        key=("cluster_id", "focus_area_id"),
        references=(CLUSTER_REF,),
    ),
    Table(
        "cluster_settings",
        (
            _c("cluster_id", required=True),
            _c(
                "key",
                required=True,
                choices=("region_share", "pool_dkk", "carry_over", "regional_pool_on_unused", "no_running_costs"),
            ),
            _c("value", required=True),
            NOTE,
            SOURCE,
        ),
        key=("cluster_id", "key"),
        references=(CLUSTER_REF,),
    ),
    Table(
        "principles",
        (
            _c("cluster_id", required=True),
            _c("principle", required=True),
            _c("title"),
            _c("text", required=True),
            SOURCE,
        ),
        key=("cluster_id", "principle"),
        references=(CLUSTER_REF,),
    ),
    Table(
        "funds",
        (
            _c("cluster_id", required=True),
            _c("year", "int", required=True, minimum=2000, maximum=2100),
            _c("party", required=True, choices=("kommuner", "region")),
            _c("amount_dkk", "int", required=True, **MONEY),
            _c("kind", required=True, choices=("tildelt", "forventet")),
            NOTE,
            SOURCE,
        ),
        key=("cluster_id", "year", "party", "kind"),
        references=(CLUSTER_REF,),
    ),
    Table(
        "initiatives",
        (
            _c("initiative_id", required=True, pattern=ID_PATTERN),
            _c("cluster_id", required=True),
            _c("name", required=True),
            _c("focus_area_id"),
            _c(
                "status",
                required=True,
                choices=("forslag", "besluttet", "afvist", "igangsat", "afsluttet"),
            ),
            _c("cost_type", required=True, choices=COST_TYPES),
            _c("decided_meeting_id"),
            _c("description"),
            NOTE,
            SOURCE,
        ),
        key=("initiative_id",),
        references=(CLUSTER_REF, ("decided_meeting_id", "meetings", "meeting_id")),
    ),
    Table(
        "initiative_costs",
        (
            _c("initiative_id", required=True),
            _c("year", "int", required=True, minimum=2000, maximum=2100),
            _c("amount_dkk", "int", required=True, **MONEY),
            _c("kind", required=True, choices=("budget", "estimate", "actual")),
            NOTE,
            SOURCE,
        ),
        key=("initiative_id", "year", "kind"),
        references=(("initiative_id", "initiatives", "initiative_id"),),
    ),
    Table(
        "initiative_unit_costs",
        (
            _c("initiative_id", required=True),
            _c("unit_no", "int", required=True),
            _c("name", required=True),
            _c("amount_dkk", "int", required=True, **MONEY),
            _c("per", required=True),
            _c("kind", required=True, choices=("budget", "estimate", "actual")),
            NOTE,
            SOURCE,
        ),
        key=("initiative_id", "unit_no"),
        references=(("initiative_id", "initiatives", "initiative_id"),),
    ),
    Table(
        "initiative_recipients",
        (
            _c("initiative_id", required=True),
            _c("municipality", required=True),
            _c("year", "int", required=True, minimum=2000, maximum=2100),
            _c("amount_dkk", "int", required=True, **MONEY),
            NOTE,
            SOURCE,
        ),
        key=("initiative_id", "municipality", "year"),
        references=(
            ("initiative_id", "initiatives", "initiative_id"),
            ("municipality", "municipalities", "municipality"),
        ),
    ),
    Table(
        "indicators",
        (
            _c("indicator_id", required=True, pattern=ID_PATTERN),
            _c("name", required=True),
            _c("cluster_id"),
            _c("geography", required=True),
            _c("period", required=True),
            _c("value", "float"),
            _c("value_low", "float"),
            _c("value_high", "float"),
            _c("unit", required=True),
            NOTE,
            SOURCE,
        ),
        key=("indicator_id",),
        references=(CLUSTER_REF,),
    ),
)

MEETING = Table(
    "meetings",
    (
        _c("meeting_id", required=True, pattern=ID_PATTERN),
        _c("cluster_id", required=True),
        _c("level", required=True, choices=("politisk", "faglig")),
        _c("title"),
        _c("meeting_date", "date"),
        _c("date_note"),
        _c("location"),
        SOURCE,
    ),
    key=("meeting_id",),
    references=(CLUSTER_REF,),
)
AGENDA_ITEM = Table(
    "agenda_items",
    (
        _c("meeting_id", required=True),
        _c("position", "int", required=True),
        _c("item_no", required=True),
        _c("title", required=True),
        _c("item_type", choices=("B", "D", "O")),
        _c("recommendation"),
        _c("decision"),
        _c("body"),
    ),
    key=("meeting_id", "position"),
)
PARTICIPANT = Table(
    "participants",
    (
        _c("meeting_id", required=True),
        _c("position", "int", required=True),
        _c("name", required=True),
        _c("title"),
        _c("organisation"),
        _c("attended", "bool", required=True),
    ),
    key=("meeting_id", "position"),
)
THEME = Table(
    "catalogue_themes",
    (
        _c("theme_no", "int", required=True, minimum=1),
        _c("title", required=True),
        _c("challenge", required=True),
        _c("national_figures", "list"),
        _c("data_to_follow", "list"),
        SOURCE,
    ),
    key=("theme_no",),
)
IDEA = Table(
    "catalogue_ideas",
    (
        _c("theme_no", "int", required=True),
        _c("idea_no", "int", required=True),
        _c("text", required=True),
        _c("links", "list"),
    ),
    key=("theme_no", "idea_no"),
)

YAML_TABLES: tuple[Table, ...] = (MEETING, AGENDA_ITEM, PARTICIPANT, THEME, IDEA)
ALL_TABLES: tuple[Table, ...] = CSV_TABLES + YAML_TABLES
TABLES_BY_NAME = {t.name: t for t in ALL_TABLES}
