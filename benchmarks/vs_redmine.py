"""Zhenggai's ledger against Redmine's issue list on the same items, side by side (issue 15).

Issue 15 asks every list page to be at least twice as fast as Redmine's issue list on
the same data. This script reads the measures of the big inspection ("大巡察", 10% of
the measures that benchmarks/province.py builds) from Zhenggai's database, loads the
same items into one Redmine project, then requests matching pages of both servers over
HTTP, alternately, and prints median and p95 for each side, the ratio Redmine/Zhenggai
(above 1: Zhenggai is faster; the issue asks for 2), each page's size and how many rows
each list holds. Run by hand, not in CI. Asserts nothing.

Setup, once per machine (as root; Debian 12):

    eval "$(scripts/pg-throwaway.sh start)"                 # or any PostgreSQL server
    uv run python benchmarks/province.py --scale 0.1 --runs 1 --no-tick   # Zhenggai's data
    benchmarks/redmine-setup.sh install     # apt-get install redmine redmine-pgsql passenger
    benchmarks/redmine-setup.sh db          # database "redmine" on DATABASE_URL's server
    benchmarks/redmine-setup.sh start       # Redmine (production, Passenger) on :3100

`install` preseeds debconf so that dbconfig-common does not try to create a database on
a main cluster (there is none on port 5432 here; without the preseed the package stays
half-configured); `db` writes /etc/redmine/default/database.yml, runs Redmine's
migrations and loads its default data in Chinese; `start` runs Passenger standalone
(builtin engine, two application processes, as www-data). Redmine's commands must run
without Zhenggai's DATABASE_URL in their environment: Rails would use it instead of
database.yml. When DATABASE_URL changes (a new throw-away cluster), run `stop`, `db`
and `start` again: database.yml names the server.

Run:

    uv run python benchmarks/vs_redmine.py [--runs 15] [--no-load] [--reload] [--cold]

Zhenggai keeps a ledger page's HTML until anything in its inspection changes, so a
repeated request is served from what was kept. ``--cold`` times the first look after a
change instead: before each Zhenggai request the big inspection's kept HTML is made
stale (as any action in it would), and the page is made afresh from the tables.

The items go into the Redmine project "zhenggai-bench" with bulk SQL (COPY) through
psycopg, into the database "redmine" on DATABASE_URL's server (``--redmine-db`` to
change): subject = the measure's text, description = its problem's title, due date =
its deadline, assignee = one Redmine user per lead unit (a member of the project),
status 新建 / 进行中 / 已关闭 for 未启动 / 推进中 and 申请销号 / 已销号. Every issue is
its own root (root_id = id, lft 1, rgt 2), as Redmine keeps a parentless issue. A
second run reuses them when the count still matches (``--no-load`` skips the check,
``--reload`` loads them again). Redmine's admin gets the password ``--password``.

Zhenggai is served by ``zhenggai serve`` (gunicorn) on 127.0.0.1:8110 with two worker
processes, like Passenger's two, DEBUG off and a throw-away SECRET_KEY; a server already
listening there is used as it is (so is Redmine's on 3100; when none is listening the
script runs ``benchmarks/redmine-setup.sh start``). Both are logged in over HTTP, as
the province office "office" (its password is set to ``--password``) and Redmine's
admin: both see every item. Each page is requested ``--warmup`` times, then the pairs
are requested ``--runs`` times alternately, each request on a new connection, without
compression. The page pairs:

- Redmine's list of all issues at 25, 50 and 100 a page vs the ledger (50 a page);
  Redmine's default view (open issues, 25 a page) for reference;
- one assignee vs ``?unit=`` (Zhenggai also lists measures the unit co-leads);
- overdue (due date before today, open) vs ``?light=red``;
- ``subject ~ 集体资产`` vs ``?q=集体资产`` (Zhenggai also searches problem titles).

At scale 0.1 (10,000 items, 489 units; Redmine 5.0.4, Passenger 6.0.17, PostgreSQL 15,
2 busy cores, ``--runs 21``), medians Redmine / Zhenggai: all 25/page 66 / 58 ms (1.1×),
50/page 80 / 61 (1.3×), 100/page 106 / 59 (1.8×), one unit 75 / 48 (1.5×), overdue/red
66 / 48 (1.4×), text 70 / 102 (0.7×): not yet the 2× the issue asks for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROJECT = "zhenggai-bench"
TOPIC = "集体资产"
HINTS = {
    "Redmine": " — is Redmine serving the database the items went into? After a new "
    "cluster: benchmarks/redmine-setup.sh stop, db, start."
}


# --- Zhenggai's side -----------------------------------------------------------------


def zhenggai_items(password: str) -> tuple[int, list[tuple]]:
    """The big inspection's id and its measures in ledger order, as tuples
    (text, problem title, lead unit id, lead unit name, deadline, status, assigned on,
    closed on); sets the office's password."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import User

    big = Inspection.objects.get(title="大巡察")
    office = User.objects.get(username="office")
    office.set_password(password)
    office.save(update_fields=["password"])
    items = list(
        Measure.objects.filter(problem__inspection=big)
        .order_by("problem__order", "problem_id", "order", "pk")
        .values_list(
            "text",
            "problem__title",
            "lead_unit_id",
            "lead_unit__name",
            "deadline",
            "status",
            "assigned_on",
            "closed_on",
        )
    )
    return big.pk, items


