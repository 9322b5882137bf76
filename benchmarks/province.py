"""Province scale on PostgreSQL: build a province-like dataset, time the pages.

    eval "$(scripts/pg-throwaway.sh start)"
    uv run python benchmarks/province.py [--scale 0.02] [--runs 7] [--keep]
    scripts/pg-throwaway.sh stop "$PG_TMP"

The big tables (inspections, aspects, problems, measures) go in with PostgreSQL's
COPY (psycopg's ``cursor.copy``), co-units and progress updates with set-based
INSERT … SELECT. Scale 1 is the issue's province: 5,000 organisations, 10,000 inspections,
100,000 problems, 1,000,000 measures, 3,000,000 progress updates. One inspection
(the "big" one) holds 10% of the measures; the others share the rest evenly.
Pages are requested in-process with Django's test client as a province office
(整改办 at the root) and as a village contact; each line prints median, p95,
the query count and the page size, after one untimed request (the day's figures of
each inspection are kept, ``zhenggai.oversight.snapshots``); the "first look" lines
time one request right after those figures were made stale. Uses DATABASE_URL (must
be PostgreSQL); with ``--keep`` a second run reuses the data already there. Asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCH = 10_000
TOPICS = ["集体资产", "三资管理", "工程项目", "惠民资金", "基层党建", "作风建设", "合同管理"]


def copy_in(model, objs) -> list[int]:
    """Insert unsaved ``objs`` of ``model`` with COPY (every column, Django's defaults and
    ``auto_now`` values filled as ``save()`` would); returns their ids in order."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        (start,) = cur.fetchone()
        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )
        cur.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [start])  # noqa: S608
        return [row[0] for row in cur.fetchall()]


