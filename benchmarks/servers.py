"""gunicorn against granian on this machine: the same app, the same clients, alternately.

    uv run --with granian python benchmarks/servers.py [--seconds 5] [--clients 10] [--rounds 2]

Builds the demo on SQLite once, then serves it with each server in turn (2 worker
processes each: the machine's cores) and prints requests/s and p50/p95 for the
authenticated hello view and the ledger page. Used once to choose the server behind
`zhenggai serve` (docs/DEPENDENCIES.md); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time

import load

SERVERS = {
    "gunicorn sync": lambda port: [
        sys.executable,
        "-m",
        "gunicorn",
        "zhenggai.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
    ],
    "granian wsgi": lambda port: [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
        "--blocking-threads",
        "1",
        "--no-ws",
        "zhenggai.wsgi:application",
    ],
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zg-servers-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
            "PYTHONPATH": str(load.ROOT),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "ZHENGGAI_VAR_DIR": tmp,
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(  # noqa: S603 — our own commands
            [sys.executable, load.__file__, "--prepare"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        world = json.loads(out.stdout.strip().splitlines()[-1])
        for round_ in range(1, args.rounds + 1):
            for name, argv in SERVERS.items():
                port = load.free_port()
                server = subprocess.Popen(  # noqa: S603 — our own commands
                    argv(port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                try:
                    load.wait_healthy(port, server)
                    for page, path in (("hello", "/bench/hello"), ("ledger", world["ledger"])):
                        tally = load.Tally()
                        deadline = time.monotonic() + args.seconds
                        clients = [
                            (load.reader, (port, world["reader"], [path], deadline, tally))
                        ] * args.clients
                        elapsed = load.run_clients(clients)
                        print(load.summary(f"round {round_} {name:<14} {page:<6}", tally, elapsed))
                finally:
                    server.terminate()
                    server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