# --- Redmine's side ------------------------------------------------------------------


def redmine_db_url(zhenggai_url: str) -> str:
    """The database "redmine" on the server of ``zhenggai_url``."""
    parts = urlsplit(zhenggai_url)
    return urlunsplit(parts._replace(path="/redmine"))


def load_redmine(url: str, items: list[tuple], password: str, reload: bool) -> dict:
    """Put ``items`` into the Redmine project PROJECT (unless it holds as many already and
    ``reload`` is off); returns the project id and the Redmine user id of each lead unit."""
    import psycopg

    # Redmine keeps UTC timestamps without a zone (ActiveRecord's default).
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with psycopg.connect(url, autocommit=False) as conn, conn.cursor() as cur:
        set_admin_password(cur, password)
        cur.execute("SELECT id FROM projects WHERE identifier = %s", [PROJECT])
        row = cur.fetchone()
        if row:
            project = row[0]
        else:
            cur.execute("SELECT COALESCE(MAX(rgt), 0) FROM projects")
            (right,) = cur.fetchone()
            cur.execute(
                "INSERT INTO projects (name, description, homepage, is_public, created_on, "
                "updated_on, identifier, status, lft, rgt, inherit_members) "
                "VALUES (%s, '', '', true, %s, %s, %s, 1, %s, %s, false) RETURNING id",
                ["大巡察整改台账", now, now, PROJECT, right + 1, right + 2],
            )
            (project,) = cur.fetchone()
            cur.execute(
                "INSERT INTO projects_trackers (project_id, tracker_id) "
                "SELECT %s, id FROM trackers",
                [project],
            )
            cur.execute(
                "INSERT INTO enabled_modules (project_id, name) VALUES (%s, 'issue_tracking')",
                [project],
            )
        users = unit_users(cur, project, {(unit, name) for _, _, unit, name, *_ in items}, now)
        cur.execute("SELECT COUNT(*) FROM issues WHERE project_id = %s", [project])
        (count,) = cur.fetchone()
        if reload or count != len(items):
            started = time.perf_counter()
            copy_issues(cur, project, users, items, now)
            conn.commit()
            cur.execute("ANALYZE")
            print(
                f"loaded {len(items)} issues into Redmine's project {PROJECT} "
                f"in {time.perf_counter() - started:.1f} s"
            )
        conn.commit()
    return {"project": project, "users": users}


def set_admin_password(cur, password: str) -> None:
    """Redmine's own scheme: SHA1(salt + SHA1(password)); no forced change at login."""
    salt = secrets.token_hex(16)
    inner = hashlib.sha1(password.encode()).hexdigest()  # noqa: S324 — Redmine's scheme
    hashed = hashlib.sha1((salt + inner).encode()).hexdigest()  # noqa: S324
    cur.execute(
        "UPDATE users SET hashed_password = %s, salt = %s, must_change_passwd = false, "
        "passwd_changed_on = now() WHERE login = 'admin'",
        [hashed, salt],
    )


