"""One way the staff pages (Data og regler, Opfølgning) write user data: run the write, show
the Danish reason it was refused (nothing written), or rerun with a message naming the change."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.userdata import UserDataError
from ui import state


def save_change(action: Callable[[], int | None], done: str, flash_key: str, hint: str = "") -> None:
    """`action` returns the change-set number, or None when nothing changed. On success the
    page reruns so every table shows the new state; the message ("done (ændring nr. N…)") is
    left under `flash_key` for the page to show."""
    try:
        change = action()
    except UserDataError as exc:
        st.error(f"Ikke gemt: {exc}", icon=":material/error:")
        return
    state.clear_reads()
    if change is None:
        st.info("Ingen ændringer: værdierne er de samme som før.")
        return
    st.session_state[flash_key] = f"{done} (ændring nr. {change}{hint})."
    st.rerun()
