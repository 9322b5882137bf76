"""Throughput of the production server on the loopback: readers and writers at once.

    uv run python benchmarks/load.py                  # 200 readers + 20 writers, 30 s, both
    uv run python benchmarks/load.py --short          # a few seconds, fewer clients (CI)
    uv run python benchmarks/load.py --database sqlite --seconds 60

For each database it builds the demo in a throw-away directory (PostgreSQL through
`scripts/pg-throwaway.sh`), starts `zhenggai serve` on a free loopback port, and runs
bounded client threads until the time is up:

- readers, signed in as the office clerk, cycle through 我的任务, the inspection list,
  the ledger and a measure page;
- writers, signed in as unit contacts, report progress with a small PDF as evidence
  through the real form (each on a measure of their own).

Then it measures the ledger page alone and an authenticated "hello" view alone (same
server, same number of clients) and prints their throughput ratio. It prints figures;
the exit status is 1 only when a request failed (an error, or an unexpected status).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ------------------------------------------------------------------ the world under load


def prepare() -> None:
    """(Runs in a child process with Django.) Build the demo and print sessions as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from zhenggai.access import get_measure_for_user
    from zhenggai.demo import build_demo
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import User

    call_command("migrate", verbosity=0, interactive=False)
    build_demo()

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    office = User.objects.get(username="office")
    measure = Measure.objects.select_related("problem").order_by("pk").first()
    writers = []
    for user in User.objects.filter(role=User.Role.UNIT).order_by("username"):
        open_measures = Measure.objects.filter(lead_unit=user.organisation).exclude(
            status=Measure.Status.CLOSED
        )
        for candidate in open_measures.order_by("pk"):
            _, perms = get_measure_for_user(user, candidate.pk)
            if perms.report:
                writers.append({"session": session(user), "measure": candidate.pk})
                break
    print(
        json.dumps(
            {
                "reader": session(office),
                "writers": writers,
                "ledger": f"/inspections/{measure.problem.inspection_id}/ledger/",
                "pages": [
                    "/",
                    "/inspections/",
                    f"/inspections/{measure.problem.inspection_id}/ledger/",
                    f"/measures/{measure.pk}/",
                ],
            }
        )
    )


# ------------------------------------------------------------------ clients


@dataclass
class Tally:
    durations: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.durations.append(seconds)
            if error:
                self.errors.append(error)


def _request(conn, method, path, *, headers, body=None, expect):
    started = time.perf_counter()
    error = None
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != expect:
            error = f"{method} {path}: HTTP {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        conn.close()  # reconnects on the next request
        error = f"{method} {path}: {type(exc).__name__} {exc}"
    return time.perf_counter() - started, error


def reader(port, session, pages, deadline, tally):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": f"sessionid={session}"}
    i = 0
    while time.monotonic() < deadline:
        tally.add(*_request(conn, "GET", pages[i % len(pages)], headers=headers, expect=200))
        i += 1
    conn.close()


def _progress_body(boundary: str, n: int) -> bytes:
    token = "progress-" + str(n)
    parts = [
        ("csrfmiddlewaretoken", None, CSRF.encode()),
        ("date", None, time.strftime("%Y-%m-%d").encode()),
        ("text", None, f"压力测试进展第{n}次（{token}）".encode()),
        ("figures", None, b""),
        ("files", "evidence.pdf", PDF + token.encode()),
    ]
    out = b""
    for name, filename, value in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"\r\nContent-Type: application/pdf'
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        out += value + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


CSRF = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret


def writer(port, session, measure, deadline, tally):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    boundary = uuid.uuid4().hex
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    n = 0
    while time.monotonic() < deadline:
        body = _progress_body(boundary, n)
        path = f"/measures/{measure}/progress/"
        tally.add(*_request(conn, "POST", path, headers=headers, body=body, expect=302))
        n += 1
    conn.close()


def run_clients(targets) -> float:
    """Start one thread per (function, args) and wait; returns the elapsed seconds."""
    threads = [threading.Thread(target=fn, args=args, daemon=True) for fn, args in targets]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started


def summary(label: str, tally: Tally, seconds: float) -> str:
    d = sorted(tally.durations)
    if not d:
        return f"{label}: no requests"
    p95 = d[min(len(d) - 1, int(len(d) * 0.95))]
    return (
        f"{label}: {len(d)} requests, {len(d) / seconds:.1f} req/s, "
        f"p50 {statistics.median(d) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"errors {len(tally.errors)}"
    )


