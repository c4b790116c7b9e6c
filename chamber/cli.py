"""The `chamber` command: run a demo or a real council, check a log, manage access."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import ipaddress
import json
import os
import secrets
import socket
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import asyncpg
import qrcode
import uvicorn
from starlette.types import ASGIApp

from . import runtime
from .app import create_app
from .auth import STAFF_ROLES, Access
from .cards import pairing_link
from .council import ACCESS_FILE, LOG_FILE, POSTGRES, BackplaneAt, Council, MeetingSetup, NoMeeting
from .limits import HttpProtocol
from .rosterfile import RosterFileError, load_agenda, load_roster
from .rules import Recorded
from .rules.ruleset import RuleSet
from .record import CHECKPOINTS_FILE, Checkpoint, check_record, read_checkpoints
from .replica import Replica, create_replica_app
from .pgstore import PostgresLog, redacted
from .store import EventLog, Log

WS_MAX_SIZE = 65_536  # bytes in one websocket frame (docs/protocol.md)
# The pages keep their own heartbeat (web/js/live.js pings after 10 s of silence); the server's
# own pings only find dead connections to free, so they come a minute apart, not uvicorn's 20 s:
# at 5,000 connections each ping round is work for the whole hall.
WS_PING_INTERVAL, WS_PING_TIMEOUT = 60.0, 30.0
PASSWORD_FILE = "initial-passwords.txt"  # in the data directory, when not started on a terminal


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (RosterFileError, NoMeeting, ValueError) as problem:
        print(f"chamber: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="chamber", description="Live voting and speaking queue for council chambers.")
    sub = p.add_subparsers(required=True, metavar="command")

    demo = sub.add_parser("demo", help="run a demo council on this machine")
    demo.add_argument("--data", type=Path, default=Path("demo-data"), help="data directory (default ./demo-data)")
    _server_options(demo)
    demo.set_defaults(run=run_demo)

    serve = sub.add_parser("serve", help="run a council from a roster file")
    serve.add_argument("--data", type=Path, help="data directory (created if missing); not for --role fanout")
    serve.add_argument("--role", choices=("engine", "fanout"), default="engine",
                       help="engine (default): the council's writer, or its standby when another holds --store; "
                            "fanout: a stateless replica serving the views from --backplane (docs/scaling.md)")
    serve.add_argument("--roster", type=Path, help="roster file, CSV or JSON (docs/roster.md)")
    serve.add_argument("--agenda", type=Path, help="agenda file, JSON (docs/roster.md)")
    serve.add_argument("--title", action="append", default=[], metavar="LANG=TEXT",
                       help="meeting title per language, e.g. --title fi=Kaupunginvaltuusto --title sv=Stadsfullmäktige")
    serve.add_argument("--date", default=None, help="meeting date, YYYY-MM-DD (default today)")
    serve.add_argument("--closed", action="store_true", help="a meeting closed to the public (boards, committees)")
    _server_options(serve)
    serve.set_defaults(run=run_serve)

    verify = sub.add_parser("verify", help="check every meeting's log: its hash chains and signed checkpoints")
    _log_source(verify)
    verify.add_argument("--public-key", default=None, metavar="HEX",
                        help="the council's public key as published (default: the one the checkpoints name)")
    verify.add_argument("--checkpoints", type=Path, action="append", default=[], metavar="FILE",
                        help="a copy of checkpoints kept elsewhere; repeatable")
    verify.add_argument("--anchor", action="append", default=[], metavar="HASH",
                        help="a hash shown in the hall or printed in the minutes (16 digits or more); repeatable")
    verify.set_defaults(run=run_verify)

    stats = sub.add_parser("statistics", help="speaking time per member, group and language, from a meeting's log")
    _log_source(stats)
    stats.add_argument("--meeting", default=None, metavar="ID", help="the meeting (default: the latest)")
    stats.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="language of the headings")
    stats.add_argument("--format", choices=("table", "json", "svg"), default="table")
    stats.add_argument("--by", choices=("member", "group", "language"), default=None,
                       help="table: only this breakdown (default all three); svg: the bars (default group)")
    stats.set_defaults(run=run_statistics)

    summary = sub.add_parser("summary", help="the decisions so far, for the media: a press release's list or posts")
    _log_source(summary)
    summary.add_argument("--meeting", default=None, metavar="ID", help="the meeting (default: the latest)")
    summary.add_argument("--lang", choices=("fi", "sv", "en", "both"), default="both",
                         help="one language, or the council's side by side (default)")
    summary.add_argument("--format", choices=("text", "json", "social"), default="text",
                         help="a press release's list, JSON, or one social media post an item")
    summary.add_argument("--closed", action="store_true",
                         help="a meeting closed to the public too (marked not public), for internal use")
    summary.set_defaults(run=run_summary)

    chapters = sub.add_parser("chapters", help="video chapters of a meeting's stream: WebVTT or a YouTube list")
    _log_source(chapters)
    chapters.add_argument("--stream-start", required=True, metavar="TIME",
                          help="when the stream began: ISO 8601 with its offset (2026-03-16T17:58:00+02:00) "
                               "or milliseconds since the epoch")
    chapters.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="language of the titles")
    chapters.add_argument("--format", choices=("webvtt", "youtube"), default="webvtt")
    chapters.add_argument("--meeting", default=None, help="the meeting's id (default: the latest)")
    chapters.set_defaults(run=run_chapters)

    export = sub.add_parser("export", help="open data: a meeting as Popolo JSON or an Akoma Ntoso debate "
                                           "(docs/opendata.md)")
    _log_source(export)
    export.add_argument("--meeting", default=None, metavar="ID", help="the meeting (default: the latest)")
    export.add_argument("--format", choices=("popolo", "akn"), default="popolo",
                        help="Popolo JSON (default) or Akoma Ntoso 3.0 XML")
    export.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="akn: the language of the text")
    export.add_argument("--out", type=Path, default=None, metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--closed", action="store_true",
                        help="a meeting closed to the public whole, not only the items released, for internal use")
    export.set_defaults(run=run_export)

    minutes = sub.add_parser("minutes", help="the minutes drawn from a meeting's log: a page, or PDF/A "
                                             "(docs/minutes.md)")
    _log_source(minutes)
    minutes.add_argument("--meeting", default=None, metavar="ID", help="the meeting (default: the latest)")
    minutes.add_argument("--lang", choices=("fi", "sv", "en", "both"), default="both",
                         help="one language, or the council's side by side (default)")
    minutes.add_argument("--pdf", type=Path, default=None, metavar="FILE", help="write PDF/A here")
    minutes.add_argument("--html", type=Path, default=None, metavar="FILE",
                         help="write the page here (without --pdf or --html: to standard output)")
    minutes.set_defaults(run=run_minutes)

    passwd = sub.add_parser("passwd", help="set the chair's or the secretary's password")
    passwd.add_argument("--data", type=Path, required=True)
    passwd.add_argument("role", choices=STAFF_ROLES)
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd.set_defaults(run=run_passwd)

    bench = sub.add_parser("bench", help="measure speed: N simulated devices over real websockets")
    from .bench import add_arguments, main as bench_main

    add_arguments(bench)
    bench.set_defaults(run=bench_main)

    key = sub.add_parser("display-key", help="print (or --renew) the hall screen's display key")
    key.add_argument("--data", type=Path, required=True)
    key.add_argument("--renew", action="store_true", help="make a new key; screens with the old one stop")
    key.set_defaults(run=run_display_key)

    sim = sub.add_parser("simulate", help="run a scripted meeting (a scenario) through the rules and print the record")
    sim.add_argument("scenario", type=Path, help="scenario file, JSON (docs/simulate.md)")
    sim.add_argument("--data", type=Path, default=None,
                     help="keep the log in this new data directory (default: a temporary one)")
    sim.add_argument("--json", action="store_true", help="print the record as JSON (docs/simulate.md)")
    sim.add_argument("--lang", choices=("fi", "sv", "en"), default="en", help="language of the council's texts")
    sim.set_defaults(run=run_simulate)
    return p


def _log_source(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, required=True, help="the data directory")
    p.add_argument("--store", default=None, metavar="URL",
                   help="the log in PostgreSQL, as the server was given it (default: DATA/log.db)")


async def _read_log(args: argparse.Namespace) -> Log:
    """The log the server writes, opened for reading alone: beside a running server too."""
    if args.store is not None:
        if not args.store.startswith(POSTGRES):
            raise ValueError(f"--store must be a postgresql:// URL, not '{args.store}'")
        return await PostgresLog.read_only(args.store)
    path = args.data / LOG_FILE
    if not path.exists():
        raise ValueError(f"no log at {path}")
    return await EventLog.read_only(path)


def _server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default all)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--public-url", default=None, help="the address people use, behind a reverse proxy")
    p.add_argument("--trusted-proxy", action="extend", type=_addresses, default=[], metavar="ADDR",
                   help="the reverse proxy's address (or network), whose X-Forwarded-For and X-Forwarded-Proto "
                        "are believed; repeat it or give a comma list. Without it those headers are ignored")
    p.add_argument("--no-qr", action="store_true", help="print no QR codes")
    p.add_argument("--signing-key", type=Path, default=None, metavar="FILE",
                   help="the council's Ed25519 key that signs the record (default DATA/signing.key, made "
                        "if missing); keep it off the data disk where you can")
    p.add_argument("--store", default=None, metavar="URL",
                   help="the event log in PostgreSQL (postgresql://USER:PASSWORD@HOST/DB); a second server "
                        "on it is the standby (default: DATA/log.db)")
    p.add_argument("--backplane", default=None, metavar="URL",
                   help="NATS with JetStream (nats://HOST:4222): publish every committed event for the "
                        "fan-out replicas, and answer their requests")
    p.add_argument("--council", default="council", metavar="NAME",
                   help="the council's name on the backplane: its stream and subjects (default 'council')")


def _addresses(text: str) -> list[str]:
    """A comma list of IP addresses or networks."""
    addresses = [a.strip() for a in text.split(",") if a.strip()]
    for address in addresses:
        try:
            ipaddress.ip_network(address)  # as uvicorn reads it: a network without host bits
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an IP address or network: '{address}'") from None
    return addresses


# --- running a council -----------------------------------------------------------------


def run_demo(args: argparse.Namespace) -> int:
    from .demo_data import demo_agenda, demo_roster

    today = date.today()
    setup = MeetingSetup(
        title={"fi": f"Kaupunginvaltuuston kokous {today:%-d.%-m.%Y}",
               "sv": f"Stadsfullmäktiges sammanträde {today:%-d.%-m.%Y}",
               "en": f"City council meeting {today:%-d %B %Y}"},
        roster=demo_roster(), agenda=demo_agenda(), date=today.isoformat(),
        rules=RuleSet.from_dict({"question_hour": {"enabled": True}}),  # the agenda has one (item 9)
    )
    return _serve(args, setup, demo=True)


def run_serve(args: argparse.Namespace) -> int:
    setup = None
    if args.roster:
        roster = load_roster(args.roster)
        titles = dict(_title(t) for t in args.title) or {"fi": roster.name, "sv": roster.name}
        setup = MeetingSetup(title=titles, roster=roster,
                             agenda=load_agenda(args.agenda) if args.agenda else [],
                             date=args.date or date.today().isoformat(), public=not args.closed)
    return _serve(args, setup, demo=False)


def _title(text: str) -> tuple[str, str]:
    lang, sep, title = text.partition("=")
    if not sep or lang not in ("fi", "sv", "en") or not title.strip():
        raise ValueError(f"--title must be LANG=TEXT with LANG fi, sv or en, not '{text}'")
    return lang, title.strip()


def _serve(args: argparse.Namespace, setup: MeetingSetup | None, demo: bool) -> int:
    if getattr(args, "role", "engine") == "fanout":
        return _serve_replica(args)
    if args.data is None:
        raise ValueError("--data is needed (the data directory)")
    backplane = BackplaneAt(args.backplane, _council_name(args.council)) if args.backplane else None
    lost: list[asyncio.Future[str]] = []

    async def open_council() -> Council:
        council = await Council.open(args.data, setup, key_file=args.signing_key, store=args.store,
                                     backplane=backplane)
        await _announce(council, args, demo)
        runtime.settle()
        collector = asyncio.create_task(runtime.collect_when_quiet(council.hub.quiet_for))
        council.tasks.add(collector)
        council.lost.add_done_callback(lambda _: setattr(server, "should_exit", True))
        lost.append(council.lost)
        return council

    app = create_app(open_council, public_url=args.public_url)
    server = uvicorn.Server(server_config(app, args.host, args.port, args.trusted_proxy))
    asyncio.run(server.serve())
    why = next((f.result() for f in lost if f.done() and not f.cancelled()), None)
    if why is not None:  # a supervisor starts it again: as the standby, where another took over
        print(f"chamber: stopped, as this server may write the log no more: {why}", file=sys.stderr)
        return 1
    return 0


def _serve_replica(args: argparse.Namespace) -> int:
    """A fan-out replica: the views of the council on `--backplane`, served on `--port`."""
    if not args.backplane:
        raise ValueError("--role fanout needs --backplane (the NATS URL the engine publishes to)")
    name = _council_name(args.council)

    async def open_replica() -> Replica:
        replica = await Replica.open(args.backplane, name)
        base = (args.public_url or f"http://{_address(args.host)}:{args.port}").rstrip("/")
        print(f"chamber fan-out replica of '{name}', meeting {replica.meeting_id} at event {replica.meeting.seq}: "
              f"{base}/public, {base}/screen, {base}/member (websocket {base}/ws)", flush=True)
        runtime.settle()
        return replica

    config = server_config(create_replica_app(open_replica), args.host, args.port, args.trusted_proxy)
    asyncio.run(uvicorn.Server(config).serve())
    return 0


def _council_name(name: str) -> str:
    """A council name that NATS takes in a stream's name and a subject: letters, digits, - and _."""
    if not name or not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        raise ValueError(f"--council must be letters, digits, '-' and '_', not '{name}'")
    return name


