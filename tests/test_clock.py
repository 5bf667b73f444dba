"""Danish time whatever the computer's time zone: a decision note saved at 08:09 in Copenhagen
said "kl. 07:09" on a machine (a server, a container) running in UTC."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core import clock, scenario_repo
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent


def danish_now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None)


def test_now_is_copenhagen_wall_clock_time():
    assert abs(clock.now() - danish_now()) < dt.timedelta(seconds=5)
    assert clock.now().tzinfo is None and clock.now().microsecond == 0
    assert clock.today() == danish_now().date()


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_the_computers_own_time_zone_does_not_move_it(zone):
    code = "from core import clock; print(clock.now().isoformat())"
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={"TZ": zone, "PATH": "/usr/bin:/bin"}, timeout=60).stdout.strip()
    assert abs(dt.datetime.fromisoformat(shown) - danish_now()) < dt.timedelta(seconds=30)


def test_a_saved_scenario_carries_danish_time(fresh_db):
    from tests.helpers import ISSUE_EXAMPLE

    store = Store(fresh_db)
    scenario_repo.save(store, ISSUE_EXAMPLE, author="Formanden")
    when = store.scalar("SELECT max(saved_at) FROM app.scenario_versions")
    assert abs(when - danish_now()) < dt.timedelta(minutes=1)