def unit_users(cur, project: int, units: set[tuple[int, str]], now) -> dict[int, int]:
    """One active Redmine user per lead unit (login zg-unit-<id>), each a member of
    ``project`` with the first assignable role; returns {unit id: user id}."""
    cur.execute("SELECT id FROM roles WHERE builtin = 0 AND assignable ORDER BY position LIMIT 1")
    (role,) = cur.fetchone()
    cur.execute("SELECT login, id FROM users WHERE login LIKE 'zg-unit-%%'")
    have = dict(cur.fetchall())
    for unit, name in sorted(units):
        login = f"zg-unit-{unit}"
        if login in have:
            continue
        cur.execute(
            "INSERT INTO users (login, hashed_password, firstname, lastname, admin, status, "
            "language, created_on, updated_on, type, mail_notification, must_change_passwd) "
            "VALUES (%s, '', %s, '联络员', false, 1, 'zh', %s, %s, 'User', 'only_my_events', "
            "false) RETURNING id",
            [login, name[:30], now, now],
        )
        have[login] = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO members (user_id, project_id, created_on, mail_notification) "
        "SELECT u.id, %s, %s, false FROM users u WHERE u.login LIKE 'zg-unit-%%' "
        "AND NOT EXISTS (SELECT 1 FROM members m WHERE m.user_id = u.id AND m.project_id = %s)",
        [project, now, project],
    )
    cur.execute(
        "INSERT INTO member_roles (member_id, role_id) SELECT m.id, %s FROM members m "
        "WHERE m.project_id = %s AND NOT EXISTS "
        "(SELECT 1 FROM member_roles r WHERE r.member_id = m.id)",
        [role, project],
    )
    return {unit: have[f"zg-unit-{unit}"] for unit, _ in units}


def copy_issues(cur, project: int, users: dict[int, int], items: list[tuple], now) -> None:
    """Replace the project's issues by ``items``, in ledger order (ascending ids)."""
    cur.execute("DELETE FROM issues WHERE project_id = %s", [project])
    cur.execute("SELECT id FROM trackers ORDER BY position LIMIT 1")
    (tracker,) = cur.fetchone()
    cur.execute("SELECT id FROM enumerations WHERE type = 'IssuePriority' AND is_default")
    (priority,) = cur.fetchone()
    cur.execute("SELECT id FROM users WHERE login = 'admin'")
    (author,) = cur.fetchone()
    cur.execute("SELECT id, is_closed FROM issue_statuses ORDER BY position")
    statuses = cur.fetchall()
    opened = [pk for pk, closed in statuses if not closed]
    closed = next(pk for pk, is_closed in statuses if is_closed)
    status_of = {
        "not_started": opened[0],
        "in_progress": opened[1],
        "closure_requested": opened[1],
        "closed": closed,
    }
    columns = (
        "tracker_id, project_id, subject, description, due_date, status_id, assigned_to_id, "
        "priority_id, author_id, lock_version, created_on, updated_on, start_date, "
        "done_ratio, is_private, closed_on, lft, rgt"
    )
    with cur.copy(f"COPY issues ({columns}) FROM STDIN") as copy:
        for text, title, unit, _, deadline, status, assigned_on, closed_on in items:
            copy.write_row(
                (
                    tracker,
                    project,
                    text[:255],
                    title,
                    deadline,
                    status_of[status],
                    users[unit],
                    priority,
                    author,
                    0,
                    now,
                    now,
                    assigned_on,
                    100 if status == "closed" else 0,
                    False,
                    dt.datetime.combine(closed_on, dt.time(12)) if closed_on else None,
                    1,
                    2,
                )
            )
    cur.execute("UPDATE issues SET root_id = id WHERE project_id = %s", [project])


# --- HTTP ----------------------------------------------------------------------------