def server_config(app: ASGIApp, host: str, port: int, trusted_proxies: list[str]) -> uvicorn.Config:
    """How uvicorn serves chamber (tests/live.py serves with it too). X-Forwarded-For and
    X-Forwarded-Proto are believed only from `trusted_proxies`: uvicorn would believe them from
    loopback, so anyone there could sign in under a new made-up address at every guess."""
    return uvicorn.Config(
        app, host=host, port=port, http=HttpProtocol, ws="websockets-sansio", ws_max_size=WS_MAX_SIZE,
        ws_per_message_deflate=False, log_level="warning", lifespan="on",
        proxy_headers=bool(trusted_proxies), forwarded_allow_ips=trusted_proxies,
        ws_ping_interval=WS_PING_INTERVAL, ws_ping_timeout=WS_PING_TIMEOUT,
    )


async def _announce(council: Council, args: argparse.Namespace, demo: bool) -> None:
    """Print where everything is; set passwords that are missing (every start, in a demo).
    New passwords are printed on a terminal (and by the demo); a service's output goes to its
    log, so there they go to a file in the data directory that only its owner can read."""
    base = (args.public_url or f"http://{_address(args.host)}:{args.port}").rstrip("/")
    passwords = {}
    for role in STAFF_ROLES:
        if demo or not await council.access.has_password(role):
            passwords[role] = secrets.token_urlsafe(9)
            await council.access.set_password(role, passwords[role])
    shown = passwords if demo or sys.stdout.isatty() else {}
    key = await council.access.display_key()
    m = council.meeting
    out = [f"chamber — {m.roster.name if m.roster else ''}, meeting {m.id} ({m.phase})", ""]
    out.append(_line("Chair console", f"{base}/chair", shown.get("chair")))
    out.append(_line("Secretary console", f"{base}/secretary", shown.get("secretary")))
    out.append(_line("Pairing cards (QR)", f"{base}/secretary/cards", None, "sign in as secretary"))
    out.append(_line("Hall screen", f"{base}/screen?key={key}"))
    out.append(_line("Livestream overlay", f"{base}/overlay?key={key}"))
    out.append(_line("Public page", f"{base}/public"))
    try_link = None
    if demo and m.roster:
        member = m.roster.members[1]
        code = (await council.access.issue_codes([member.id]))[member.id]
        try_link = pairing_link(base, code)
        out.append(_line("Try a member's phone", try_link, None, member.name))
    out += ["", f"display-key: {key}", f"record signed with: {council.notary.public} (docs/record.md)"]
    if shown:
        out.append("passwords: " + " ".join(f"{r}={p}" for r, p in shown.items()))
    elif passwords:
        out.append(f"passwords: new ones in {_write_passwords(args.data, passwords)} (readable by its owner only)")
    print("\n".join(out), flush=True)
    if try_link and not args.no_qr:
        print("\nScan to pair a phone as a member:", flush=True)
        _print_qr(try_link)


