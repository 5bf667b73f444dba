"""How often a read opens the store file. Every open costs ~25 ms (DuckDB reads the file's
header and catalog), so a read that asks many small questions must ask them on one
connection: the search index's generation check, and every cached page read (ui.state.read),
also when a page runs without the shell's pin (AppTest runs a switched-to page alone). The
counter wraps core.store.connect; the real function still opens the real file."""

from __future__ import annotations

import pytest

from core import search, theme_matrix
from core import store as store_module
from ui import state


@pytest.fixture
def opens(monkeypatch) -> list[str]:
    opened: list[str] = []
    real = store_module.connect

    def counting(path, *args, **kwargs):
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_module, "connect", counting)
    return opened


def test_the_search_generation_check_opens_the_file_once(store, opens):
    found = search.generation(store)
    assert len(opens) == 1
    assert dict(found[1])["change_log"] >= 0  # every user table is counted


def test_a_cached_page_read_opens_the_file_once(db_path, opens):
    state.store()  # the dashboard's Store, opened (and checked against data/) once per process
    state._cached.clear()
    opens.clear()
    found = state.read(theme_matrix.matrix, None)  # bodies, themes, items, links, the search index
    assert found["rows"], "the matrix has a row per body"
    assert len(opens) == 1, f"opened {len(opens)} times"


def test_a_draft_written_between_two_page_visits_leaves_the_read_cached(db_path, opens):
    """The chair's draft is written as the chair works; the next page still reads from the
    cache instead of opening the file again for every read."""
    from core import drafts, scenario_source

    state.store()
    first = state.read(theme_matrix.matrix, None)
    document = scenario_source.from_store(state.store(), "hovedstaden-nord")
    drafts.write(state.store(), drafts.new_id(), "hovedstaden-nord", document)
    opens.clear()
    assert state.read(theme_matrix.matrix, None) == first
    assert opens == [], "the draft's write made the next page read the file again"
