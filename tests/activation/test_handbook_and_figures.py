"""The shipped work-activity process names the new activity codes: a county that loaded
the earlier release gets a draft of it, publishes it through its approval path, and the
steps of a period are then held against it."""

import io
from dataclasses import replace

from django.core.management import call_command

from porras.eventlog.activities import Activity
from porras.handbook import seed, services
from porras.handbook.models import Process
from porras.people.models import Role

CODES = {
    "Task_aktivointi": Activity.ACTIVATION_PLAN_MADE,
    "Task_paatos": Activity.DECISION_MADE,
    "Task_aloitus": Activity.WORK_PLAN_MADE,
    "Task_lasnaolo": Activity.ATTENDANCE_RECORDED,
    "Task_valiarvio": Activity.MID_EVALUATION_HELD,
    "Task_paata": Activity.WORK_ACTIVITY_ENDED,
}


def test_the_work_activity_process_gets_a_new_version_naming_the_codes(org, keepers, monkeypatch):
    ktt = next(s for s in seed.SEED if s.key == "ktt")
    earlier = replace(
        ktt,
        steps=tuple(
            replace(step, activity="", performer=step.performer and Role.COUNSELLOR)
            for step in ktt.steps
        ),
    )
    with monkeypatch.context() as patched:
        patched.setattr(seed, "SEED", tuple(earlier if s.key == "ktt" else s for s in seed.SEED))
        seed.load(county=org.county, owner=keepers.owner, checker=keepers.quality)
    published = Process.objects.get(title=ktt.title, version=1)
    assert not published.task_mappings.exclude(activity="").exists()
    out = io.StringIO()
    call_command("handbook", "propose-update", "--county", org.county.name, stdout=out)
    assert f"Draft: {ktt.title}, version 2" in out.getvalue()
    assert "1 drafts" in out.getvalue()  # nothing else changed
    proposed = Process.objects.get(title=ktt.title, version=2)
    for status, actor in (
        ("checked", keepers.quality),
        ("approved", keepers.owner),
        ("published", keepers.owner),
    ):
        proposed = services.move(
            obj=proposed, to_status=status, acting_user=actor, expected_revision=None
        )
    current = Process.objects.get(title=ktt.title, status="published")
    assert current.version == 2
    mapped = dict(current.task_mappings.values_list("element_id", "activity"))
    assert {k: mapped[k] for k in CODES} == CODES
    performer = dict(current.task_mappings.values_list("element_id", "performer_role"))
    assert performer["Task_lasnaolo"] == Role.ORGANISER


def test_the_weekly_table_counts_participants_days_and_interruptions(
    org, case, work_plan, organiser_staff, login, this_monday
):
    import datetime as dt

    from porras.activation import services
    from tests.insight.test_scope_and_access import weekly_csv

    services.attendance_record(
        plan=work_plan,
        days=[
            services.DayInput(dt.date(2026, 11, 23), True, hours=6),
            services.DayInput(dt.date(2026, 11, 24), False, absence_reason="illness"),
            services.DayInput(dt.date(2026, 11, 25), True, hours=6),
        ],
        acting_user=organiser_staff,
    )
    services.work_plan_end(
        plan=work_plan,
        ended_on=dt.date(2026, 11, 25),
        reason="health",
        final_evaluation="Keskeytyi terveyssyistä.",
        continuation="Palataan asiaan keväällä.",
        expected_revision=None,
        acting_user=org.counsellor2,
    )
    since = (this_monday - dt.timedelta(days=7)).isoformat()
    figures = weekly_csv(login(org.manager), since=since)
    assert figures["work_participants"] == ["0", "1"]
    assert figures["work_days"] == ["0", "2"]
    assert figures["work_interrupted"] == ["0", "1"]
    # The plan was made today (this week), though its period began earlier.
    assert figures["work_plans"] == ["0", "1"]
    other = weekly_csv(login(org.other_manager), since=since)
    assert other["work_participants"] == ["0", "0"]