def _write_passwords(data: Path, passwords: dict[str, str]) -> Path:
    """Write the new passwords to a file that is created readable by its owner only (never,
    not for a moment, by anyone else), replacing one left by an earlier start."""
    path = data / PASSWORD_FILE
    path.unlink(missing_ok=True)  # an earlier start's: passwords are made only where none is set
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write("".join(f"{role}={password}\n" for role, password in passwords.items()))
    return path


def _line(label: str, url: str, password: str | None = None, note: str | None = None) -> str:
    extra = f"  (password: {password})" if password else f"  ({note})" if note else ""
    return f"  {label + ':':<22}{url}{extra}"


def _print_qr(text: str) -> None:
    qr = qrcode.QRCode(border=1)
    qr.add_data(text)
    qr.print_ascii(out=sys.stdout, invert=True)
    sys.stdout.flush()


def _address(host: str) -> str:
    """The address to print: the machine's LAN address when listening on all interfaces."""
    if host not in ("0.0.0.0", "::"):
        return host
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return "127.0.0.1"
    addresses = [info[4][0] for info in infos if not info[4][0].startswith("127.")]
    return addresses[0] if addresses else "127.0.0.1"


# --- tools -----------------------------------------------------------------------------


def run_verify(args: argparse.Namespace) -> int:
    """0 when every meeting's chains hold and its checkpoints and the anchors agree, else 1."""

    async def verify() -> int:
        checkpoints = [c for f in [args.data / CHECKPOINTS_FILE, *args.checkpoints] for c in read_checkpoints(f)]
        key = "".join(args.public_key.split()).lower() if args.public_key else None
        log = await _read_log(args)
        try:
            findings = await check_record(log, checkpoints, key, args.anchor)
            status = 0
            for finding in findings:
                broken = await log.verify(finding.meeting) if finding.meeting else None
                problems = [f" at event {broken.seq}: {broken.reason}"] if broken else []
                problems += [f": {problem}" for problem in finding.problems]
                for problem in problems:
                    print(f"{finding.meeting or 'record'}: BROKEN{problem}")
                if problems:
                    status = 1
                    continue
                head = await log.head(finding.meeting)
                print(f"{finding.meeting}: {head.seq} events and {head.commands} command ids, chains intact, "
                      f"signed up to event {finding.sealed}, final hash {head.hash}")
            keys = sorted({c.key for c in checkpoints if isinstance(c, Checkpoint)})
            print(f"signed with: {key or ', '.join(keys) or 'no key'}")
            if key is None and keys:
                print("note: no --public-key given, so the key the checkpoints name was trusted; "
                      "compare it with the key the council published (docs/record.md)")
            return status
        except (sqlite3.DatabaseError, asyncpg.PostgresError) as problem:  # not a log, or one not opened since
            print(f"chamber: cannot read the log ({problem}); a log of an older version is brought up "
                  "to date when the server next opens it", file=sys.stderr)
            return 2
        finally:
            await log.close()

    return asyncio.run(verify())


