"""Where every figure comes from: the source documents in data/sources, how many rows in the
store cite each, the provenance of the population figures, and the store's build info.

Every curated row's `source` is `<file in data/sources> › <section>`; the part before ` › `
names the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from core import curated, formatting
from core.curated import SOURCE_SEPARATOR
from core.privacy import redact_emails
from core.store import DATA_DIR, Store

SOURCES_DIR = DATA_DIR / "sources"

# What each source document is (the files carry only a number and a hash in their names).
DESCRIPTIONS: dict[str, str] = {
    "000_4c393243a3be118f.txt": "Referat, Politisk Sundhedsklynge Nord (Region Hovedstaden), 10. maj 2023 "
    "– principper for fordeling af klyngemidler (A–H), STIME og KIT, udfordringsbillede",
    "001_4df392b2b95eca09.txt": "Referat, Politisk Sundhedsklynge Midt (Region Hovedstaden), udateret "
    "(mellem 23. november 2022 og 1. februar 2023) – ønsker til sundhedsaftalen, værdier og fokusområder",
    "002_070862dbf3aff259.txt": "Referat, Faglig Sundhedsklynge Nord (Region Nordjylland), 28. maj 2025 "
    "– sundhedsreformen og sundhedsråd, udmøntning af klyngemidler",
    "003_8ce13542b95a5fde.txt": "Referat, politisk møde Sundhedsklynge Vest (Region Nordjylland), "
    "10. maj 2023 – forebyggelige (gen)indlæggelser, Unge på vej, børn og unges mentale sundhed",
    "004_2375811468b4594b.txt": "Idékatalog for sundhedsklyngerne (KL) – temaer, landstal og data at følge",
    "councils.md": "De 17 sundhedsråd, deres regioner fra 2027 og deres 98 kommuner: sekundær kilde "
    "(offentligt datasæt samlet fra rådenes første referater, KL og ism.dk), samlet til Klyngeblik",
    "municipality-codes.md": "Danmarks Statistiks kommunekoder for de 98 kommuner: sekundær kilde "
    "(offentlige kopier af listen), samlet til Klyngeblik",
    "populations.md": "Folketal og klyngemedlemskab: sekundære tal (Wikipedia-kopier med henvisning til "
    "Danmarks Statistik, FOLK1A), samlet til Klyngeblik",
}
UNKNOWN_SOURCE = "Ikke en fil i data/sources (fx en kilde angivet ved en rettelse)"

# Danish names of the public views, for "which tables cite this document".
VIEW_LABELS: dict[str, str] = {
    "clusters": "klynger og råd",
    "municipalities": "kommuner",
    "focus_areas": "fokusområder",
    "cluster_settings": "regler",
    "principles": "principper",
    "funds": "midler",  # a cluster's or a council's
    "initiatives": "initiativer",
    "initiative_costs": "udgifter",
    "initiative_unit_costs": "enhedspriser",
    "initiative_recipients": "modtagere",
    "meetings": "møder",
    "indicators": "indikatorer",
    "catalogue_themes": "idékatalogets temaer",
}

POPULATION_PROVENANCE = (
    "Folketal er sekundære tal (Wikipedia-kopier med henvisning til Danmarks Statistik FOLK1A), "
    "ikke udtræk fra Statistikbanken. De bruges til at fordele kommunernes andel af udgifterne efter "
    "befolkningsandel (princip A). Året og eventuelle forbehold står ved hver kommune; et tal kan "
    "rettes, eller erstattes af et officielt FOLK1A-udtræk."
)


def cited_views(store: Store) -> list[str]:
    """The public views that have a `source` column."""
    found = store.rows(
        """SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'main' AND column_name = 'source'
           ORDER BY table_name"""
    )
    return [name for (name,) in found]


def citation_counts(store: Store) -> pd.DataFrame:
    """Rows per source file and view, counted in one UNION ALL query over every public view
    with a source column: file, view, rows."""
    views = cited_views(store)
    if not views:
        return pd.DataFrame(columns=["file", "view", "rows"])
    # View names come from information_schema, never from a user; the values are parameters.
    union = "\nUNION ALL\n".join(f"SELECT source, '{view}' AS view FROM main.{view}" for view in views)
    return store.query(
        f"""SELECT split_part(source, ?, 1) AS file, view, count(*) AS rows
            FROM ({union}) AS cited
            WHERE source IS NOT NULL
            GROUP BY ALL
            ORDER BY file, rows DESC, view""",
        [SOURCE_SEPARATOR],
    )


def source_files(sources_dir: Path = SOURCES_DIR) -> list[str]:
    """The documents in data/sources, sorted by name (the list the build checks against)."""
    return curated.source_files(sources_dir.parent)


def sources(store: Store) -> pd.DataFrame:
    """Every source document with what it is, its size and how many rows cite it (in total
    and per view); cited names that are not files are listed last."""
    counts = citation_counts(store)
    files = source_files()
    cited_elsewhere = [f for f in dict.fromkeys(counts["file"]) if f not in files]
    rows = []
    for name in files + cited_elsewhere:
        mine = counts[counts["file"] == name]
        rows.append(
            {
                "file": name,
                "description": DESCRIPTIONS.get(name, "" if name in files else UNKNOWN_SOURCE),
                "characters": len(source_text(name)) if name in files else None,
                "rows": int(mine["rows"].sum()),
                "by_view": " · ".join(
                    f"{VIEW_LABELS.get(v, v)} {n}" for v, n in zip(mine["view"], mine["rows"])
                ),
            }
        )
    return pd.DataFrame(rows, columns=["file", "description", "characters", "rows", "by_view"])


def sources_table(overview: pd.DataFrame) -> pd.DataFrame:
    """Fil, Hvad det er, Rækker der henviser, Fordelt på."""
    return pd.DataFrame(
        {
            "Fil": overview["file"],
            "Hvad det er": overview["description"],
            "Rækker der henviser hertil": overview["rows"].astype(int),
            "Fordelt på": overview["by_view"],
        }
    )


def source_text(name: str, sources_dir: Path = SOURCES_DIR) -> str:
    """The original text of one source document, e-mail addresses replaced. Only a plain
    file name in data/sources is accepted: no path separators, no parent references, no
    hidden files."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise ValueError(f"Ugyldigt kildenavn: {name!r}")
    if name not in source_files(sources_dir):
        raise ValueError(f"Kilden findes ikke i data/sources: {name}")
    return redact_emails((sources_dir / name).read_text(encoding="utf-8"))


