"""What both imports share: reading an uploaded file's bytes into a frame of strings, with
the checks that come before any parsing (size, Excel, encoding, CSV shape), and the error
that names file, row and column in Danish."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from core.curated import DataError

MAX_BYTES = 50 * 1024 * 1024  # a full FOLK1A export of all municipalities, ages and 8 quarters is ~12 MB
_ZIP_MAGIC = b"PK\x03\x04"  # XLSX (and any Office Open XML file) is a zip
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary XLS


class ImportFileError(DataError):
    """A file that cannot be imported. One Danish sentence naming the file, the row (the
    line in the file, the header being line 1) and the column, when they are known."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        self.file, self.row, self.field, self.problem = file, row, column, problem
        where = file
        if row is not None:
            where += f", række {row}"
        if column is not None:
            where += f", kolonne {column}"
        ValueError.__init__(self, f"{where}: {problem}")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_bytes(data: bytes, file_name: str) -> None:
    """Size, emptiness, spreadsheet and encoding: the checks that need no parsing."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            file_name, None, None,
            f"filen fylder {megabytes(len(data))}; der kan højst importeres {megabytes(MAX_BYTES)} ad gangen. "
            "Vælg kun de variable, der skal bruges (fx køn i alt og alder i alt), i Statistikbanken.",
        )
    if not data.strip():
        raise ImportFileError(file_name, None, None, "filen er tom")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            file_name, None, None,
            "filen er et Excel-regneark, ikke en CSV-fil (også selv om navnet ender på .csv). "
            "Gem den som CSV (semikolonsepareret) og prøv igen.",
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError(file_name, None, None, "filen er ikke en tekstfil (CSV)")


def encoding_error(data: bytes, file_name: str) -> ImportFileError | None:
    """The error for a file that is not UTF-8, naming the line of the first bad byte.
    Called when the parser has failed to decode (a full decode up front would cost a
    third of the time pandas needs to read the file)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        return ImportFileError(
            file_name, row, None,
            "filen er ikke UTF-8-kodet (fx gemt som Windows-1252/ANSI). Gem den igen som CSV med UTF-8.",
        )
    return None


def header_line(data: bytes, file_name: str) -> str:
    """The first line, without a byte-order mark."""
    first = data[: data.find(b"\n")] if b"\n" in data else data
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        raise encoding_error(data, file_name) from None
    return text.lstrip("\ufeff").strip()


def header_names(line: str, sep: str) -> list[str]:
    """The header's column names as the parser will see them."""
    return next(csv.reader([line], delimiter=sep))


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_frame(data: bytes, file_name: str, sep: str, dtype=str) -> pd.DataFrame:
    """The file read by pandas' C parser, empty cells as "" (no NaN guessing); `dtype` as
    read_csv takes it (a dict: the columns not named are inferred). A row with the wrong
    number of fields names its line; bytes that are not UTF-8 name theirs."""
    try:
        return pd.read_csv(
            io.BytesIO(data), sep=sep, dtype=dtype, keep_default_na=False, na_filter=False, engine="c",
        )
    except UnicodeDecodeError:
        raise (encoding_error(data, file_name) or ImportFileError(file_name, None, None, "filen er ikke UTF-8")) from None
    except pd.errors.ParserError as exc:
        found = _FIELDS.search(str(exc))
        if found:
            expected, line, saw = (int(g) for g in found.groups())
            raise ImportFileError(
                file_name, line, None, f"rækken har {saw} felter, men overskriften har {expected}"
            ) from None
        raise ImportFileError(file_name, None, None, "filen kan ikke læses som CSV") from None
    except pd.errors.EmptyDataError:
        raise ImportFileError(file_name, None, None, "filen er tom") from None


def first_row(mask: pd.Series) -> int:
    """The file line of the first True in `mask` (header = line 1, first data row = line 2)."""
    return int(mask.to_numpy().argmax()) + 2


def line_of(index_label) -> int:
    return int(index_label) + 2


def shown(value: str, limit: int = 60) -> str:
    text = str(value)
    return f"»{text[:limit]}…«" if len(text) > limit else f"»{text}«"