@dataclass
class Site:
    """A logged-in HTTP client of one server: cookies kept by hand, a new connection per
    request (gunicorn's sync workers close every connection anyway)."""

    name: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Host": "127.0.0.1", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def timed_get(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        status, _, data = self.request("GET", path)
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            hint = HINTS.get(self.name, "") if status == 404 else ""
            raise SystemExit(f"{self.name}: GET {path} answered {status}{hint}")
        return elapsed, data

    def login(self, path: str, token_field: str, fields: dict[str, str]) -> None:
        status, _, page = self.request("GET", path)
        match = re.search(rf'name="{token_field}" value="([^"]+)"', page.decode())
        if status != 200 or not match:
            raise SystemExit(f"{self.name}: no login form at {path} ({status})")
        form = {token_field: match.group(1), **fields}
        status, headers, _ = self.request("POST", path, urlencode(form))
        location = headers.get("Location", headers.get("location", ""))
        if status != 302 or "login" in location:
            raise SystemExit(f"{self.name}: login failed ({status} → {location})")


def changer(url: str, inspection: int):
    """A call that does to the big inspection's kept HTML what any change in it does
    (its ``rendered`` row's generation moves on), so the next ledger is made afresh."""
    import psycopg

    conn = psycopg.connect(url, autocommit=True)

    def changed() -> None:
        conn.execute(
            "UPDATE oversight_figuressnapshot SET generation = generation + 1, fresh = false"
            " WHERE inspection_id = %s AND kind = 'rendered'",
            [inspection],
        )

    return changed


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_listening(port: int, what: str, proc=None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not listening(port):
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} is not listening on {port}")
        time.sleep(0.2)


