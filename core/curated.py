"""Read and validate the curated data files in data/ (see docs/data-files.md).

Everything here is pure reading: nothing touches the store. A problem raises
`DataError` naming the file, row and field in Danish, so the build can stop before it
writes anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.privacy import EMAIL
from core.schema import AGENDA_ITEM, CSV_TABLES, IDEA, MEETING, PARTICIPANT, THEME, Column, Table

SOURCE_SEPARATOR = " › "


class DataError(ValueError):
    """A curated data file is wrong. The message is Danish and names file, row and field."""

    def __init__(self, file: str, row: int | None, field: str | None, problem: str):
        self.file, self.row, self.field, self.problem = file, row, field, problem
        where = file
        if row is not None:
            where += f", række {row}"
        if field is not None:
            where += f', felt "{field}"'
        super().__init__(f"{where}: {problem}")


@dataclass
class Row:
    """One validated row with where it came from (for error messages in later checks)."""

    values: dict[str, Any]
    file: str
    line: int


def convert(value: Any, column: Column) -> Any:
    """Turn a CSV string or YAML value into the column's Python type; raise ValueError
    with a Danish explanation when it does not fit."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if column.required:
            raise ValueError("mangler en værdi")
        return None
    kind = column.type
    if kind == "str":
        result: Any = value.strip() if isinstance(value, str) else str(value)
    elif kind == "int":
        result = _to_int(value)
    elif kind == "float":
        result = _to_float(value)
    elif kind == "bool":
        result = _to_bool(value)
    elif kind == "date":
        result = _to_date(value)
    elif kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("skal være en liste af tekster")
        result = [v.strip() for v in value]
    else:  # pragma: no cover - schema error
        raise AssertionError(kind)
    _check_bounds(result, column)
    return result


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f'"{value}" er ikke et helt tal')
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f'"{text}" er ikke et helt tal (skriv kroner uden punktum, fx 2221991)')
    return int(text)


def _to_float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(f'"{text}" er ikke et tal (brug punktum som decimaltegn, fx 0.5)')
    return float(text)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise ValueError(f'"{value}" skal være true eller false')
    return text == "true"


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f'"{value}" er ikke en dato på formen ÅÅÅÅ-MM-DD') from None


def _check_bounds(value: Any, column: Column) -> None:
    if column.choices and value not in column.choices:
        allowed = ", ".join(column.choices)
        raise ValueError(f'"{value}" er ikke tilladt (tilladt: {allowed})')
    if column.pattern and not re.fullmatch(column.pattern, value):
        raise ValueError(f'"{value}" skal være små bogstaver a-z, cifre og bindestreg')
    if column.minimum is not None and value < column.minimum:
        raise ValueError(f"{value} er mindre end {column.minimum:g}")
    if column.maximum is not None and value > column.maximum:
        raise ValueError(f"{value} er større end {column.maximum:g}")
    if isinstance(value, str) and EMAIL.search(value):
        raise ValueError("indeholder en e-mailadresse; den slags personoplysninger gemmes ikke")


def validate_row(raw: dict[str, Any], table: Table, file: str, line: int, sources: set[str]) -> Row:
    """Convert one raw row; DataError names the first field that is wrong."""
    values = {}
    for column in table.columns:
        try:
            values[column.name] = convert(raw.get(column.name), column)
        except ValueError as exc:
            raise DataError(file, line, column.name, str(exc)) from None
    if "source" in values:
        _check_source(values["source"], sources, file, line)
    return Row(values, file, line)


def source_document(source: str) -> str:
    """The file part of a `source` value: '004_….txt › Tema 1 …' → '004_….txt'."""
    return source.split(SOURCE_SEPARATOR, 1)[0].strip()


def _check_source(source: str, sources: set[str], file: str, line: int) -> None:
    document = source_document(source)
    if document not in sources:
        raise DataError(
            file,
            line,
            "source",
            f'kilden "{document}" findes ikke i data/sources/ '
            f'(skriv "<fil>{SOURCE_SEPARATOR}<afsnit>")',
        )


def read_csv_table(data_dir: Path, table: Table, sources: set[str]) -> list[Row]:
    """All rows of data/<table>/*.csv, validated."""
    rows: list[Row] = []
    for path in sorted((data_dir / table.name).glob("*.csv")):
        name = path.relative_to(data_dir.parent).as_posix()
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_header(reader.fieldnames or [], table, name)
            line = 1
            for raw in reader:
                line += 1
                if None in raw:
                    raise DataError(name, line, None, "rækken har flere felter end overskriften")
                rows.append(validate_row(raw, table, name, line, sources))
                line = reader.line_num
    return rows


