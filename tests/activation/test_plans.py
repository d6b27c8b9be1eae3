"""The work activity plan through the form and the API: every limit of section 13 is
refused naming it, nothing is saved half; a good plan is made, with its event."""

import datetime as dt

import pytest

from porras.activation import services
from porras.activation.models import ActivationPlan, ReviewReason, WorkActivityPlan
from porras.eventlog.models import Event
from tests.activation.conftest import plan_input

FORM = {
    "w-starts_on": "2026-11-02",
    "w-months": "6",
    "w-days_per_week": "3",
    "w-hours_per_day": "6",
    "w-goal": "Päivärytmi ja työelämätaidot",
    "w-fare_per_day": "5.60",
    "w-activity_allowance": "on",
}

API = {
    "start": "2026-11-02",
    "months": 6,
    "days_per_week": 3,
    "hours_per_day": "6",
    "goal": "Päivärytmi ja työelämätaidot",
}

# (what is broken, form fields, API fields, the field named, words of the message)
LIMITS = [
    ("2 months", {"w-months": "2"}, {"months": 2}, "months", "vähintään 3 kuukautta"),
    ("25 months", {"w-months": "25"}, {"months": 25}, "months", "enintään 24 kuukautta"),
    ("no day", {"w-days_per_week": "0"}, {"days_per_week": 0}, "days_per_week", "4 päivää"),
    ("5 days", {"w-days_per_week": "5"}, {"days_per_week": 5}, "days_per_week", "4 päivää"),
    ("3 hours", {"w-hours_per_day": "3"}, {"hours_per_day": "3"}, "hours_per_day", "8 tuntia"),
    # 4 days × 9 hours would be 36 hours a week: over 32.
    ("9 hours", {"w-hours_per_day": "9"}, {"hours_per_day": "9"}, "hours_per_day", "32 tuntia"),
    (
        "5 days from the third week",
        {
            "w-change_1_starts_on": "2026-11-16",
            "w-change_1_days_per_week": "5",
            "w-change_1_hours_per_day": "6",
        },
        {
            "schedule_changes": [
                {"starts_on": "2026-11-16", "days_per_week": 5, "hours_per_day": "6"}
            ]
        },
        "change_1_days_per_week",
        "4 päivää",
    ),
]


@pytest.mark.parametrize(
    ("broken", "form", "api", "field", "words"), LIMITS, ids=[x[0] for x in LIMITS]
)
def test_a_plan_outside_the_law_is_refused_naming_the_limit(
    broken, form, api, field, words, org, case, place, activation, login, api_client_for
):
    browser = login(org.counsellor2)
    response = browser.post(
        f"/activation/cases/{case.pk}/", {**FORM, "w-place": str(place.pk), **form}
    )
    assert response.status_code == 400
    errors = response.context["plan_form"].errors
    assert words in " ".join(errors[field]), errors
    assert "13 §" in " ".join(errors[field])
    # What was typed is kept.
    assert response.context["plan_form"]["goal"].value() == FORM["w-goal"]

    answer = api_client_for(org.counsellor2).post(
        "/api/v1/activation/plans/",
        {**API, "client": str(case.client_id), "place": str(place.pk), **api},
        format="json",
    )
    assert answer.status_code == 400
    api_field = field.replace("change_", "schedule_changes_")
    assert words in " ".join(answer.json()[api_field]), answer.json()
    assert not WorkActivityPlan.objects.exists()
    assert not Event.objects.filter(activity="activation.work_plan_made").exists()


def test_a_consecutive_period_is_again_at_least_three_months(
    org, case, work_plan, login, api_client_for
):
    browser = login(org.counsellor2)
    response = browser.post(f"/activation/plans/{work_plan.pk}/continue/", {"n-months": "2"})
    assert response.status_code == 400
    message = " ".join(response.context["continue_form"].errors["months"])
    assert "Peräkkäinen jakso" in message and "3 kuukautta" in message
    assert WorkActivityPlan.objects.count() == 1

    api = api_client_for(org.counsellor2)
    consecutive = {
        **API,
        "client": str(case.client_id),
        "place": str(work_plan.place_id),
        "previous": str(work_plan.pk),
        "start": "2027-05-02",
    }
    answer = api.post("/api/v1/activation/plans/", {**consecutive, "months": 2}, format="json")
    assert answer.status_code == 400
    assert "Peräkkäinen jakso" in answer.json()["months"][0]
    wrong_day = api.post(
        "/api/v1/activation/plans/", {**consecutive, "start": "2027-05-10"}, format="json"
    )
    assert "seuraavana päivänä (02.05.2027)" in wrong_day.json()["start"][0]
    assert WorkActivityPlan.objects.count() == 1

    response = browser.post(f"/activation/plans/{work_plan.pk}/continue/", {"n-months": "4"})
    assert response.status_code == 302
    nxt = WorkActivityPlan.objects.get(previous=work_plan)
    assert nxt.starts_on == work_plan.ends_on + dt.timedelta(days=1) == dt.date(2027, 5, 2)
    assert (nxt.months, nxt.days_per_week, nxt.place_id) == (4, 3, work_plan.place_id)


