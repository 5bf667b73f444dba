"""Libraries the dashboard imports on first use instead of at start.

pandas takes ~0,5 s to import. Loaded at start, it held back a fresh server's first page
until it was in: Overblik's key figures and the sidebar need only DuckDB. Deferred, those
are drawn first, and the browser fetches their code while the server loads pandas for the
tables and charts further down (docs/performance.md, "Twelfth pass").

`importlib.util.LazyLoader` does the same inside the import system, but on Python 3.11 it
is not safe when two threads (two browser sessions) touch the module first at once; this
stand-in imports through `importlib.import_module`, which takes the import lock.
"""

from __future__ import annotations

import importlib
from typing import Any


class Deferred:
    """Stands for a module; the first attribute read imports it, and every read is passed on."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)

    def __repr__(self) -> str:
        return f"<deferred module {self._name!r}>"


pandas: Any = Deferred("pandas")
