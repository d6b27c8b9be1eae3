"""The weekly duty rota: planned by the team's manager, with the rules enforced."""

import datetime as dt

import pytest
from django.urls import reverse

from porras.core.errors import ConflictError, DomainError
from porras.people import services
from porras.people.models import DutyPair
from porras.synth.factories import AbsenceFactory, DutyPairFactory


def rota_post_data(monday, weeks, pairs=None, versions=None):
    """The rota form as a browser posts it: one row per week; `pairs` maps week → (sw, co)."""
    pairs = pairs or {}
    versions = versions or {}
    data = {
        "form-TOTAL_FORMS": str(weeks),
        "form-INITIAL_FORMS": str(weeks),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for n in range(weeks):
        social_worker, counsellor = pairs.get(n, (None, None))
        data[f"form-{n}-week_start"] = (monday + dt.timedelta(weeks=n)).isoformat()
        data[f"form-{n}-version"] = versions.get(n, "")
        data[f"form-{n}-social_worker"] = social_worker.pk if social_worker else ""
        data[f"form-{n}-counsellor"] = counsellor.pk if counsellor else ""
    return data


class TestPlanningInTheBrowserForm:
    def test_manager_plans_the_next_eight_weeks(self, org, login, this_monday):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        assert client.get(url).status_code == 200
        pairs = {
            n: (
                org.social_worker if n % 2 else org.social_worker2,
                org.counsellor if n % 2 else org.counsellor2,
            )
            for n in range(8)
        }

        response = client.post(url, rota_post_data(this_monday, 8, pairs))

        assert response.status_code == 302
        planned = DutyPair.objects.filter(team=org.team).order_by("week_start")
        assert [p.week_start for p in planned] == [
            this_monday + dt.timedelta(weeks=n) for n in range(8)
        ]
        assert planned[1].social_worker == org.social_worker
        assert planned[0].counsellor == org.counsellor2
        assert all(p.planned_by == org.manager for p in planned)
        rota_page = client.get(response.url)
        assert "Päivystysvuorot tallennettiin." in rota_page.text

    def test_counsellor_cannot_plan(self, org, login):
        client = login(org.counsellor)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.get(url)
        assert response.status_code == 403
        assert "Vain tämän tiimin esihenkilö" in response.text

    def test_counsellor_cannot_plan_by_posting_either(self, org, login, this_monday):
        client = login(org.counsellor)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.post(
            url, rota_post_data(this_monday, 8, {0: (org.social_worker, org.counsellor)})
        )
        assert response.status_code == 403
        assert not DutyPair.objects.filter(team__county=org.county).exists()

    def test_manager_cannot_plan_another_teams_rota(self, org, login, this_monday):
        client = login(org.other_manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        assert client.get(url).status_code == 403
        response = client.post(
            url, rota_post_data(this_monday, 8, {0: (org.social_worker, org.counsellor)})
        )
        assert response.status_code == 403
        assert not DutyPair.objects.filter(team__county=org.county).exists()

    def test_absent_member_is_refused_with_reason_and_input_kept(self, org, login, this_monday):
        AbsenceFactory(
            worker=org.counsellor,
            starts_on=this_monday + dt.timedelta(weeks=2),
            ends_on=this_monday + dt.timedelta(weeks=2, days=1),
        )
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        pairs = {0: (org.social_worker, org.counsellor2), 2: (org.social_worker, org.counsellor)}

        response = client.post(url, rota_post_data(this_monday, 8, pairs))

        assert response.status_code == 400
        assert "Olli Ohjaaja on poissa viikolla 50" in response.text
        assert "Päivystysvuoroja ei tallennettu" in response.text
        # Nothing saved half-way: week 0 was fine but is not saved either.
        assert not DutyPair.objects.filter(team__county=org.county).exists()
        # What the manager chose is still selected.
        assert f'<option value="{org.counsellor.pk}" selected>' in response.text

    def test_half_a_pair_is_refused(self, org, login, this_monday):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.post(url, rota_post_data(this_monday, 8, {0: (org.social_worker, None)}))
        assert response.status_code == 400
        assert "Valitse parin molemmat jäsenet" in response.text
        assert not DutyPair.objects.filter(team__county=org.county).exists()

    def test_worker_of_wrong_role_cannot_be_posted(self, org, login, this_monday):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.post(
            url, rota_post_data(this_monday, 8, {0: (org.counsellor, org.counsellor2)})
        )
        assert response.status_code == 400
        assert not DutyPair.objects.filter(team__county=org.county).exists()

    def test_two_managers_editing_at_once_do_not_overwrite(self, org, login, this_monday):
        pair = DutyPairFactory(
            team=org.team,
            week_start=this_monday,
            social_worker=org.social_worker,
            counsellor=org.counsellor,
            planned_by=org.manager,
        )
        # Someone else changes the week after our manager opened the form (version 1).
        services.duty_pair_plan(
            team=org.team,
            week_start=this_monday,
            social_worker=org.social_worker2,
            counsellor=org.counsellor,
            acting_user=org.manager,
            expected_version=1,
        )
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.post(
            url,
            rota_post_data(
                this_monday, 8, {0: (org.social_worker, org.counsellor2)}, versions={0: "1"}
            ),
        )
        assert response.status_code == 400
        assert "Joku muu muutti viikon 48 päivystysparia" in response.text
        pair.refresh_from_db()
        assert (pair.social_worker, pair.counsellor) == (org.social_worker2, org.counsellor)

    def test_tampered_week_outside_the_planning_window_is_refused(self, org, login, this_monday):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        data = rota_post_data(this_monday, 8, {0: (org.social_worker, org.counsellor)})
        data["form-0-week_start"] = (this_monday - dt.timedelta(weeks=3)).isoformat()
        response = client.post(url, data)
        assert response.status_code == 400
        assert not DutyPair.objects.filter(team__county=org.county).exists()

    def test_garbage_form_data_gives_400_not_500(self, org, login):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.team.pk})
        response = client.post(url, {"form-TOTAL_FORMS": "x"})
        assert response.status_code == 400

    def test_unknown_team_is_404(self, org, login):
        client = login(org.manager)
        url = reverse("people:rota_plan", kwargs={"team_id": org.county.pk})
        assert client.get(url).status_code == 404


