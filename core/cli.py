"""`python -m core …`: build the store, evaluate scenarios, back up and restore user data, search,
import minutes, population and indicator files.

Errors a user can make (bad data files, an invalid scenario) end with one Danish line on
stderr and exit code 2, never a traceback.

The store (DuckDB, pandas) is imported only by the commands that open it, so evaluating a
scenario file starts in a fraction of the time."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import curated


class CliError(Exception):
    """A user's mistake found by a command; printed as one Danish line, exit code 2."""


def _data_dir(args: argparse.Namespace) -> Path | str:
    from core import store

    return args.data or store.DATA_DIR


def _build(args: argparse.Namespace) -> int:
    from core import store

    counts = store.build(args.db, _data_dir(args))
    path = args.db or store.default_db_path()
    summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
    print(f"Databasen er bygget: {path}\n{summary}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from core import scenario

    if args.from_store:
        from core import scenario_source, store

        db = store.open_store(args.db, _data_dir(args))
        try:
            document = scenario_source.from_store(db, args.from_store)
        finally:
            db.close()
    elif args.file:
        document = scenario.load_file(Path(args.file))
    else:
        raise scenario.ScenarioError("angiv en scenariefil eller --from-store KLYNGE_ID")
    result = scenario.evaluate_document(document)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from core import backup, store

    db = store.open_store(args.db, _data_dir(args))
    try:
        data = backup.backup(db, args.body)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.close()
    Path(args.out).write_bytes(data)
    manifest = backup.read(data)[0]
    rows = sum(f["rows"] for f in manifest["files"])
    print(f"Sikkerhedskopien er skrevet: {args.out} ({len(manifest['files'])} tabeller, {rows} rækker)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from core import backup, store

    db = store.open_store(args.db, _data_dir(args))
    try:
        summary = backup.restore(db, Path(args.file), dry_run=args.dry_run)
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.close()
    verb = "ville indlæse" if args.dry_run else "indlæste"
    for table, counts in summary["tables"].items():
        print(f"{table}: {verb} {counts['rows']} rækker (erstatter {counts['replaced']})")
    print("Prøvekørsel: intet er skrevet." if args.dry_run else "Sikkerhedskopien er indlæst.")
    return 0


def _search(args: argparse.Namespace) -> int:
    from core import search, store

    db = store.open_store(args.db, _data_dir(args))
    try:
        result = search.search(db, args.query, body_id=args.body, kind=args.kind, limit=args.limit)
    finally:
        db.close()
    if args.json:
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if result.suggestion:
        print(f"Mente du: {result.suggestion}?")
    if not result.hits:
        print("Ingen resultater.")
    for number, hit in enumerate(result.hits, 1):
        print(f"{number}. [{search.KINDS[hit.kind]}] {hit.title}  ({hit.link})")
        print(f"   {hit.snippet}")
    return 0


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 1000:
        raise argparse.ArgumentTypeError("skal være et helt tal mellem 1 og 1000")
    return number
def _bodies(args: argparse.Namespace) -> list[dict]:
    """The store's clusters and councils (id, name, region, hospital), for matching a minutes'
    body by name."""
    from core import store

    db = store.open_store(args.db, _data_dir(args))
    try:
        rows = db.rows("SELECT cluster_id, name, region, hospital FROM clusters ORDER BY cluster_id")
    finally:
        db.close()
    return [{"id": r[0], "name": r[1], "region": r[2], "hospital": r[3]} for r in rows]


class _ProgressBar:
    """A one-line bar on stderr: file n of N, page p of P. Only drawn on a terminal."""

    def __init__(self, files: int, enabled: bool):
        self.files, self.enabled, self.file_no, self.name = files, enabled, 0, ""

    def start(self, file_no: int, name: str) -> None:
        self.file_no, self.name = file_no, name
        self(0, 0)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        share = done / total if total else 0.0
        bar = "#" * int(share * 24)
        pages = f"side {done}/{total}" if total else ""
        sys.stderr.write(f"\r[{bar:<24}] fil {self.file_no}/{self.files} {pages} {self.name[:40]}\033[K")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _ingest(args: argparse.Namespace) -> int:
    from core import minutes

    bodies = [] if args.body else _bodies(args)
    if args.body and args.body not in {b["id"] for b in _bodies(args)}:
        raise CliError(f'organet "{args.body}" findes ikke i databasen')
    progress = _ProgressBar(len(args.files), enabled=sys.stderr.isatty() and not args.json)
    results, failed = [], 0
    for number, name in enumerate(args.files, start=1):
        progress.start(number, Path(name).name)
        try:
            meeting = minutes.ingest_file(name, bodies=bodies, body_id=args.body, progress=progress)
        except minutes.UnreadableFile as exc:
            progress.close()
            print(f"Fejl: {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        results.append((name, meeting))
    progress.close()
    saved = [] if args.dry_run else _save_meetings(args, results)
    failed += sum(1 for entry in saved if entry["meeting_id"] is None)
    if args.json:
        output: dict = {"meetings": [m.to_json(name) for name, m in results]}
        if not args.dry_run:
            output["saved"] = saved
        json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for name, meeting in results:
            date = meeting.meeting_date.isoformat() if meeting.meeting_date else "uden dato"
            amounts = sum(len(i.amounts) for i in meeting.items)
            print(f"{name}: {meeting.title or 'uden titel'} ({date}), organ: {meeting.body_id or 'ikke fundet'}, "
                  f"{len(meeting.items)} punkter, {len(meeting.participants)} deltagere, {amounts} beløb")
            for warning in meeting.warnings:
                print(f"  advarsel: {warning}")
        for entry in saved:
            if entry["meeting_id"] is None:
                continue
            if entry["status"] == "uændret":
                print(f"{entry['file']}: mødet {entry['meeting_id']} findes allerede med samme indhold; intet ændret.")
            else:
                print(f"{entry['file']}: gemt som {entry['status']} møde {entry['meeting_id']} "
                      f"(ændring nr. {entry['change_set']}).")
    if results and args.dry_run and not args.json:
        print("Prøvekørsel: intet er gemt.", file=sys.stderr)
    return 2 if failed else 0


def _read_import_file(path: str) -> bytes:
    from core.imports.common import MAX_BYTES, ImportFileError, megabytes

    file = Path(path)
    if not file.is_file():
        raise ImportFileError(file.name, None, None, "filen findes ikke")
    size = file.stat().st_size
    if size > MAX_BYTES:  # refused before it is read into memory
        raise ImportFileError(
            file.name, None, None,
            f"filen fylder {megabytes(size)}; der kan højst importeres {megabytes(MAX_BYTES)} ad gangen",
        )
    return file.read_bytes()


def _importer() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (e.g. a container)
        return "ukendt"


def _import(args: argparse.Namespace) -> int:
    """Preview an import, then (unless --dry-run) apply it in one transaction."""
    from core import store
    from core.imports import indicators, population
    from core.userdata import UserDataError

    data = _read_import_file(args.file)
    name = Path(args.file).name
    by = args.by or _importer()
    db = store.open_store(args.db, _data_dir(args))
    try:
        if args.body and not db.scalar("SELECT count(*) FROM clusters WHERE cluster_id = ?", [args.body]):
            raise CliError(f"--body: klyngen eller sundhedsrådet »{args.body}« findes ikke i databasen")
        if args.what == "population":
            preview = population.preview_population(db, data, name, args.period)
            apply = population.apply_population
        else:
            preview = indicators.preview_indicators(db, data, name)
            apply = indicators.apply_indicators
        try:
            summary = preview.summary() if args.dry_run else apply(db, preview, by, args.body)
        except UserDataError as exc:  # e.g. a name over 200 characters in --by
            raise CliError(str(exc)) from None
    finally:
        db.close()
    summary["dry_run"] = bool(args.dry_run)
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_import_text(args.what, summary))
    return 0


def _import_text(what: str, summary: dict) -> str:
    done = "Prøvekørsel – intet er gemt. " if summary["dry_run"] else ""
    if summary.get("change_set"):
        done = f"Gemt som ændring nr. {summary['change_set']} (kan fortrydes under Data og regler › Ændringslog). "
    if what == "population":
        text = (
            f"{done}{summary['file']}: {summary['table']} {summary['period']}. "
            f"Kommuner opdateret: {summary['municipalities']}, uændret: {summary['unchanged']}."
        )
        if summary["unmatched"]:
            text += " Ikke genkendt (springes over): " + ", ".join(summary["unmatched"]) + "."
        if summary["suppressed"]:
            text += " Diskretioneret (..), beholder nuværende tal: " + ", ".join(summary["suppressed"]) + "."
        return text
    return (
        f"{done}{summary['file']}: {summary['rows']} indikatorer, heraf nye: {summary['new']}, "
        f"ændrede: {summary['changed']}, uændrede: {summary['unchanged']}."
    )


def _save_meetings(args: argparse.Namespace, results: list) -> list[dict]:
    """Save each readable meeting (one transaction each): a new meeting, or an update of the
    meeting imported from the same file or held for the same body and date. A meeting that
    cannot be saved (no body, no level) is reported on stderr and counts as failed."""
    from core import minutes_store, store
    from core.changelog import UserDataError

    db = store.open_store(args.db, _data_dir(args))
    saved = []
    try:
        for name, meeting in results:
            entry = {"file": name, "meeting_id": None, "status": None, "change_set": None}
            file = minutes_store.OriginalFile.from_path(name, meeting.text)
            try:
                existing = minutes_store.find_existing(db, meeting, file_sha256=file.sha256, level=args.level)
                result = minutes_store.save(db, meeting, who=args.who or _importer(), file=file, level=args.level,
                                            replace=existing.meeting_id if existing else None)
            except UserDataError as exc:
                hint = " Angiv --body." if not meeting.body_id else ""
                if "Niveau" in str(exc):
                    hint = " Angiv --level politisk eller --level faglig."
                print(f"Fejl: {name}: ikke gemt: {exc}{hint}", file=sys.stderr)
                saved.append(entry)
                continue
            status = "nyt" if result.created else ("opdateret" if result.change_set else "uændret")
            entry.update(meeting_id=result.meeting_id, status=status, change_set=result.change_set)
            saved.append(entry)
    finally:
        db.close()
    return saved


def _store_busy() -> type[Exception]:
    """core.store.StoreBusy when the store module is loaded (only commands that open the
    store load it, and only they can raise it), else a class nothing raises."""
    store = sys.modules.get("core.store")
    return store.StoreBusy if store else _NeverRaised


class _NeverRaised(Exception):
    pass


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m core", description="Klyngeblik: database og scenarier.")
    root.add_argument("--db", help="DuckDB-fil (standard: $KLYNGEBLIK_DB eller data/klyngeblik.duckdb)")
    root.add_argument("--data", help="mappen med de kuraterede datafiler (standard: data/)")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="byg databasen fra data/ (brugerdata bevares)")
    build.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil at bygge")
    build.set_defaults(handler=_build)

    evaluate = commands.add_parser("evaluate", help="beregn et scenarie og skriv resultatet som JSON")
    evaluate.add_argument("file", nargs="?", help="scenariefil (klyngeblik-scenario/1)")
    evaluate.add_argument("--from-store", metavar="KLYNGE_ID", help="beregn det besluttede i databasen")
    evaluate.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
    evaluate.set_defaults(handler=_evaluate)

    backup = commands.add_parser("backup", help="skriv brugerdata (indtastninger, ændringslog, gemte scenarier) i en zip-fil")
    backup.add_argument("out", metavar="OUT.zip", help="zip-filen, der skrives")
    backup.add_argument("--body", metavar="ID", help="kun denne klynge eller dette sundhedsråd")
    backup.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="indlæs en sikkerhedskopi (zip) i databasen, i én transaktion")
    restore.add_argument("file", metavar="IN.zip", help="sikkerhedskopien")
    restore.add_argument("--dry-run", action="store_true", help="vis hvad der ville blive indlæst, uden at skrive")
    restore.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
    restore.set_defaults(handler=_restore)

    from core.search_kinds import KINDS

    search = commands.add_parser("search", help="søg i alt: idékatalog, møder, initiativer, indikatorer, kilder")
    search.add_argument("query", help="det du søger efter")
    search.add_argument("--body", metavar="ID", help="kun denne klynge eller dette sundhedsråd (og det fælles)")
    search.add_argument("--kind", choices=list(KINDS), help="kun denne slags")
    search.add_argument("--limit", type=_limit, default=20, help="højst så mange resultater (standard 20)")
    search.add_argument("--json", action="store_true", help="resultatet som JSON")
    search.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
    search.set_defaults(handler=_search)

    ingest = commands.add_parser("ingest", help="læs referater (PDF, DOCX, HTML, Markdown, tekst) og gem møderne (nye eller opdaterede)")
    ingest.add_argument("files", nargs="+", metavar="FIL", help="referatfil(er)")
    ingest.add_argument("--body", metavar="ID", help="klyngen/rådet mødet hører til (ellers genkendes det i teksten)")
    ingest.add_argument("--dry-run", action="store_true", help="læs og vis, gem intet")
    ingest.add_argument("--level", choices=("politisk", "faglig"),
                        help="mødets niveau, når referatet ikke siger det")
    ingest.add_argument("--who", metavar="NAVN",
                        help="hvem der gemmer (står i ændringsloggen; standard: brugernavnet)")
    ingest.add_argument("--json", action="store_true", help="skriv møderne som JSON på stdout")
    ingest.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
    ingest.set_defaults(handler=_ingest)

    imports = commands.add_parser(
        "import", help="importér folketal fra Danmarks Statistik eller indikatorer fra en CSV-fil",
        description="Læser og kontrollerer filen, viser hvad der ændres, og gemmer det hele i én transaktion "
        "som én ændring i ændringsloggen, med filnavn, tabel, periode, tidspunkt og hvem der importerede.",
    )
    kinds = imports.add_subparsers(dest="what", required=True)
    pop = kinds.add_parser("population", help="folketal pr. kommune fra Statistikbanken (FOLK1A eller FOLK1AM, CSV)")
    pop.add_argument("--period", help="perioden der skal bruges, fx 2026K3 (standard: den nyeste i filen)")
    ind = kinds.add_parser("indicators", help="indikatorer i langt format (name, geography, period, value, unit, source)")
    for sub in (pop, ind):
        sub.add_argument("file", help="CSV-filen")
        sub.add_argument("--dry-run", action="store_true", help="vis hvad der ville ændres, gem intet")
        sub.add_argument("--json", action="store_true", help="skriv et resumé som JSON")
        sub.add_argument("--by", help="hvem der importerer (standard: brugernavnet)")
        sub.add_argument("--body", metavar="ID", help="arkivér ændringen under denne klynge eller dette "
                         "sundhedsråd (standard: ingen; vises da i alles ændringslog)")
        sub.add_argument("--db", default=argparse.SUPPRESS, help="DuckDB-fil")
        sub.set_defaults(handler=_import)
    return root


def main(argv: list[str] | None = None) -> int:
    from core.scenario import ScenarioError
    from core.search_kinds import SearchError

    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (SearchError, curated.DataError, ScenarioError, CliError, _store_busy()) as exc:
        message = " ".join(str(exc).split())  # one line, even when a name in it holds a line break
        print(f"Fejl: {message}", file=sys.stderr)
        return 2