def _check_header(header: list[str], table: Table, name: str) -> None:
    expected = table.column_names
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append("mangler " + ", ".join(missing))
        if extra:
            detail.append("ukendte kolonner " + ", ".join(extra))
        if not detail:
            detail.append("kolonnerne står i forkert rækkefølge")
        raise DataError(
            name, 1, None, "overskriften er forkert: " + "; ".join(detail) + f" (forventet: {','.join(expected)})"
        )


def safe_loader() -> type:
    """libyaml's loader: it reads the same documents into the same types as the pure-Python
    SafeLoader, about fifteen times faster; the pure-Python one is the fallback. (yaml is
    imported here, not at the top: the pages import this module but only a build reads YAML.)"""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, name: str) -> dict:
    import yaml

    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=safe_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DataError(name, line, None, f"filen er ikke gyldig YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(document, dict):
        raise DataError(name, None, None, "filen skal indeholde et YAML-objekt")
    return document


def _list_of_dicts(document: dict, key: str, name: str) -> list[dict]:
    items = document.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError(name, None, key, "skal være en liste af objekter")
    return items


def read_meetings(data_dir: Path, sources: set[str]) -> dict[str, list[Row]]:
    """Meetings, agenda items and participants from data/meetings/*.yaml.

    The YAML has no line numbers per field once parsed, so errors name the item instead
    (`punkt 3`, `deltager 2`) as the row."""
    out: dict[str, list[Row]] = {"meetings": [], "agenda_items": [], "participants": []}
    for path in sorted((data_dir / "meetings").glob("*.yaml")):
        name = path.relative_to(data_dir.parent).as_posix()
        document = _load_yaml(path, name)
        meeting = validate_row(document, MEETING, name, 1, sources)
        if meeting.values["meeting_id"] != path.stem:
            raise DataError(name, None, "meeting_id", f'skal være det samme som filnavnet ("{path.stem}")')
        out["meetings"].append(meeting)
        meeting_id = meeting.values["meeting_id"]
        for position, item in enumerate(_list_of_dicts(document, "agenda_items", name), start=1):
            raw = {**item, "meeting_id": meeting_id, "position": position}
            out["agenda_items"].append(_validate_child(raw, AGENDA_ITEM, name, f"punkt nr. {position}", sources))
        for position, person in enumerate(_list_of_dicts(document, "participants", name), start=1):
            raw = {**person, "meeting_id": meeting_id, "position": position}
            out["participants"].append(_validate_child(raw, PARTICIPANT, name, f"deltager nr. {position}", sources))
    return out


def _validate_child(raw: dict, table: Table, name: str, label: str, sources: set[str]) -> Row:
    try:
        return validate_row(raw, table, name, 0, sources)
    except DataError as exc:
        raise DataError(f"{name}, {label}", None, exc.field, exc.problem) from None


def read_catalogue(data_dir: Path, sources: set[str]) -> dict[str, list[Row]]:
    """Themes and ideas from data/catalogue/*.yaml; ideas are numbered within their theme."""
    out: dict[str, list[Row]] = {"catalogue_themes": [], "catalogue_ideas": []}
    for path in sorted((data_dir / "catalogue").glob("*.yaml")):
        name = path.relative_to(data_dir.parent).as_posix()
        document = _load_yaml(path, name)
        source = document.get("source")
        for theme in _list_of_dicts(document, "themes", name):
            label = f"tema {theme.get('theme_no', '?')}"
            row = _validate_child({**theme, "source": theme.get("source", source)}, THEME, name, label, sources)
            out["catalogue_themes"].append(row)
            for idea_no, idea in enumerate(_list_of_dicts(theme, "ideas", name), start=1):
                raw = {**idea, "theme_no": row.values["theme_no"], "idea_no": idea_no}
                idea_row = _validate_child(raw, IDEA, name, f"{label}, forslag {idea_no}", sources)
                out["catalogue_ideas"].append(idea_row)
    return out


def source_files(data_dir: Path) -> list[str]:
    """The documents in data/sources, sorted by name."""
    return sorted(p.name for p in (data_dir / "sources").iterdir() if p.is_file())


def read_all(data_dir: Path) -> dict[str, list[Row]]:
    """Every table's validated rows, keyed by table name."""
    if not data_dir.is_dir():
        raise DataError(str(data_dir), None, None, "mappen med data findes ikke")
    sources = set(source_files(data_dir))
    tables = {t.name: read_csv_table(data_dir, t, sources) for t in CSV_TABLES}
    tables.update(read_meetings(data_dir, sources))
    tables.update(read_catalogue(data_dir, sources))
    return tables


def fingerprint(data_dir: Path) -> str:
    """A hash of every data file's path and content: the store is stale when it differs."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix != ".duckdb" and ".duckdb" not in p.name):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