class TestRotaView:
    def test_member_sees_rota_with_absence_warning(self, org, login, this_monday):
        DutyPairFactory(
            team=org.team,
            week_start=this_monday + dt.timedelta(weeks=1),
            social_worker=org.social_worker,
            counsellor=org.counsellor,
            planned_by=org.manager,
        )
        # The absence was entered after the pair was planned: the rota warns.
        AbsenceFactory(
            worker=org.counsellor,
            starts_on=this_monday + dt.timedelta(weeks=1),
            ends_on=this_monday + dt.timedelta(weeks=1, days=6),
        )
        client = login(org.counsellor2)
        response = client.get(reverse("people:rota", kwargs={"team_id": org.team.pk}))
        assert response.status_code == 200
        assert "Huomio: Olli Ohjaaja on poissa 5 arkipäivää tällä viikolla." in response.text
        assert "Suunnittele päivystysvuorot" not in response.text

    def test_worker_of_another_team_gets_403(self, org, login):
        client = login(org.other_counsellor)
        response = client.get(reverse("people:rota", kwargs={"team_id": org.team.pk}))
        assert response.status_code == 403


class TestDutyPairService:
    def test_non_member_is_refused(self, org, this_monday):
        with pytest.raises(DomainError, match=r"ei kuulu tiimiin|not a member"):
            services.duty_pair_plan(
                team=org.team,
                week_start=this_monday,
                social_worker=org.other_social_worker,
                counsellor=org.counsellor,
                acting_user=org.manager,
            )

    def test_wrong_role_is_refused_with_reason(self, org, this_monday):
        with pytest.raises(DomainError) as refused:
            services.duty_pair_plan(
                team=org.team,
                week_start=this_monday,
                social_worker=org.counsellor2,
                counsellor=org.counsellor,
                acting_user=org.manager,
            )
        assert refused.value.field == "social_worker"

    def test_absence_on_a_holiday_only_does_not_block(self, org):
        # Week 52 of 2026: Thursday 24.12. and Friday 25.12. are not working days.
        monday = dt.date(2026, 12, 21)
        AbsenceFactory(
            worker=org.counsellor, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2026, 12, 27)
        )
        pair = services.duty_pair_plan(
            team=org.team,
            week_start=monday,
            social_worker=org.social_worker,
            counsellor=org.counsellor,
            acting_user=org.manager,
        )
        assert pair.week_start == monday

    def test_second_pair_for_the_same_week_is_a_conflict(self, org, this_monday):
        services.duty_pair_plan(
            team=org.team,
            week_start=this_monday,
            social_worker=org.social_worker,
            counsellor=org.counsellor,
            acting_user=org.manager,
        )
        with pytest.raises(ConflictError):
            # A second manager who saw the week empty.
            services.duty_pair_plan(
                team=org.team,
                week_start=this_monday,
                social_worker=org.social_worker2,
                counsellor=org.counsellor2,
                acting_user=org.manager,
                expected_version=None,
            )

    def test_past_week_cannot_be_changed(self, org, this_monday):
        with pytest.raises(DomainError):
            services.duty_pair_plan(
                team=org.team,
                week_start=this_monday - dt.timedelta(weeks=1),
                social_worker=org.social_worker,
                counsellor=org.counsellor,
                acting_user=org.manager,
            )

    def test_week_must_start_on_monday(self, org, this_monday):
        with pytest.raises(DomainError):
            services.duty_pair_plan(
                team=org.team,
                week_start=this_monday + dt.timedelta(days=1),
                social_worker=org.social_worker,
                counsellor=org.counsellor,
                acting_user=org.manager,
            )

    def test_removing_a_pair(self, org, this_monday):
        services.duty_pair_plan(
            team=org.team,
            week_start=this_monday,
            social_worker=org.social_worker,
            counsellor=org.counsellor,
            acting_user=org.manager,
        )
        services.duty_pair_remove(
            team=org.team, week_start=this_monday, acting_user=org.manager, expected_version=1
        )
        assert not DutyPair.objects.filter(team__county=org.county).exists()
