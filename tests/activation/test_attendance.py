"""Attendance as the organiser's staff and the case's workers record it: the week's form,
the law's limits on a calendar week, the absence told to the counsellor at once, and an
organiser who sees their own participants' schedule and attendance and nothing else."""

import datetime as dt
from decimal import Decimal

import pytest

from porras.activation import services
from porras.activation.models import Attendance
from porras.audit.models import AccessLogEntry
from porras.eventlog.models import Event
from porras.people.notifications import message

WEEK = "2026-11-23"  # Monday of the frozen week (today is Wednesday 25.11.)


def week_post(**days):
    """{"2026-11-23": ("present", "6", "", "")} → the form's fields."""
    data = {}
    for day, (status, hours, reason, note) in days.items():
        data |= {
            f"{day}-status": status,
            f"{day}-hours": hours,
            f"{day}-reason": reason,
            f"{day}-note": note,
        }
    return data


def test_the_organiser_records_a_week_and_the_counsellor_is_told_of_the_absence(
    org, work_plan, organiser_staff, login, client
):
    browser = login(organiser_staff)
    page = browser.get("/activation/participants/")
    assert page.status_code == 200 and "Testinen Liisa" in page.content.decode()
    response = browser.post(
        f"/activation/plans/{work_plan.pk}/week/{WEEK}/",
        week_post(
            **{
                "2026-11-23": ("present", "6", "", ""),
                "2026-11-24": ("absent", "", "illness", "Soitti aamulla"),
                "2026-11-25": ("present", "5,5", "", ""),
            }
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    rows = {a.day.day: a for a in Attendance.objects.filter(plan=work_plan)}
    assert rows[23].present and rows[23].hours == 6
    assert not rows[24].present and rows[24].absence_reason == "illness"
    assert rows[25].hours == Decimal("5.5")
    # The counsellor's inbox has the absence, in their language, without the client's name.
    note = org.counsellor2.notifications.get(kind="work_activity_absence")
    assert note.link == f"/activation/plans/{work_plan.pk}/#absences"
    assert (
        message(note)
        == "Työtoimintapaikan Kierrätyspaja osallistuja oli poissa 24.11.2026 (sairaus)."
    )
    client.logout()
    front = login(org.counsellor2).get("/")
    assert "Kierrätyspaja" in front.content.decode()
    assert Event.objects.filter(activity="activation.absence_reported").count() == 1
    recorded = Event.objects.get(activity="activation.attendance_recorded")
    assert recorded.attributes["present_days"] == 2 and recorded.attributes["absent_days"] == 1
    # The organiser's reads are logged on their own ground.
    purposes = set(
        AccessLogEntry.objects.filter(
            user=organiser_staff, client_id=work_plan.client_id
        ).values_list("purpose", flat=True)
    )
    assert purposes == {"work_activity"}


def test_the_counsellor_marks_the_employment_authority_told(org, work_plan, organiser_staff, login):
    absence = services.attendance_record(
        plan=work_plan,
        days=[services.DayInput(dt.date(2026, 11, 24), False, absence_reason="unannounced")],
        acting_user=organiser_staff,
    )[0]
    browser = login(org.counsellor2)
    assert "Kierrätyspaja" in browser.get("/activation/").content.decode()
    response = browser.post(
        f"/activation/absences/{absence.pk}/informed/", {"informed_on": "2026-11-25"}
    )
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.authority_informed_on == dt.date(2026, 11, 25)
    assert absence.authority_informed_by == org.counsellor2
    assert Event.objects.filter(activity="activation.authority_informed").exists()


@pytest.mark.parametrize(
    ("days", "words"),
    [
        # More hours than the plan's day (6).
        ({"2026-11-23": ("present", "7", "", "")}, "enintään 6 tuntia"),
        # A day present without hours, an absence without a reason.
        ({"2026-11-23": ("present", "", "", "")}, "tunnit"),
        ({"2026-11-23": ("absent", "", "", "")}, "syy"),
        # Nothing chosen.
        ({"2026-11-23": ("", "", "", "")}, "vähintään yksi päivä"),
    ],
)
def test_a_wrong_day_is_refused_and_nothing_of_the_week_is_saved(
    days, words, org, work_plan, organiser_staff, login
):
    browser = login(organiser_staff)
    good = {"2026-11-24": ("present", "6", "", "")} if days["2026-11-23"][0] else {}
    response = browser.post(
        f"/activation/plans/{work_plan.pk}/week/{WEEK}/", week_post(**days, **good)
    )
    assert response.status_code == 400
    assert words in str(response.context["form"].errors), response.context["form"].errors
    # What was typed is kept.
    assert response.context["form"]["2026-11-23-hours"].value() == days["2026-11-23"][1]
    assert not Attendance.objects.exists()
    assert not Event.objects.filter(activity="activation.attendance_recorded").exists()


@pytest.mark.parametrize("day", ["2026-11-01", "2026-11-26", "2027-06-01"])
def test_a_day_outside_the_period_or_ahead_is_refused(
    day, org, work_plan, organiser_staff, api_client_for
):
    answer = api_client_for(organiser_staff).post(
        f"/api/v1/activation/plans/{work_plan.pk}/attendance/",
        {
            "days": [
                {"day": "2026-11-23", "present": True, "hours": "6"},
                {"day": day, "present": True, "hours": "6"},
            ]
        },
        format="json",
    )
    assert answer.status_code == 400
    assert not Attendance.objects.exists()


def test_a_fourth_day_in_a_three_day_week_is_refused(org, work_plan, organiser_staff, login):
    """The plan has 3 days a week (the law's ceiling is 4): a fourth day is refused, also
    when the first three were saved earlier."""
    browser = login(organiser_staff)
    url = f"/activation/plans/{work_plan.pk}/week/2026-11-16/"
    three = {f"2026-11-{d}": ("present", "6", "", "") for d in ("16", "17", "18")}
    assert browser.post(url, week_post(**three)).status_code == 302
    fourth = browser.post(url, week_post(**three, **{"2026-11-20": ("absent", "", "agreed", "")}))
    assert fourth.status_code == 400
    assert "4 päivää" in str(fourth.context["form"].errors)
    assert Attendance.objects.filter(plan=work_plan).count() == 3
    # Correcting a day already recorded is not a new day.
    shown = browser.get(url).context["form"].initial["seen"]
    corrected = browser.post(
        url, {"seen": shown, **week_post(**{"2026-11-18": ("present", "5", "", "")})}
    )
    assert corrected.status_code == 302
    assert Attendance.objects.get(plan=work_plan, day=dt.date(2026, 11, 18)).hours == 5


def test_a_fifth_day_in_a_calendar_week_is_refused_by_the_api(
    org, case, place, activation, organiser_staff, api_client_for
):
    from tests.activation.conftest import plan_input

    plan = services.work_plan_make(
        case=case,
        data=plan_input(place, days_per_week=4, starts_on=dt.date(2026, 11, 2)),
        acting_user=org.counsellor2,
    )
    api = api_client_for(organiser_staff)
    days = [
        {"day": f"2026-11-{d}", "present": True, "hours": "6"} for d in ("16", "17", "18", "19")
    ]
    assert (
        api.post(
            f"/api/v1/activation/plans/{plan.pk}/attendance/", {"days": days}, format="json"
        ).status_code
        == 201
    )
    fifth = api.post(
        f"/api/v1/activation/plans/{plan.pk}/attendance/",
        {"days": [{"day": "2026-11-20", "present": True, "hours": "6"}]},
        format="json",
    )
    assert fifth.status_code == 400
    assert "enintään 4 päivää" in str(fifth.json())
    assert Attendance.objects.filter(plan=plan).count() == 4


def test_an_organiser_records_only_for_their_own_participants(
    org, work_plan, other_organiser_staff, login, api_client_for
):
    browser = login(other_organiser_staff)
    assert browser.get(f"/activation/plans/{work_plan.pk}/week/{WEEK}/").status_code == 403
    post = browser.post(
        f"/activation/plans/{work_plan.pk}/week/{WEEK}/",
        week_post(**{"2026-11-23": ("present", "6", "", "")}),
    )
    assert post.status_code == 403
    api = api_client_for(other_organiser_staff)
    answer = api.post(
        f"/api/v1/activation/plans/{work_plan.pk}/attendance/",
        {"days": [{"day": "2026-11-23", "present": True, "hours": "6"}]},
        format="json",
    )
    assert answer.status_code == 403
    assert api.get("/api/v1/activation/participants/").json() == []
    assert not Attendance.objects.exists()
    refused = AccessLogEntry.objects.filter(user=other_organiser_staff, outcome="refused")
    assert refused.filter(client_id=work_plan.client_id).exists()


def test_an_organiser_sees_nothing_else_of_the_client(org, case, work_plan, organiser_staff, login):
    browser = login(organiser_staff)
    for url in (
        f"/clients/{case.client_id}/",
        f"/cases/{case.pk}/",
        f"/activation/cases/{case.pk}/",
        f"/clients/{case.client_id}/overview/",
        "/intake/",
    ):
        response = browser.get(url)
        assert response.status_code == 403, url
        assert case.client.hetu not in response.content.decode(), url
    found = browser.post("/clients/", {"q": "Testinen"})
    assert "Testinen" not in found.content.decode().replace('value="Testinen"', "")
    # The participant page shows no identity code or contact data.
    week = browser.get(f"/activation/plans/{work_plan.pk}/week/{WEEK}/").content.decode()
    assert "Testinen Liisa" in week and case.client.hetu not in week
    api = browser.get(f"/api/v1/clients/{case.client_id}/")
    assert api.status_code == 403


def test_a_week_recorded_meanwhile_by_someone_else_is_not_overwritten(
    org, work_plan, organiser_staff, login, client
):
    url = f"/activation/plans/{work_plan.pk}/week/{WEEK}/"
    browser = login(organiser_staff)
    seen = browser.get(url).context["form"].initial["seen"]
    assert seen == ""  # nothing recorded yet
    # Meanwhile the counsellor records Monday as an agreed absence.
    services.attendance_record(
        plan=work_plan,
        days=[services.DayInput(dt.date(2026, 11, 23), False, absence_reason="agreed")],
        acting_user=org.counsellor2,
    )
    stale = browser.post(
        url, {"seen": seen, **week_post(**{"2026-11-23": ("present", "6", "", "")})}
    )
    assert stale.status_code == 409
    assert "Joku muu kirjasi" in str(stale.context["form"].errors)
    assert stale.context["form"]["2026-11-23-hours"].value() == "6"
    monday = Attendance.objects.get(plan=work_plan, day=dt.date(2026, 11, 23))
    assert (monday.present, monday.absence_reason) == (False, "agreed")
    # Shown again, the week saves.
    fresh = browser.get(url).context["form"].initial["seen"]
    saved = browser.post(
        url, {"seen": fresh, **week_post(**{"2026-11-23": ("present", "6", "", "")})}
    )
    assert saved.status_code == 302
    monday.refresh_from_db()
    assert monday.present and monday.hours == 6
