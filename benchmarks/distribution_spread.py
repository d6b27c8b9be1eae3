"""Distribute 500 forwarded matters by accepting the recommendations, and compare the
spread of load per FTE (max/min over eligible workers) with random assignment.

Target (issue: distribution): spread at most 1.3; every special-support matter to a
social worker in public office; nothing to an absent worker.

Run: .venv/bin/python benchmarks/distribution_spread.py  (writes benchmarks/results/)
"""

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porras.settings")
os.environ["PORRAS_DATA_DIR"] = os.environ.get("PORRAS_BENCH_DATA", "/tmp/porras-bench")
os.environ.pop("DATABASE_URL", None) if "--sqlite" in sys.argv else None

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ITEMS = 500


def main() -> dict:
    from porras.casework import selectors, services
    from porras.casework.models import Case, CaseStatus
    from porras.core import clock
    from porras.intake import services as intake_services
    from porras.intake.models import IntakeItem, Status
    from porras.people import permissions
    from porras.people import selectors as people_selectors
    from porras.people.models import DutyPair, Role
    from porras.synth.factories import ClientFactory
    from porras.synth.generator import generate_county

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    county = generate_county(size="medium", seed=7).county
    team = county.teams.order_by("name").first()
    pair = DutyPair.objects.get(team=team, week_start=clock.week_start(clock.today()))
    guidance = people_selectors.team_members(team, role=Role.GUIDANCE).first()
    rng = random.Random(7)
    items = []
    for n in range(ITEMS):
        template = ClientFactory.build()
        item, _ = intake_services.item_receive(
            county=county,
            acting_user=guidance,
            kind="contact",
            channel="phone",
            received_at=clock.now(),
            description=f"Benchmark {n}",
            team=team,
            client=intake_services.ClientRef(
                hetu=template.hetu, first_name="B", last_name=f"Bench{n}"
            ),
        )
        intake_services.item_claim(item=item, acting_user=guidance)
        intake_services.urgency_assess(item=item, acting_user=guidance, urgency="not_urgent")
        intake_services.item_forward(item=item, acting_user=guidance)
        special, broad = rng.random() < 0.3, rng.random() < 0.6
        services.support_need_assess(
            item=item,
            acting_user=pair.social_worker,
            special_difficulty=special,
            broad_need=broad,
            reasons="benchmark",
        )
        items.append(item)
    started = time.perf_counter()
    opened, skipped = services.accept_all(team=team, acting_user=pair.social_worker)
    seconds = time.perf_counter() - started

    def spread(role_filter):
        workers = [w for w in people_selectors.team_members(team) if role_filter(w)]
        first, last = selectors.absence_window(county)
        workers = [w for w in workers if not people_selectors.absent_working_days(w, first, last)]
        loads = selectors.load_by_worker(workers, county)
        values = [selectors.per_fte(loads[w.pk], w) for w in workers]
        if not values:
            return None
        return max(values) / min(values) if min(values) > 0 else float("inf")

    counsellor_spread = spread(lambda w: w.role == Role.COUNSELLOR)
    social_spread = spread(lambda w: w.role == Role.SOCIAL_WORKER and w.public_office)
    special_ok = all(
        c.responsible.role == Role.SOCIAL_WORKER and c.responsible.public_office
        for c in Case.objects.filter(quadrant="D", status=CaseStatus.OPEN)
    )
    first, last = selectors.absence_window(county)
    absent_ok = all(
        not people_selectors.absent_working_days(c.responsible, first, last)
        for c in Case.objects.filter(team=team)
    )

    # The same matters assigned at random among the eligible workers, for comparison.
    random_loads: dict = {}
    for case in Case.objects.filter(team=team, origin_items__in=items):
        rule = selectors.quadrant_rules(county)[case.quadrant]
        pool = [c.worker for c in selectors.candidates_for(team, rule) if c.eligible]
        pick = rng.choice(pool)
        weight = selectors.DEFAULT_QUADRANT_WEIGHTS[case.quadrant] * 1.2
        random_loads[pick] = random_loads.get(pick, 0) + weight / float(pick.capacity)
    counsellors = [v for w, v in random_loads.items() if w.role == Role.COUNSELLOR]
    random_spread = max(counsellors) / min(counsellors) if counsellors else None

    result = {
        "items": ITEMS,
        "opened": len(opened),
        "skipped": len(skipped),
        "database": connection.vendor,
        "seconds_accept_all": round(seconds, 2),
        "spread_counsellors": round(counsellor_spread, 3) if counsellor_spread else None,
        "spread_social_workers": round(social_spread, 3) if social_spread else None,
        "spread_random_counsellors": round(random_spread, 3) if random_spread else None,
        "special_support_to_public_office": special_ok,
        "nothing_to_absent_workers": absent_ok,
        "target_spread": 1.3,
        "forwarded_left": IntakeItem.objects.filter(team=team, status=Status.FORWARDED).count(),
        "permissions_checked": permissions.can_distribute(pair.social_worker, team),
    }
    for key, value in result.items():
        print(f"{key:36} {value}")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "distribution_spread.json").write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