def population_table(municipalities: pd.DataFrame) -> pd.DataFrame:
    """The cluster's population figures with their provenance (queries.municipalities):
    Kommune, Kode, Folketal, Opgjort, Pr. dato, Forbehold, Kilde."""

    def text(value: Any, fmt=str, empty: str = "–") -> str:
        return empty if value is None or pd.isna(value) else fmt(value)

    return pd.DataFrame(
        {
            "Kommune": municipalities["municipality"],
            "Kode": municipalities["code"].map(text),
            "Folketal": municipalities["population"].map(lambda v: text(v, formatting.number, formatting.NOT_GIVEN)),
            "Opgjort": municipalities["population_year"].map(lambda v: text(v, lambda y: str(int(y)))),
            "Pr. dato": municipalities["population_as_of"].map(lambda v: text(v, formatting.date)),
            "Forbehold": municipalities["note"].fillna(""),
            "Kilde": municipalities["source"],
        }
    )


def build_info(store: Store) -> dict[str, Any]:
    """When the curated base was built, from what (fingerprint), and the schema version."""
    has_build = store.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'build'"
    )
    built = store.rows("SELECT built_at, fingerprint FROM meta.build LIMIT 1") if has_build else []
    latest = store.rows(
        "SELECT version, description, applied_at FROM meta.schema_migrations ORDER BY version DESC LIMIT 1"
    )
    built_at, fingerprint = built[0] if built else (None, None)
    version, description, applied_at = latest[0] if latest else (0, None, None)
    return {
        "built_at": built_at,
        "fingerprint": fingerprint,
        "schema_version": version,
        "schema_description": description,
        "schema_applied_at": applied_at,
    }