def build(scale: float) -> None:
    from django.db import connection
    from django.utils import timezone

    from zhenggai.inspections.models import Aspect, Inspection, Problem
    from zhenggai.ledger.models import Measure, ProgressUpdate
    from zhenggai.orgs.models import Organisation, User

    n_orgs = max(20, int(5_000 * scale))
    n_insp = max(4, int(10_000 * scale))
    n_prob = max(40, int(100_000 * scale))
    n_meas = max(400, int(1_000_000 * scale))
    today = timezone.localdate()
    started = time.perf_counter()

    root = Organisation.objects.create(name="省委", kind="committee", category="region")
    counties = [
        Organisation.objects.create(name=f"县{i}", parent=root, kind="committee", category="region")
        for i in range(max(2, n_orgs // 50))
    ]
    villages = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"村{i}",
                parent=counties[i % len(counties)],
                kind="branch",
                category="village" if i % 2 else "department",
            )
            for i in range(n_orgs - len(counties) - 1)
        ),
        batch_size=BATCH,
    )
    for v in villages:
        v.path = f"{counties[(int(v.name[1:])) % len(counties)].path}{v.pk}/"
    Organisation.objects.bulk_update(villages, ["path"], batch_size=BATCH)
    User.objects.create_user("office", role="office", organisation=root)
    contact = villages[len(villages) // 2]
    User.objects.create_user(
        "village", role="unit", organisation=contact, email="v@example.invalid"
    )
    User.objects.bulk_create(
        User(username=f"u{v.pk}", role="unit", organisation=v, email=f"u{v.pk}@example.invalid")
        for v in villages[::5]
    )
    leaders = User.objects.bulk_create(
        User(username=f"leader{i}", full_name=f"领导{i}", role="leader") for i in range(200)
    )

    owners = counties + villages
    inspections = copy_in(
        Inspection,
        (
            Inspection(
                title=f"第{i}轮巡察",
                group=f"第{i % 9 + 1}巡察组",
                organisation=owners[i % len(owners)],
                feedback_date=today - dt.timedelta(days=90 + i % 200),
            )
            for i in range(n_insp)
        ),
    )
    Inspection.objects.filter(pk=inspections[0]).update(title="大巡察", organisation=root)
    aspects = copy_in(
        Aspect, (Aspect(inspection_id=pk, label="一、", title="方面") for pk in inspections)
    )
    # The big inspection gets 10% of the problems and measures.
    big_share = n_prob // 10

    def insp_of_problem(i: int) -> int:
        return 0 if i < big_share else 1 + i % (n_insp - 1)

    problems = copy_in(
        Problem,
        (
            Problem(
                inspection_id=inspections[insp_of_problem(i)],
                aspect_id=aspects[insp_of_problem(i)],
                code=f"问题{i + 1}",
                order=i,
                title=f"{TOPICS[i % len(TOPICS)]}方面存在问题{i}",
            )
            for i in range(n_prob)
        ),
    )
    per = n_meas // n_prob
    statuses = list(Measure.Status)
    copy_in(
        Measure,
        (
            Measure(
                problem_id=problems[i // per % n_prob],
                text=f"针对{TOPICS[i % len(TOPICS)]}问题开展专项整治{i}",
                lead_unit=villages[i % len(villages)],
                leader=leaders[i % len(leaders)],
                deadline=today + dt.timedelta(days=(i % 200) - 60),
                status=statuses[i % 4],
                assigned_on=today - dt.timedelta(days=150),
                last_progress_on=today - dt.timedelta(days=i % 50),
                closed_on=today - dt.timedelta(days=i % 120) if i % 4 == 3 else None,
            )
            for i in range(n_meas)
        ),
    )
    with connection.cursor() as cur:
        # Co-units for every other measure, and three progress updates each, set-based.
        cur.execute(
            "INSERT INTO ledger_measure_co_units (measure_id, organisation_id) "
            "SELECT id, unit FROM (SELECT m.id, m.lead_unit_id, (ARRAY(SELECT id FROM "
            "orgs_organisation WHERE parent_id IS NOT NULL ORDER BY id))[1 + m.id % 97] "
            "AS unit FROM ledger_measure m WHERE m.id % 2 = 0) s WHERE unit <> lead_unit_id"
        )
        cur.execute(
            "INSERT INTO ledger_progressupdate "
            "(measure_id, date, text, figures, created_at, idempotency_key, "
            "withheld, withheld_note, withdrawal_reason) "
            "SELECT m.id, CURRENT_DATE - (g * 10), '已完成阶段工作，正在推进' || g, '[]', "
            "now(), '', '', '', '' "
            "FROM ledger_measure m CROSS JOIN generate_series(1, 3) g"
        )
        cur.execute("ANALYZE")
    print(
        f"built {Organisation.objects.count()} organisations, {n_insp} inspections, "
        f"{n_prob} problems, {Measure.objects.count()} measures, "
        f"{ProgressUpdate.objects.count()} progress updates "
        f"in {time.perf_counter() - started:.0f} s"
    )


def measure(client, url: str, runs: int, before=None) -> tuple[float, float, int, int]:
    """Median and p95 ms, queries and bytes of ``url``; ``before()`` runs (untimed) ahead
    of each request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up, untimed: the day's figures kept (see ``cold`` below)
    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse data already in the database")
    parser.add_argument("--no-tick", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at PostgreSQL (scripts/pg-throwaway.sh start)")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    import zhenggai.wsgi  # noqa: F401 — set up as a server worker is (gc.freeze included)
    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import User
    from zhenggai.oversight.tick import run_tick

    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    if not (args.keep and Inspection.objects.exists()):
        build(args.scale)
    big = Inspection.objects.get(title="大巡察")
    village = User.objects.get(username="village")
    size = Measure.objects.filter(problem__inspection=big).count()
    first_unit = Measure.objects.filter(problem__inspection=big).order_by("pk")[0].lead_unit_id
    office = Client()
    office.force_login(User.objects.get(username="office"))
    contact = Client()
    contact.force_login(village)
    ledger = reverse("ledger:ledger", args=[big.pk])
    pages = [
        (f"ledger ({size} measures)", office, ledger),
        ("ledger, unit filter", office, f"{ledger}?unit={village.organisation_id}"),
        ("ledger, text search 集体资产", office, f"{ledger}?q=集体资产"),
        ("dashboard", office, reverse("oversight:dashboard", args=[big.pk])),
        ("问题清单 (problem list)", office, reverse("ledger:problem_list", args=[big.pk])),
        ("任务清单 (task list)", office, reverse("ledger:task_list", args=[big.pk])),
        ("责任清单 (responsibility)", office, reverse("ledger:responsibility_list", args=[big.pk])),
        ("建章立制·问责·追缴 (registers)", office, reverse("ledger:registers", args=[big.pk])),
        ("battle map", office, reverse("oversight:battle_map", args=[big.pk])),
        (
            "battle map, one unit's cards",
            office,
            reverse("oversight:battle_map_cards", args=[big.pk]) + f"?row={first_unit}",
        ),
        ("inspection list, province office", office, reverse("inspections:list")),
        ("home, province office", office, reverse("home")),
        ("overview, province office", office, reverse("oversight:overview")),
        ("search 集体资产, province office", office, reverse("search") + "?q=集体资产"),
        ("search a number, province office", office, reverse("search") + "?q=987654"),
        ("举一反三, province office", office, reverse("oversight:common_problems")),
        ("inspection list, village contact", contact, reverse("inspections:list")),
        ("home, village contact", contact, reverse("home")),
    ]
    print(f"{'page':<44} {'median':>8} {'p95':>8} {'queries':>7} {'KB':>7}")
    for name, client, url in pages:
        median, p95, queries, size_bytes = measure(client, url, args.runs)
        print(f"{name:<44} {median:6.0f}ms {p95:6.0f}ms {queries:>7} {size_bytes / 1024:7.0f}")
    # The first look after a change: the inspection's kept figures (and the ledger's
    # kept HTML) are made again.
    from zhenggai.oversight.snapshots import mark_stale

    for name, client, url in [*pages[:3], pages[6]]:
        median, p95, queries, size_bytes = measure(
            client, url, args.runs, before=lambda: mark_stale([big.pk])
        )
        name = f"{name}, after a change"
        print(f"{name:<44} {median:6.0f}ms {p95:6.0f}ms {queries:>7} {size_bytes / 1024:7.0f}")

    for name, client, url, stale in [
        ("dashboard, first look after a change", office, pages[3][2], [big.pk]),
        ("overview, first look after a change", office, pages[12][2], [big.pk]),
        ("home, first look of the day", office, pages[11][2], None),
    ]:
        mark_stale(stale)
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        print(f"{name:<44} {(time.perf_counter() - start) * 1000:6.0f}ms")
    if not args.no_tick:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = run_tick(timezone.localdate(), bulletins=False)
            secs = time.perf_counter() - start
        print(f"zhenggai tick: {secs:.1f} s, {len(queries)} queries — {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
