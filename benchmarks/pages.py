"""Server time and query count of the staff pages and API endpoints at each county size.

Each size is a generated county (`porras synth --size SIZE`) in its own PostgreSQL
database (created and migrated on first use, reused afterwards). Every page is asked as
the role that works with it, through Django's test client in this process (the whole
middleware stack, the access log included; no network, no gunicorn), five times; the
median time and the query count of the last call are reported. The figures feed
docs/performance.md; the load run under concurrent users is a separate tool.

Run: .venv/bin/python benchmarks/pages.py --size small
     .venv/bin/python benchmarks/pages.py --size medium
     (PostgreSQL at PORRAS_BENCH_SERVER, default postgres://postgres@127.0.0.1:5432;
     the database porras_pages_SIZE; results merged into benchmarks/results/pages.json)
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

SERVER = os.environ.get("PORRAS_BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")
RESULTS = Path(__file__).resolve().parent / "results" / "pages.json"
RUNS = 5


def database(size: str) -> str:
    name = f"porras_pages_{size}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = database(args.size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porras.settings")
    os.environ.setdefault("PORRAS_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    from porras.synth.generator import generate_county

    generated = generate_county(size=args.size, seed=1)
    county = generated.county
    generation = time.perf_counter() - started
    figures = measure(county)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if not generated.created:  # the county of an earlier run: keep its generation time
        generation = results.get(args.size, {}).get("generation_seconds", 0.0)
    results[args.size] = {"generation_seconds": round(generation, 1), "pages": figures}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"{args.size}: the county was generated in {generation:.1f} s")
    print(f"{'page':58} {'role':16} {'ms (median)':>12} {'queries':>8}")
    for row in figures:
        print(f"{row['page']:58} {row['role']:16} {row['ms']:12.1f} {row['queries']:8d}")
    return 0


def pages(county) -> list[tuple[object, str]]:
    """(role or worker, address) of the pages a working day uses, with this county's
    records."""
    from porras.activation.models import Organiser, WorkActivityPlan
    from porras.casework.models import Case, CaseStatus
    from porras.clients.models import Client
    from porras.core import clock
    from porras.people.models import DutyPair

    team = county.teams.order_by("name").first()
    duty = DutyPair.objects.get(team=team, week_start=clock.week_start(clock.today()))
    case = Case.objects.filter(team=team, status=CaseStatus.OPEN).order_by("opened_at").first()
    client = Client.objects.filter(county=county, hetu__isnull=False).order_by("pk").first()
    plan = WorkActivityPlan.objects.filter(county=county).order_by("starts_on").first()
    organiser = Organiser.objects.filter(county=county).order_by("name").first()
    return [
        ("guidance", "/"),
        ("guidance", f"/intake/?team={team.pk}"),
        (duty.counsellor, f"/distribution/?team={team.pk}"),
        (duty.counsellor, f"/api/v1/distribution/teams/{team.pk}/board/"),
        ("counsellor", "/cases/mine/"),
        ("manager", f"/cases/{case.pk}/"),
        ("manager", f"/api/v1/cases/{case.pk}/"),
        ("manager", f"/cases/{case.pk}/plan/"),
        ("manager", "/workload/"),
        ("counsellor", "/activation/"),
        (plan.counsellor, f"/activation/plans/{plan.pk}/"),
        ("organiser", "/activation/participants/"),
        ("counsellor", f"/activation/organisers/{organiser.pk}/report/2026-11/"),
        ("benefit_handler", "/benefits/"),
        ("manager", f"/insight/?team={team.pk}"),
        ("manager", f"/api/v1/insight/flow/?team={team.pk}"),
        ("data_protection", f"/audit/?client={client.pk}"),
        ("data_protection", "/audit/review/"),
        ("process_owner", "/handbook/"),
    ]


def measure(county) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test import Client as Browser
    from django.test.utils import CaptureQueriesContext

    from porras.people.models import Role, Worker

    team = county.teams.order_by("name").first()
    rows = []
    browsers = {}
    for who, url in pages(county):
        if isinstance(who, Worker):
            worker, role = who, who.role
        else:
            role = who
            workers = Worker.objects.filter(county=county, role=role, is_active=True)
            member = workers.filter(memberships__team=team).order_by("username").first()
            worker = member or workers.order_by("username").first()
        if worker.pk not in browsers:
            browsers[worker.pk] = Browser()
            browsers[worker.pk].force_login(worker)
        browser, times = browsers[worker.pk], []
        for _ in range(RUNS):
            reset_queries()  # a request clears the log: count each call from nothing
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = browser.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{url} as {role}: {response.status_code}", file=sys.stderr)
                break
        rows.append(
            {
                "page": url.split("?")[0],
                "role": str(Role(role).value),
                "ms": round(statistics.median(times), 1),
                "queries": len(captured),
                "status": response.status_code,
            }
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
