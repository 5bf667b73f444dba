"""Several processes, one store file: nobody keeps the file open between operations, a
write waits for another process's lock (bounded) and otherwise says in Danish that the
store is busy, never with a traceback. The dashboard itself is in
tests/browser/test_store_processes.py (a real `streamlit run`)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core import store as store_module

ROOT = Path(__file__).resolve().parent.parent
BUSY = "Databasen er optaget af en anden proces"

# A process that opens the file read-write and keeps it open (what the dashboard did before).
HOLD = """import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""
# A process that writes N times through the Store: each write one transaction.
WRITE = """import sys
from core.store import Store, StoreBusy
db = Store(sys.argv[1])
ok = busy = 0
for i in range(int(sys.argv[2])):
    try:
        with db.transaction() as cur:
            cur.execute("INSERT INTO app.test_writes VALUES (?, ?)", [i, sys.argv[3]])
        ok += 1
    except StoreBusy as exc:
        busy += 1
        print(exc, file=sys.stderr)
print(ok, busy)
"""


def python(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


@contextmanager
def held(path: Path, seconds: float) -> Iterator[None]:
    """Another process holds the file read-write for `seconds` (or until the block ends)."""
    holder = python("-c", HOLD, str(path), str(seconds))
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        yield
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def fresh_db(fresh_db: Path) -> Path:
    """The fresh store plus a scratch table the writers here append to."""
    with store_module.Store(fresh_db).transaction() as cur:
        cur.execute("CREATE TABLE app.test_writes (n INTEGER, who VARCHAR)")
    return fresh_db


def cli(db: Path, *args: str, timeout_s: float = 5) -> subprocess.Popen:
    return python("-m", "core", "--db", str(db), *args, env={"KLYNGEBLIK_LOCK_TIMEOUT": str(timeout_s)})


def test_a_store_keeps_no_file_open_between_operations(fresh_db):
    db = store_module.Store(fresh_db)
    assert db.scalar("SELECT count(*) FROM clusters") > 0
    with db.transaction() as cur:
        cur.execute("INSERT INTO app.test_writes VALUES (1, 't')")
    # another process can now open the file read-write: nothing here holds it
    other = python("-c", HOLD, str(fresh_db), "0")
    assert other.wait(timeout=60) == 0, other.stderr.read()
    duckdb.connect(str(fresh_db)).close()  # and so can this process, in any mode


def test_a_read_waits_for_a_short_write_in_another_process(fresh_db):
    with held(fresh_db, 1.0):
        start = time.monotonic()
        db = store_module.Store(fresh_db, lock_timeout_s=20)
        assert db.scalar("SELECT count(*) FROM clusters") > 0
    assert time.monotonic() - start >= 0.5  # it waited for the holder, then read


def test_a_write_held_up_too_long_raises_store_busy_in_danish(fresh_db):
    db = store_module.Store(fresh_db, lock_timeout_s=0.5)
    with held(fresh_db, 30):
        start = time.monotonic()
        with pytest.raises(store_module.StoreBusy) as caught:
            with db.transaction() as cur:
                cur.execute("SELECT 1")
        assert 0.4 <= time.monotonic() - start < 5
    message = str(caught.value)
    assert message.startswith(BUSY) and message.endswith("prøv igen om lidt.")
    assert "PID" in message and "\n" not in message
    with db.transaction() as cur:  # and once the other process is gone, it works
        cur.execute("SELECT 1")


def test_cli_says_busy_in_one_danish_line_with_exit_2(fresh_db):
    with held(fresh_db, 30):
        build = cli(fresh_db, "build", timeout_s=0.5)
        out, err = build.communicate(timeout=120)
    assert build.returncode == 2, (out, err)
    assert err.startswith(f"Fejl: {BUSY}") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_two_processes_writing_at_once_both_succeed_or_are_told_busy(fresh_db):
    writers = [python("-c", WRITE, str(fresh_db), "20", name) for name in ("a", "b")]
    results = [w.communicate(timeout=180) for w in writers]
    for writer, (_out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "Traceback" not in err
        assert all(line.startswith(BUSY) for line in err.splitlines()), err
    written = sum(int(out.split()[0]) for out, _ in results)
    told_busy = sum(int(out.split()[1]) for out, _ in results)
    assert written + told_busy == 40
    db = store_module.Store(fresh_db)
    assert db.scalar("SELECT count(*) FROM app.test_writes") == written


def test_two_cli_builds_at_once_both_succeed_or_one_is_told_busy(fresh_db):
    builds = [cli(fresh_db, "build", timeout_s=30) for _ in range(2)]
    results = [b.communicate(timeout=180) for b in builds]
    for build, (out, err) in zip(builds, results):
        assert "Traceback" not in err
        assert build.returncode == 0 or (build.returncode == 2 and BUSY in err), (out, err)
    assert any(b.returncode == 0 for b in builds)
    assert store_module.Store(fresh_db).scalar("SELECT count(*) FROM clusters") == 26


def test_readers_in_other_processes_never_see_half_a_build(fresh_db):
    """While builds replace the base again and again, a reader always sees all of it."""
    reader = python("-c", """import sys, time
from core.store import Store, StoreBusy
db = Store(sys.argv[1], lock_timeout_s=30)
seen = set()
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    seen.add(db.scalar("SELECT (SELECT count(*) FROM clusters) || '/' || (SELECT count(*) FROM municipalities)"))
print(sorted(seen))
""", str(fresh_db), "6")
    stop = time.monotonic() + 5
    builds = 0
    while time.monotonic() < stop:
        build = cli(fresh_db, "build", timeout_s=30)
        out, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
        builds += 1
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    assert builds >= 1
    assert out.strip() == "['26/126']", out


def test_threads_of_one_process_share_the_file(fresh_db):
    """Reads on many threads and a write in between: one process, no lock errors."""
    db = store_module.Store(fresh_db)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                assert db.scalar("SELECT count(*) FROM clusters") == 26
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for i in range(5):
        with db.transaction() as cur:
            cur.execute("INSERT INTO app.test_writes VALUES (?, 't')", [i + 1])
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert db.scalar("SELECT count(*) FROM app.test_writes") == 5


def test_a_page_shows_the_busy_message_instead_of_a_traceback(fresh_db, monkeypatch):
    monkeypatch.setenv("KLYNGEBLIK_DB", str(fresh_db))
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.3)
    with held(fresh_db, 60):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["klynge"] = "hovedstaden-nord"
        at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] and at.error[0].value.startswith(BUSY)


def test_a_held_store_opens_the_file_once_and_lets_go_at_the_end(fresh_db):
    """One dashboard script run (Store.held): its reads share one read-only connection,
    a write inside it still works, and after the block another process can write."""
    db = store_module.Store(fresh_db)
    with db.held():
        assert db.scalar("SELECT count(*) FROM clusters") == 26
        first = db._lease.connection
        assert first is not None  # kept open between the run's reads
        assert db.scalar("SELECT count(*) FROM municipalities") > 0
        assert db._lease.connection is first
        with db.transaction() as cur:  # a save on the page: reopens read-write, no deadlock
            cur.execute("INSERT INTO app.test_writes VALUES (1, 't')")
        assert db.scalar("SELECT count(*) FROM app.test_writes") == 1
    assert db._lease.connection is None
    other = python("-c", HOLD, str(fresh_db), "0")
    assert other.wait(timeout=60) == 0, other.stderr.read()
