import datetime as dt

from django.urls import reverse

from porras.people.models import Absence
from porras.synth.factories import AbsenceFactory


def test_worker_enters_own_absence(org, login, today):
    client = login(org.counsellor)
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "kind": "vacation",
            "starts_on": (today + dt.timedelta(days=7)).isoformat(),
            "ends_on": (today + dt.timedelta(days=11)).isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.filter(worker__county=org.county).get()
    assert (absence.worker, absence.created_by) == (org.counsellor, org.counsellor)


def test_worker_cannot_enter_a_colleagues_absence(org, login, today):
    client = login(org.counsellor)
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor2.pk,
            "kind": "vacation",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    # The colleague is not offered to a non-manager at all.
    assert response.status_code == 400
    assert not Absence.objects.filter(worker__county=org.county).exists()


def test_manager_enters_a_team_members_absence(org, login, today):
    client = login(org.manager)
    page = client.get(reverse("people:absences"))
    assert org.counsellor.get_full_name() in page.text
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "kind": "sick",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Absence.objects.filter(worker__county=org.county).get().created_by == org.manager


def test_manager_cannot_enter_absence_for_another_team(org, login, today):
    client = login(org.manager)
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.other_counsellor.pk,
            "kind": "sick",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Absence.objects.filter(worker__county=org.county).exists()


def test_bad_dates_keep_input_and_explain_in_finnish(org, login):
    client = login(org.counsellor)
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "kind": "vacation",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
            "note": "Lapin matka",
        },
    )
    assert response.status_code == 400
    assert "Viimeinen päivä ei voi olla ennen ensimmäistä päivää." in response.text
    assert 'value="Lapin matka"' in response.text
    assert 'value="2026-12-10"' in response.text
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "kind": "vacation",
            "starts_on": "31.2.2026",
            "ends_on": "",
        },
    )
    assert response.status_code == 400
    assert "Syötä oikea päivämäärä." in response.text
    assert not Absence.objects.filter(worker__county=org.county).exists()


def test_overlapping_absence_is_refused(org, login, today):
    AbsenceFactory(worker=org.counsellor, starts_on=today, ends_on=today + dt.timedelta(days=3))
    client = login(org.counsellor)
    response = client.post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "kind": "training",
            "starts_on": (today + dt.timedelta(days=2)).isoformat(),
            "ends_on": (today + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "osuu samoille päiville" in response.text
    assert Absence.objects.filter(worker__county=org.county).count() == 1


def test_removing_absences(org, login, today):
    own = AbsenceFactory(worker=org.counsellor, starts_on=today, ends_on=today)
    colleagues = AbsenceFactory(worker=org.counsellor2, starts_on=today, ends_on=today)
    client = login(org.counsellor)
    assert client.post(reverse("people:absence_delete", args=[colleagues.pk])).status_code == 403
    assert client.post(reverse("people:absence_delete", args=[own.pk])).status_code == 302
    assert list(Absence.objects.filter(worker__county=org.county).all()) == [colleagues]


def test_past_absences_stay_in_view_and_the_far_future_is_refused(org, login, today):
    import datetime as dt

    from porras.synth.factories import AbsenceFactory

    AbsenceFactory(
        worker=org.counsellor,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=15),
        note="Koulutus",
    )
    page = login(org.counsellor).get(reverse("people:absences"))
    assert "Menneet poissaolot" in page.text and "Koulutus" in page.text
    far = login(org.counsellor).post(
        reverse("people:absences"),
        {
            "worker": org.counsellor.pk,
            "starts_on": "2099-01-01",
            "ends_on": "2099-01-05",
            "kind": "vacation",
        },
    )
    assert far.status_code == 400 and "tarkista vuosi" in far.text
    assert not org.counsellor.absences.filter(starts_on__year=2099).exists()