def test_a_good_plan_is_made_through_the_form(org, case, place, activation, login):
    browser = login(org.counsellor2)
    response = browser.post(f"/activation/cases/{case.pk}/", {**FORM, "w-place": str(place.pk)})
    assert response.status_code == 302
    plan = WorkActivityPlan.objects.get()
    assert (plan.starts_on, plan.ends_on, plan.months) == (
        dt.date(2026, 11, 2),
        dt.date(2027, 5, 1),
        6,
    )
    assert plan.mid_evaluation_on == dt.date(2027, 2, 2)  # halfway by default
    assert plan.activation_plan == activation and plan.counsellor == org.counsellor2
    event = Event.objects.get(activity="activation.work_plan_made")
    assert event.case_id == case.pk and event.attributes["months"] == 6
    page = browser.get(response["Location"])
    assert "Kierrätyspaja" in page.content.decode() and "Liisa" in page.content.decode()


def test_without_an_activation_plan_no_work_activity(org, case, place, api_client_for):
    answer = api_client_for(org.counsellor2).post(
        "/api/v1/activation/plans/",
        {**API, "client": str(case.client_id), "place": str(place.pk)},
        format="json",
    )
    assert answer.status_code == 400
    assert "aktivointisuunnitelma" in answer.json()["activation_plan"][0]


def test_the_api_makes_and_reads_a_plan(org, case, place, activation, api_client_for):
    api = api_client_for(org.counsellor2)
    answer = api.post(
        "/api/v1/activation/plans/",
        {
            **API,
            "client": str(case.client_id),
            "place": str(place.pk),
            "schedule_changes": [
                {"starts_on": "2026-11-30", "days_per_week": 4, "hours_per_day": "6"}
            ],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["participant"] == "Testinen Liisa"
    assert [w["days_per_week"] for w in body["schedule"]] == [3, 4]
    read = api.get(f"/api/v1/activation/plans/{body['id']}/")
    assert read.status_code == 200 and read.json()["ends_on"] == "2027-05-01"
    schema = api.get("/api/v1/schema/")
    assert b"/api/v1/activation/plans/" in schema.content


def test_only_the_cases_workers_make_a_plan(org, case, place, activation, login):
    browser = login(org.counsellor)  # duty pair: sees the client, does not work on the case
    response = browser.post(f"/activation/cases/{case.pk}/", {**FORM, "w-place": str(place.pk)})
    assert response.status_code == 403
    assert not WorkActivityPlan.objects.exists()


def test_twenty_four_months_and_a_big_change_bring_the_review_forward(org, case, place, activation):
    assert activation.review_due == dt.date(2027, 5, 2)  # the county's 6 months
    first = services.work_plan_make(
        case=case, data=plan_input(place, months=24), acting_user=org.counsellor2
    )
    activation.refresh_from_db()
    assert activation.review_due == dt.date(2027, 5, 2)  # 24 months fall later
    services.work_plan_end(
        plan=first,
        ended_on=dt.date(2026, 11, 20),
        reason="health",
        final_evaluation="Keskeytyi terveyssyistä.",
        continuation="Jatketaan kun vointi sallii.",
        expected_revision=None,
        acting_user=org.counsellor2,
    )
    # A change of the weekly hours by a full day brings the review to that day.
    services.work_plan_make(
        case=case,
        data=plan_input(
            place,
            starts_on=dt.date(2026, 11, 23),
            changes=[services.rules.Week(dt.date(2026, 12, 21), 2, 4)],
        ),
        acting_user=org.counsellor2,
    )
    activation.refresh_from_db()
    assert (activation.review_due, activation.review_reason) == (
        dt.date(2026, 12, 21),
        ReviewReason.DURATION_CHANGED,
    )
    assert ActivationPlan.objects.count() == 1


def test_an_activation_plan_is_recorded_through_the_form(org, case, login):
    browser = login(org.counsellor2)
    url = f"/activation/cases/{case.pk}/"
    typed = {
        "which": "activation",
        "a-employment_authority": "Kuopion työllisyysalue",
        "a-authority_person": "Tiina Työllisyys",
        "a-agreed_on": "2026-11-20",
    }
    missing_kind = browser.post(url, typed)
    assert missing_kind.status_code == 400
    assert "kind" in missing_kind.context["activation_form"].errors
    no_reference = browser.post(url, {**typed, "a-kind": "multi_agency"})
    assert no_reference.status_code == 400
    assert "monialaisen" in str(no_reference.context["activation_form"].errors["reference"])
    assert not ActivationPlan.objects.exists()
    made = browser.post(url, {**typed, "a-kind": "activation"})
    assert made.status_code == 302
    plan = ActivationPlan.objects.get()
    assert (plan.agreed_on, plan.review_due) == (dt.date(2026, 11, 20), dt.date(2027, 5, 20))
    assert Event.objects.filter(activity="activation.plan_made", case_id=case.pk).exists()


def test_twenty_four_months_under_one_activation_plan_bring_its_review(org, case, place):
    """Months served add up across the periods of one activation plan (a gap between them
    does not reset the count)."""
    from porras.activation.models import ActivationSettings
    from tests.activation.conftest import make_activation

    ActivationSettings.objects.create(county=org.county, review_interval_months=36)
    activation = make_activation(case, org)
    first = services.work_plan_make(
        case=case, data=plan_input(place, months=12), acting_user=org.counsellor2
    )
    activation.refresh_from_db()
    assert activation.review_due == dt.date(2029, 11, 2)  # the county's 36 months
    services.work_plan_make(
        case=case,
        data=plan_input(place, starts_on=dt.date(2028, 1, 3), months=14),
        acting_user=org.counsellor2,
    )
    activation.refresh_from_db()
    # 12 months served, 12 more from 3.1.2028.
    assert first.months == 12
    assert (activation.review_due, activation.review_reason) == (
        dt.date(2029, 1, 3),
        ReviewReason.MONTHS_24,
    )
