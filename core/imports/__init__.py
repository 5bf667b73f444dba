"""Imports of files a council's secretariat brings: population figures from Danmarks
Statistik's StatBank (FOLK1A/FOLK1AM CSV exports) and indicator figures (long-format CSV).

Each import is two steps: `parse_*` reads and validates the file into a preview (what
changes, from what to what) without touching the store; `apply_*` writes that preview as
user data, one change set of the change log (undoable on Data og regler), in one transaction
with its provenance row in app.imports (file, table, period, when, by whom, change set). Everything the
file cannot give raises `ImportFileError`, a Danish message naming file, row and column.

- `core.imports.population`: parse_population, preview_population, apply_population
- `core.imports.indicators`: parse_indicators, preview_indicators, apply_indicators
- `core.imports.common`: ImportFileError and the file checks both share
- `core.imports.write`: the only place that writes import rows into the store (through
  `core.userdata.write_rows`)
"""