def run_chapters(args: argparse.Namespace) -> int:
    """Print the chapters of a meeting's stream (docs/chapters.md); the log is only read."""
    from .exports.chapters import webvtt, youtube_chapters

    stream_start = _stream_start(args.stream_start)
    events = asyncio.run(_meeting_events(args))
    render = youtube_chapters if args.format == "youtube" else webvtt
    print(render(events, stream_start, args.lang), end="")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write a meeting's open data, read from its log without writing (docs/opendata.md). Of a
    meeting closed to the public only the items the chair released, unless `--closed`."""
    from .exports.opendata import akoma_ntoso, popolo
    from .rules import replay

    meeting = replay(asyncio.run(_meeting_events(args)))
    items = None if meeting.public or args.closed else meeting.minutes.released
    if args.format == "akn":
        text = akoma_ntoso(meeting, items, args.lang).decode("utf-8")
    else:
        text = json.dumps(popolo(meeting, items), ensure_ascii=False, indent=2) + "\n"
    if args.out is None:
        print(text, end="")
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


def _stream_start(text: str) -> int:
    """Milliseconds since the epoch, from themselves or an ISO 8601 time with its offset: a time
    without one would be read in some zone, and every chapter be off by hours without a sign."""
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--stream-start: '{text}' is neither an ISO 8601 time like "
                         "2026-03-16T17:58:00+02:00 nor milliseconds since the epoch") from None
    if moment.tzinfo is None:
        raise ValueError(f"--stream-start: '{text}' has no UTC offset; add one, e.g. +02:00 or Z")
    return round(moment.timestamp() * 1000)


def run_statistics(args: argparse.Namespace) -> int:
    """Print a meeting's speaking statistics, read from its log without writing (docs: README)."""
    from .exports.statistics import speaking_time, to_json, to_svg, to_text
    from .rules import replay

    events = asyncio.run(_meeting_events(args))
    stats = speaking_time(replay(events))
    if args.format == "json":
        print(json.dumps(to_json(stats), ensure_ascii=False, indent=2))
    elif args.format == "svg":
        print(to_svg(stats, args.lang, args.by or "group"), end="")
    else:
        print(to_text(stats, args.lang, args.by), end="")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    """Print a meeting's decision summary, read from its log without writing (docs: README)."""
    from .exports.summary import ClosedMeeting, decision_summary, to_json, to_posts, to_text
    from .rules import replay

    events = asyncio.run(_meeting_events(args))
    try:
        summary = decision_summary(replay(events), closed=args.closed)
    except ClosedMeeting as refusal:
        raise ValueError(f"{refusal}; --closed makes one for internal use, marked not public") from None
    if args.format == "json":
        print(json.dumps(to_json(summary, args.lang), ensure_ascii=False, indent=2))
    else:
        print((to_posts if args.format == "social" else to_text)(summary, args.lang), end="")
    return 0


