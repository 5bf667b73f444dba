"""Getting what a run has drawn to the browser, and drawn there, while the run goes on.

Streamlit's event loop sends the messages a script enqueues, but it needs the GIL, and a
running script holds it: measured, nothing of a slider move left the server until the
fragment had nearly ended (12–20 ms). A pause once the figures the chair watches are
enqueued lets the loop send them at once (docs/performance.md, "Fourth pass").

The pause is also long enough for the browser to *draw* them before the next messages
arrive ("Eighth pass"). The browser applies what arrives in batches (a 10 ms timer) and
redraws the page for each batch; when a run starts it first redraws every element of the
fragment to mark it stale (20–30 ms on a 2-core machine). With a 3 ms pause the figures
arrived in the same batch as the ~30 controls after them and showed only when that large
batch was drawn (p50 96–131 ms after the key press); with 30 ms they get a batch of their
own (p50 ~75 ms). The controls, charts and tables follow the same 30 ms later, which the
chair does not watch.
"""

from __future__ import annotations

import time

from streamlit import runtime

HAND_OVER_S = 0.030


def send_what_is_drawn() -> None:
    """Let the event loop send what is enqueued and the browser draw it (HAND_OVER_S).
    Only a served app has one: AppTest runs the script without a server, under a stand-in
    runtime."""
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        time.sleep(HAND_OVER_S)
