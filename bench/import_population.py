"""How fast `python -m core import population` takes a full FOLK1A export, side by side with
`pandas.read_csv` reading the same file (issue 8: within 3×).

Builds a synthetic export shaped like StatBank's CSV (labels, semicolons, UTF-8 with BOM):
98 municipalities + 5 regions + the whole country, sex (I alt, Mænd, Kvinder), age
(Alder i alt, 0 år … 125 år) and 8 quarters: 104 × 3 × 127 × 8 = 316.992 rows. The
municipalities are the store's (with their DST codes), filled up to 98 with made-up ones
(which the import reports as not recognised: they still cost their full share of parsing).

Two comparisons, each interleaved so both sides see the same machine load:
- in process: `parse_population` alone (the preview: read, validate, match), and the whole
  import (open the store, preview, apply in one transaction, close) into a fresh copy of the
  store, each against `pandas.read_csv(path, sep=";")`;
- command line: `python -m core --db COPY import population FILE --json` as a subprocess,
  against `python -c "import pandas; pandas.read_csv(FILE, sep=';')"`.

    python bench/import_population.py [--runs 5] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from core import store  # noqa: E402
from core.imports import population  # noqa: E402

REGIONS = ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"]
SEXES = ["I alt", "Mænd", "Kvinder"]
AGES = ["Alder i alt"] + [f"{age} år" for age in range(126)]
QUARTERS = [f"{year}K{q}" for year in (2024, 2025) for q in range(1, 5)]


def areas(known: pd.DataFrame) -> list[str]:
    """Country, regions and 98 municipalities by name (the store's first, then made-up)."""
    names = sorted(known.loc[known["code"].notna(), "municipality"])[:98]
    names += [f"Kommune {900 + i}" for i in range(98 - len(names))]
    return ["Hele landet", *REGIONS, *names]


def folk1a_export(area_names: list[str], seed: int = 11) -> bytes:
    """A full FOLK1A export (labels), as StatBank's "Gem som CSV (semikolonsepareret)"."""
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product([area_names, SEXES, AGES, QUARTERS], names=["OMRÅDE", "KØN", "ALDER", "TID"])
    frame = index.to_frame(index=False)
    frame["INDHOLD"] = rng.integers(0, 5_000, len(frame))
    totals = (frame["KØN"] == "I alt") & (frame["ALDER"] == "Alder i alt")
    frame.loc[totals, "INDHOLD"] = rng.integers(1_800, 660_000, int(totals.sum()))
    return b"\xef\xbb\xbf" + frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="also write the synthetic export to this path")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base_db = tmp / "built.duckdb"  # not "base.duckdb": the catalog would shadow schema base
        store.build(base_db)
        opened = store.Store(base_db)
        known = population.known_municipalities(opened)
        opened.close()
        data = folk1a_export(areas(known))
        export = tmp / "FOLK1A.csv"
        export.write_bytes(data)
        if args.keep:
            shutil.copyfile(export, args.keep)

        def fresh_db() -> Path:
            copy = tmp / "run.duckdb"
            shutil.copyfile(base_db, copy)
            return copy

        def import_in_process(db_path: Path) -> dict:
            db = store.Store(db_path)
            try:
                preview = population.preview_population(db, export.read_bytes(), export.name)
                return population.apply_population(db, preview, "bench")
            finally:
                db.close()

        cli = [sys.executable, "-m", "core", "--db", "", "import", "population", str(export), "--json"]
        pandas_cli = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(export)!r}, sep=';')"]
        result = {"rows": int(data.count(b"\n")) - 1, "megabytes": round(len(data) / 1e6, 1)}
        times: dict[str, list[float]] = {
            "read_csv": [], "preview": [], "import": [], "read_csv_cli": [], "import_cli": []
        }
        opened = store.Store(base_db)
        known = population.known_municipalities(opened)
        opened.close()
        summary = None
        for _ in range(args.runs):
            times["read_csv"].append(timed(lambda: pd.read_csv(export, sep=";")))
            times["preview"].append(
                timed(lambda: population.parse_population(export.read_bytes(), export.name, known))
            )
            db_path = fresh_db()
            times["import"].append(timed(lambda path=db_path: import_in_process(path)))
            times["read_csv_cli"].append(timed(lambda: subprocess.run(pandas_cli, check=True, cwd=ROOT)))
            db_path = fresh_db()
            cli[4] = str(db_path)
            times["import_cli"].append(
                timed(lambda: subprocess.run(cli, check=True, cwd=ROOT, capture_output=True))
            )
            summary = json.loads(subprocess.run(
                [*cli[:-1], "--json", "--dry-run"], check=True, cwd=ROOT, capture_output=True, text=True
            ).stdout)
        medians = {name: statistics.median(values) for name, values in times.items()}
        result.update({f"{name}_s": round(value, 3) for name, value in medians.items()})
        result["ratio_preview"] = round(medians["preview"] / medians["read_csv"], 2)
        result["ratio_in_process"] = round(medians["import"] / medians["read_csv"], 2)
        result["ratio_cli"] = round(medians["import_cli"] / medians["read_csv_cli"], 2)
        result["summary"] = {k: summary[k] for k in ("period", "municipalities", "unchanged")} | {
            "unmatched": len(summary["unmatched"])
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