# ------------------------------------------------------------------ server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become healthy")


def run_database(label: str, env: dict, args) -> int:
    print(f"== {label}", flush=True)
    Path(env["ZHENGGAI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    prepared = subprocess.run(  # noqa: S603 — our own commands
        [sys.executable, __file__, "--prepare"], env=env, capture_output=True, text=True
    )
    if prepared.returncode:
        raise SystemExit(f"preparing the demo failed:\n{prepared.stderr}")
    world = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    command = [sys.executable, "-m", "zhenggai", "serve", "--bind", f"127.0.0.1:{port}"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    log = tempfile.TemporaryFile()  # noqa: SIM115 — read back and closed in `finally`
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)  # noqa: S603 — our own commands
    errors = 0
    try:
        wait_healthy(port, server)
        # Fewer unit contacts than writers: some contacts write from two places at once.
        writers = [world["writers"][i % len(world["writers"])] for i in range(args.writers)]
        print(
            f"server: zhenggai serve --workers {args.workers or 'auto'} on port {port}; "
            f"{args.readers} readers + {len(writers)} writers for {args.seconds} s",
            flush=True,
        )
        reads, writes = Tally(), Tally()
        deadline = time.monotonic() + args.seconds
        targets = [
            (
                reader,
                (
                    port,
                    world["reader"],
                    world["pages"][i % 4 :] + world["pages"][: i % 4],
                    deadline,
                    reads,
                ),
            )
            for i in range(args.readers)
        ] + [(writer, (port, w["session"], w["measure"], deadline, writes)) for w in writers]
        elapsed = run_clients(targets)
        print(summary("  reads ", reads, elapsed))
        print(summary("  writes", writes, elapsed))
        errors += len(reads.errors) + len(writes.errors)

        rates = {}
        for name, path in (("hello", "/bench/hello"), ("ledger", world["ledger"])):
            tally = Tally()
            deadline = time.monotonic() + args.ratio_seconds
            clients = [
                (reader, (port, world["reader"], [path], deadline, tally))
            ] * args.ratio_clients
            elapsed = run_clients(clients)
            print(summary(f"  {name:<6}", tally, elapsed))
            rates[name] = len(tally.durations) / elapsed
            errors += len(tally.errors)
        print(f"  ledger / hello throughput: {rates['ledger'] / rates['hello']:.0%}", flush=True)
        for message in sorted(set(reads.errors + writes.errors))[:10]:
            print("  error:", message)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.seek(0)
        # What the server said besides its access log: tracebacks of failed requests.
        said = [
            line
            for line in log.read().decode(errors="replace").splitlines()
            if '" 200 ' not in line and '" 302 ' not in line and "[INFO]" not in line
        ]
        if errors or server.returncode not in (0, -15):
            print("\n".join(said[-40:]))
        log.close()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a few seconds, for CI")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--readers", type=int)
    parser.add_argument("--writers", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--workers", type=int, help="server workers (default: from the cores)")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare()
        return 0
    short = args.short
    args.readers = args.readers or (40 if short else 200)
    args.writers = args.writers if args.writers is not None else (5 if short else 20)
    args.seconds = args.seconds or (3 if short else 30)
    args.ratio_seconds = 2 if short else 10
    args.ratio_clients = 10 if short else 20

    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
    }
    base.pop("DATABASE_URL", None)
    errors = 0
    with tempfile.TemporaryDirectory(prefix="zg-load-") as tmp:
        if args.database in ("sqlite", "both"):
            env = {**base, "ZHENGGAI_VAR_DIR": str(Path(tmp) / "sqlite")}
            errors += run_database("SQLite", env, args)
        if args.database in ("postgresql", "both"):
            started = subprocess.run(  # noqa: S603 — our own commands
                [str(ROOT / "scripts" / "pg-throwaway.sh"), "start"],
                capture_output=True,
                text=True,
                check=True,
            )
            pg = dict(
                item.split("=", 1)
                for item in started.stdout.strip().removeprefix("export ").split()
            )
            try:
                env = {**base, "ZHENGGAI_VAR_DIR": str(Path(tmp) / "pg"), **pg}
                errors += run_database("PostgreSQL", env, args)
            finally:
                subprocess.run(  # noqa: S603 — our own commands
                    [str(ROOT / "scripts" / "pg-throwaway.sh"), "stop", pg["PG_TMP"]], check=False
                )
    print(f"errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