def run_minutes(args: argparse.Namespace) -> int:
    """Write a meeting's minutes, drawn from its log without writing (docs/minutes.md): the page
    to standard output, or to `--html`, and PDF/A to `--pdf`."""
    from .exports.minutes import draft, to_html, to_pdf
    from .rules import replay
    from .rules.minutes import basis

    events, anchor = asyncio.run(_meeting_record(args,
                                                 lambda events: basis(replay(events))))
    assert anchor is not None
    page = to_html(draft(replay(events), events), args.lang, anchor)
    if args.html is None and args.pdf is None:
        print(page, end="")
    if args.html is not None:
        args.html.write_text(page, encoding="utf-8")
    if args.pdf is not None:
        args.pdf.write_bytes(to_pdf(page))
    return 0


async def _meeting_events(args: argparse.Namespace) -> list[Recorded]:
    """The events of `args.meeting` (default the latest); a missing log or meeting is a
    ValueError, which `main` prints and exits 2 on."""
    events, _ = await _meeting_record(args)
    return events


async def _meeting_record(args: argparse.Namespace, anchor: Callable[[list[Recorded]], int] | None = None
                          ) -> tuple[list[Recorded], tuple[int, str] | None]:
    """The events of `args.meeting` as `_meeting_events` reads them; with `anchor`, also the
    seq it picks from them and that event's hash in the log (what the minutes print)."""
    meeting, path = args.meeting, redacted(args.store) if args.store else args.data / LOG_FILE
    log = await _read_log(args)
    try:
        meetings = await log.meetings()
        if meeting is None and not meetings:
            raise ValueError(f"no meeting in {path}")
        chosen = meeting or meetings[-1]
        if chosen not in meetings:
            raise ValueError(f"no meeting '{chosen}' in {path} (meetings: {', '.join(meetings)})")
        events = await log.events(chosen)
        if not events:
            raise ValueError(f"meeting '{chosen}' in {path} has no events")
        seq = anchor(events) if anchor is not None else None
        anchored = None if seq is None else (seq, await log.hash_at(chosen, seq) or "")
    except (sqlite3.DatabaseError, asyncpg.PostgresError) as problem:  # not a log
        raise ValueError(f"cannot read {path} ({problem})") from None
    finally:
        await log.close()
    return events, anchored


def _with_access(args: argparse.Namespace, work: Callable[[Access], object]) -> int:
    async def run() -> int:
        args.data.mkdir(parents=True, exist_ok=True)
        access = await Access.open(args.data / ACCESS_FILE)
        try:
            await work(access)  # type: ignore[misc]
        finally:
            await access.close()
        return 0

    return asyncio.run(run())


def run_passwd(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"New password for {args.role}: ")
        if getpass.getpass("Again: ") != password:
            raise ValueError("the passwords differ")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    code = _with_access(args, lambda access: access.set_password(args.role, password))
    print(f"password set for {args.role}")
    return code


def run_display_key(args: argparse.Namespace) -> int:
    async def show(access: Access) -> None:
        print(await access.display_key(renew=args.renew))

    return _with_access(args, show)


def run_simulate(args: argparse.Namespace) -> int:
    from .simulate import simulate

    return simulate(args.scenario, data=args.data, as_json=args.json, lang=args.lang)
