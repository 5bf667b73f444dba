"""Danish time: what every stored time stamp and every date the product writes or shows is.

The bodies meet in Denmark and their minutes, notes and change logs speak Danish time, so the
clock is Europe/Copenhagen whatever the computer's own time zone is (a server or a container
often runs in UTC: a decision note saved at 08:09 in Copenhagen said "kl. 07:09"). Time
stamps are stored without a zone, as Danish wall-clock time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def now() -> dt.datetime:
    """Danish wall-clock time, without zone or microseconds."""
    return dt.datetime.now(DANISH_TIME).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    """The date in Denmark."""
    return now().date()
