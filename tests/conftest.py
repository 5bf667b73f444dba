"""Shared fixtures: one store built from data/ for the whole session (like a populated
datasette fixture), plus a fresh empty-user-data store when a test writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import store as store_module

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """A store built from data/ once per session; KLYNGEBLIK_DB points at it (AppTest)."""
    path = tmp_path_factory.mktemp("store") / "klyngeblik.duckdb"
    store_module.build(path)
    os.environ["KLYNGEBLIK_DB"] = str(path)
    return path


@pytest.fixture(scope="session")
def store(db_path):
    opened = store_module.Store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def fresh_db(tmp_path) -> Path:
    """A store of its own for a test that writes or rebuilds."""
    path = tmp_path / "fresh.duckdb"
    store_module.build(path)
    return path


@pytest.fixture
def fresh_store(fresh_db):
    """An open Store on `fresh_db`, closed after the test."""
    opened = store_module.Store(fresh_db)
    yield opened
    opened.close()
