"""Getting what a run has drawn to the browser while the run goes on.

Streamlit's event loop sends the messages a script enqueues, but it needs the GIL, and a
running script holds it: measured, nothing of a slider move left the server until the
fragment had nearly ended (12–20 ms). A short sleep once the figures the chair watches are
enqueued lets the loop send them at once (5–8 ms after the request), and the browser draws
them before the rest arrives (docs/performance.md, "Fourth pass").
"""

from __future__ import annotations

import time

from streamlit import runtime

HAND_OVER_S = 0.003


def send_what_is_drawn() -> None:
    """Let the event loop send what is enqueued (HAND_OVER_S). Only a served app has one:
    AppTest runs the script without a server, under a stand-in runtime."""
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        time.sleep(HAND_OVER_S)