def start_zhenggai(port: int, var_dir: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ZHENGGAI_VAR_DIR": var_dir,
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(  # noqa: S603 — our own command
        [
            sys.executable,
            "-m",
            "zhenggai",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_listening(port, "zhenggai serve", proc)
    return proc


# --- The comparison ------------------------------------------------------------------


def redmine_list(project: str, **filters) -> str:
    """The issue list of ``project`` with ``filters`` ({field: (operator, [values])})."""
    params: list[tuple[str, str]] = [("set_filter", "1")]
    per_page = filters.pop("per_page", 25)
    for name, (op, values) in filters.items():
        params += [("f[]", name), (f"op[{name}]", op)]
        params += [(f"v[{name}][]", v) for v in values]
    params += [("f[]", ""), ("per_page", str(per_page))]
    return f"/projects/{project}/issues?" + urlencode(params)


def rows_in(site: str, page: bytes) -> str:
    text = page.decode()
    if site == "redmine":
        match = re.search(r'class="items">\(\d+-\d+/(\d+)\)', text)
    else:
        match = re.search(r"共 (\d+) 条", text)
    return match.group(1) if match else "?"


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def side(times: list[float], page: bytes, site: str) -> str:
    """Median, p95, size and row count of one side of a pair."""
    return (
        f"{statistics.median(times):6.0f}ms {percentile(times, 0.95):4.0f}ms "
        f"{len(page) / 1024:4.0f} {rows_in(site, page):>6}"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=4, help="untimed requests per page")
    parser.add_argument("--no-load", action="store_true", help="use Redmine's items as they are")
    parser.add_argument("--reload", action="store_true", help="load Redmine's items again")
    parser.add_argument("--redmine-db", help="default: database redmine on DATABASE_URL's server")
    parser.add_argument("--redmine-port", type=int, default=3100)
    parser.add_argument("--zhenggai-port", type=int, default=8110)
    parser.add_argument("--password", default="bench-pass-15", help="for office and admin")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Zhenggai's first look after a change: its kept HTML is made afresh each time",
    )
    args = parser.parse_args()
    db_url = os.environ.get("DATABASE_URL", "")
    if not db_url.startswith("postgres"):
        print("DATABASE_URL must point at Zhenggai's PostgreSQL (scripts/pg-throwaway.sh start)")
        return 2

    inspection, items = zhenggai_items(args.password)
    units = {unit for _, _, unit, *_ in items}
    unit = min(units)  # a lead unit with some measures; any would do
    print(f"大巡察: {len(items)} measures, {len(units)} lead units")
    redmine_url = args.redmine_db or redmine_db_url(db_url)
    if args.no_load:
        import psycopg

        with psycopg.connect(redmine_url) as conn, conn.cursor() as cur:
            set_admin_password(cur, args.password)
            cur.execute("SELECT id FROM users WHERE login = %s", [f"zg-unit-{unit}"])
            redmine_user = cur.fetchone()[0]
    else:
        loaded = load_redmine(redmine_url, items, args.password, args.reload)
        redmine_user = loaded["users"][unit]

    started: subprocess.Popen | None = None
    var_dir = tempfile.TemporaryDirectory(prefix="zg-vs-redmine-")
    try:
        if not listening(args.redmine_port):
            subprocess.run(  # noqa: S603 — our own script
                [str(ROOT / "benchmarks" / "redmine-setup.sh"), "start"],
                env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
                check=True,
            )
            wait_listening(args.redmine_port, "Redmine")
        if not listening(args.zhenggai_port):
            started = start_zhenggai(args.zhenggai_port, var_dir.name)
        redmine = Site("Redmine", args.redmine_port)
        redmine.login(
            "/login", "authenticity_token", {"username": "admin", "password": args.password}
        )
        zhenggai = Site("Zhenggai", args.zhenggai_port)
        zhenggai.login(
            "/login/", "csrfmiddlewaretoken", {"username": "office", "password": args.password}
        )

        from django.utils import timezone

        # Zhenggai's red: past the deadline in Asia/Shanghai, the same day for both.
        yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
        ledger = f"/inspections/{inspection}/ledger/"
        every = ("*", [])
        pairs = [
            ("all, 25/page", redmine_list(PROJECT, status_id=every), ledger),
            ("all, 50/page", redmine_list(PROJECT, status_id=every, per_page=50), ledger),
            ("all, 100/page", redmine_list(PROJECT, status_id=every, per_page=100), ledger),
            ("Redmine default (open, 25)", redmine_list(PROJECT, status_id=("o", [])), ledger),
            (
                "one unit / assignee",
                redmine_list(PROJECT, status_id=every, assigned_to_id=("=", [str(redmine_user)])),
                f"{ledger}?unit={unit}",
            ),
            (
                "overdue / red",
                redmine_list(PROJECT, status_id=("o", []), due_date=("<=", [yesterday])),
                f"{ledger}?light=red",
            ),
            (
                f"text {TOPIC}",
                redmine_list(PROJECT, status_id=every, subject=("~", [TOPIC])),
                f"{ledger}?q={quote(TOPIC)}",
            ),
        ]
        changed = changer(db_url, inspection) if args.cold else (lambda: None)
        for _ in range(args.warmup):
            for _, r_path, z_path in pairs:
                redmine.timed_get(r_path)
                changed()
                zhenggai.timed_get(z_path)
        print(
            f"{'page (Redmine / Zhenggai)':<28} {'Redmine':>8} {'p95':>6} {'KB':>4} "
            f"{'rows':>6} │ {'Zhenggai':>8} {'p95':>6} {'KB':>4} {'rows':>6} │ {'ratio':>5}"
        )
        for name, r_path, z_path in pairs:
            times: dict[str, list[float]] = {"redmine": [], "zhenggai": []}
            pages: dict[str, bytes] = {}
            for run in range(args.runs):
                order = [("redmine", redmine, r_path), ("zhenggai", zhenggai, z_path)]
                for key, site, path in order if run % 2 == 0 else order[::-1]:
                    if site is zhenggai:
                        changed()
                    elapsed, pages[key] = site.timed_get(path)
                    times[key].append(elapsed)
            ratio = statistics.median(times["redmine"]) / statistics.median(times["zhenggai"])
            print(
                f"{pad(name, 28)} {side(times['redmine'], pages['redmine'], 'redmine')} │ "
                f"{side(times['zhenggai'], pages['zhenggai'], 'zhenggai')} │ {ratio:4.1f}×"
            )
    finally:
        if started is not None:
            started.terminate()
            started.wait(timeout=30)
        var_dir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
