"""Backup and move of user data: every table in schema `app` (entries, imports, change log,
saved scenarios, drafts) as one JSON file each in a zip, with a manifest.

`backup` optionally keeps to one body (`body`): tables with a cluster_id column are filtered on
it, a few others through what they belong to (see FILTERS); tables that cannot be tied to a
body are left out and named in the manifest's `skipped`. `restore` reads a zip into a store
built from data/ in one transaction: the tables it holds replace that store's rows (all of them,
or the body's for a body backup). A zip from a newer schema is refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from core.clock import now
from core.store import SCHEMA_VERSION, Store

FORMAT = "klyngeblik-backup/1"
MANIFEST = "manifest.json"
MAX_UNCOMPRESSED = 500 * 1024 * 1024

# Body filters for tables without their own cluster_id column ($body = the body's id).
FILTERS: dict[str, str] = {
    "user_initiative_costs": "initiative_id IN (SELECT initiative_id FROM main.initiatives WHERE cluster_id = $body)",
    "user_populations": "municipality IN (SELECT municipality FROM base.memberships WHERE cluster_id = $body)",
    "scenario_versions": "scenario_id IN (SELECT scenario_id FROM app.scenarios WHERE cluster_id = $body)",
    **{table: "meeting_id IN (SELECT meeting_id FROM app.user_meetings WHERE cluster_id = $body)"
       for table in ("user_agenda_items", "user_participants", "user_meeting_amounts")},
}


class BackupError(ValueError):
    """A zip that cannot be read or restored; one Danish sentence."""


def _tables(store: Store) -> dict[str, list[str]]:
    """Every table in schema app with its columns, in a stable order."""
    found: dict[str, list[str]] = {}
    for table, column in store.rows(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t USING (table_schema, table_name)
           WHERE c.table_schema = 'app' AND t.table_type = 'BASE TABLE'
           ORDER BY c.table_name, c.ordinal_position"""
    ):
        found.setdefault(table, []).append(column)
    return found


def _filter(table: str, columns: list[str]) -> str | None:
    if "cluster_id" in columns:
        return "cluster_id = $body"
    return FILTERS.get(table)


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):  # an imported minutes' original file
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _unplain(value: Any) -> Any:
    if isinstance(value, dict) and list(value) == ["base64"]:
        try:
            return base64.b64decode(value["base64"], validate=True)
        except (ValueError, TypeError):
            raise BackupError("Sikkerhedskopien har en fil, der ikke kan læses (base64).") from None
    return value


def backup(store: Store, body: str | None = None) -> bytes:
    """The user data as zip bytes (the page's download and the CLI both use this)."""
    if body is not None and not store.scalar("SELECT count(*) FROM clusters WHERE cluster_id = ?", [body]):
        raise BackupError(f"Klyngen eller sundhedsrådet »{body}« findes ikke i databasen.")
    files, skipped = [], []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, columns in _tables(store).items():
            where = _filter(table, columns)
            if body is not None and where is None:
                skipped.append(table)
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            sql = f"SELECT {names} FROM app.{table}" + (f" WHERE {where}" if body is not None else "")
            rows = store.rows(sql, {"body": body} if body is not None else None)
            records = [{c: _plain(v) for c, v in zip(columns, row)} for row in rows]
            name = f"tables/{table}.json"
            archive.writestr(name, json.dumps(records, ensure_ascii=False, indent=1))
            files.append({"table": table, "file": name, "rows": len(records), "columns": columns})
        manifest = {
            "format": FORMAT,
            "schema_version": store.schema_version(),
            "created": now().isoformat(),
            "body": body,
            "files": files,
            "skipped": skipped,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def read(source: bytes | str | Path | IO[bytes]) -> tuple[dict, dict[str, list[dict]]]:
    """Manifest and rows per table from a backup zip; BackupError for anything else."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise BackupError("Filen er ikke en zip-fil fra Klyngebliks sikkerhedskopi.") from None
    with archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED:
            raise BackupError("Sikkerhedskopien er for stor (over 500 MB udpakket).")
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError):
            raise BackupError("Zip-filen har ingen gyldig manifest.json; den er ikke en sikkerhedskopi fra Klyngeblik.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"manifest.json angiver ikke formatet {FORMAT}.")
        version = manifest.get("schema_version")
        if not isinstance(version, int):
            raise BackupError("manifest.json mangler skemaversionen (schema_version).")
        if version > SCHEMA_VERSION:
            raise BackupError(
                f"Sikkerhedskopien er lavet af en nyere udgave af Klyngeblik (skemaversion {version}; "
                f"denne udgave har {SCHEMA_VERSION}). Opdatér Klyngeblik, før den indlæses."
            )
        tables = {}
        for entry in manifest.get("files", []):
            try:
                rows = json.loads(archive.read(entry["file"]))
            except (KeyError, ValueError, TypeError):
                raise BackupError(f"Filen {entry.get('file')} i sikkerhedskopien mangler eller kan ikke læses.") from None
            if not isinstance(rows, list) or len(rows) != entry.get("rows"):
                raise BackupError(f"Filen {entry['file']} har ikke det antal rækker, manifestet angiver.")
            tables[entry["table"]] = rows
    return manifest, tables


def restore(store: Store, source: bytes | str | Path | IO[bytes], *, dry_run: bool = False) -> dict:
    """Read a backup into the store in one transaction. Returns {"body", "tables": {table:
    {"rows": in the zip, "replaced": rows it replaces}}}; with dry_run nothing is written."""
    manifest, tables = read(source)
    body = manifest.get("body")
    ours = _tables(store)
    summary: dict[str, Any] = {"body": body, "schema_version": manifest["schema_version"], "tables": {}}
    plans = []
    for table, rows in tables.items():
        if table not in ours:
            raise BackupError(f"Sikkerhedskopien har tabellen {table}, som denne database ikke kender.")
        columns = ours[table]
        extra = sorted({c for row in rows for c in row} - set(columns))
        if extra:
            raise BackupError(f"Tabellen {table} i sikkerhedskopien har kolonner, denne database ikke kender: {', '.join(extra)}.")
        where = _filter(table, columns) if body is not None else "TRUE"
        if where is None:
            raise BackupError(f"Tabellen {table} kan ikke knyttes til {body}.")
        params = {"body": body} if body is not None else None
        replaced = store.scalar(f"SELECT count(*) FROM app.{table} WHERE {where}", params)
        summary["tables"][table] = {"rows": len(rows), "replaced": replaced}
        plans.append((table, columns, rows, where, params))
    if dry_run:
        return summary
    try:
        with store.transaction() as cur:
            for table, columns, rows, where, params in plans:
                cur.execute(f"DELETE FROM app.{table} WHERE {where}", params)
                if not rows:
                    continue
                frame = pd.DataFrame({c: pd.Series([_unplain(r.get(c)) for r in rows], dtype=object)
                                      for c in columns})
                names = ", ".join(f'"{c}"' for c in columns)
                cur.register("incoming", frame)
                cur.execute(f"INSERT INTO app.{table} ({names}) SELECT {names} FROM incoming")
                cur.unregister("incoming")
    except duckdb.ConstraintException as exc:
        raise BackupError(f"Sikkerhedskopien kan ikke indlæses: en række findes allerede med samme nøgle ({exc}).") from None
    except (duckdb.ConversionException, duckdb.BinderException, duckdb.InvalidInputException) as exc:
        raise BackupError(f"Sikkerhedskopien kan ikke indlæses: en værdi har forkert type ({exc}).") from None
    return summary
