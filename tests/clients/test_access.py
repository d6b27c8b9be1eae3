"""Who may see a client (703/2023 § 9), through pages and the API, and the log of it."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.clients.models import StatedAccessReason
from porras.people.permissions import ClientRelation
from porras.synth.factories import DutyPairFactory


def detail(client):
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def last_entry():
    return AccessLogEntry.objects.order_by("-id").first()


def test_responsible_worker_sees_the_client_and_it_is_logged(org, login, kuopio_client):
    response = login(org.counsellor).get(detail(kuopio_client))
    assert response.status_code == 200
    assert "Meikäläinen Matti" in response.text
    entry = last_entry()
    assert (entry.user, entry.client_id, entry.outcome, entry.purpose, entry.record_type) == (
        org.counsellor,
        kuopio_client.pk,
        "granted",
        "responsible",
        "client.detail",
    )
    assert entry.organisation == "Testin hyvinvointialue / Kuopion tiimi"
    assert entry.role == "counsellor" and entry.request_id and entry.ip == "127.0.0.1"
    assert response.headers["X-Request-ID"] == entry.request_id


def test_counsellor_of_another_team_is_refused_by_page_and_logged(org, login, kuopio_client):
    client = login(org.other_counsellor)
    response = client.get(detail(kuopio_client))
    assert response.status_code == 403
    assert "Sinulla ei ole asiakkuussuhdetta" in response.text
    assert "Meikäläinen" not in response.text
    entry = last_entry()
    assert (entry.user, entry.client_id, entry.outcome) == (
        org.other_counsellor,
        kuopio_client.pk,
        "refused",
    )


def test_refused_by_api_too_and_logged(org, kuopio_client, api_client_for):
    api = api_client_for(org.other_counsellor)
    response = api.get(f"/api/v1/clients/{kuopio_client.pk}/")
    assert response.status_code == 403
    assert "asiakkuussuhdetta" in response.json()["detail"]
    entry = last_entry()
    assert (entry.record_type, entry.outcome, entry.user) == (
        "api.client",
        "refused",
        org.other_counsellor,
    )


def test_stated_reason_opens_access_and_flags_it_for_review(org, login, kuopio_client):
    client = login(org.other_counsellor)
    refused = client.get(detail(kuopio_client))
    reason_url = reverse("clients:reason", kwargs={"client_id": kuopio_client.pk})
    assert reason_url in refused.text
    response = client.post(
        reason_url,
        {
            "kind": "emergency",
            "explanation": "Asiakas soitti päivystykseen kriisissä.",
        },
    )
    assert response.status_code == 302
    page = client.get(detail(kuopio_client))
    assert page.status_code == 200
    assert "ilmoittamasi perusteen" in page.text
    entry = last_entry()
    assert entry.purpose == "stated_reason" and entry.flagged
    assert "Asiakas soitti päivystykseen kriisissä." in entry.reason
    queue = login(org.data_protection).get(reverse("audit:review_queue"))
    assert "Asiakas soitti päivystykseen kriisissä." in queue.text
    assert org.other_counsellor.get_full_name() in queue.text


def test_stated_reason_through_the_api(org, kuopio_client, api_client_for):
    api = api_client_for(org.other_counsellor)
    url = f"/api/v1/clients/{kuopio_client.pk}/access-reason/"
    too_short = api.post(url, {"kind": "other_task", "explanation": "tarve"}, format="json")
    assert too_short.status_code == 400
    assert "vähintään 10 merkkiä" in too_short.json()["explanation"][0]
    response = api.post(
        url,
        {"kind": "other_task", "explanation": "Toimeentulotukihakemuksen selvitys."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["access_purpose"] == "stated_reason"
    assert api.get(f"/api/v1/clients/{kuopio_client.pk}/").status_code == 200


def test_short_reason_is_refused_and_input_kept(org, login, kuopio_client):
    client = login(org.other_counsellor)
    response = client.post(
        reverse("clients:reason", kwargs={"client_id": kuopio_client.pk}),
        {"kind": "other_task", "explanation": "tarve"},
    )
    assert response.status_code == 400
    assert "vähintään 10 merkkiä" in response.text
    assert "tarve" in response.text
    assert not StatedAccessReason.objects.filter(client__county=org.county).exists()


def test_unknown_id_is_refused_like_another_teams_client(org, login, kuopio_client):
    client = login(org.other_counsellor)
    unknown = client.get(
        reverse("clients:detail", kwargs={"client_id": "00000000-0000-4000-8000-000000000000"})
    )
    existing = client.get(detail(kuopio_client))
    assert unknown.status_code == existing.status_code == 403

    def normalised(text):
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        return text.replace("00000000-0000-4000-8000-000000000000", str(kuopio_client.pk))

    assert normalised(unknown.text) == normalised(existing.text)
    assert last_entry().outcome == "refused"
    assert AccessLogEntry.objects.filter(
        client_id="00000000-0000-4000-8000-000000000000", outcome="refused"
    ).exists()


@pytest.mark.parametrize(
    ("kind", "worker_attr", "viewer_attr", "allowed"),
    [
        (ClientRelation.INTAKE_QUEUE, None, "guidance", True),
        (ClientRelation.INTAKE_QUEUE, None, "counsellor2", True),
        (ClientRelation.INTAKE_QUEUE, None, "other_counsellor", False),
        (ClientRelation.RESPONSIBLE, "counsellor", "counsellor2", False),
        (ClientRelation.RESPONSIBLE, "counsellor", "manager", True),
        (ClientRelation.RESPONSIBLE, "counsellor", "other_manager", False),
        (ClientRelation.CO_WORKER, "social_worker", "social_worker", True),
        (ClientRelation.CONSULTANT, "social_worker2", "social_worker2", True),
        (ClientRelation.RESPONSIBLE, "counsellor", "data_protection", False),
        (ClientRelation.RESPONSIBLE, "counsellor", "admin", False),
    ],
)
def test_relationship_rules(org, login, make_client, kind, worker_attr, viewer_attr, allowed):
    worker = getattr(org, worker_attr) if worker_attr else None
    client = make_client(kind=kind, worker=worker)
    response = login(getattr(org, viewer_attr)).get(detail(client))
    assert response.status_code == (200 if allowed else 403)


def test_duty_pair_of_the_week_sees_the_teams_clients(org, login, make_client, this_monday):
    client = make_client(kind=ClientRelation.RESPONSIBLE, worker=org.counsellor)
    viewer = login(org.social_worker2)
    assert viewer.get(detail(client)).status_code == 403
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker2,
        counsellor=org.counsellor2,
        planned_by=org.manager,
    )
    assert viewer.get(detail(client)).status_code == 200
    assert last_entry().purpose == "duty_pair"


def test_closed_relationship_no_longer_gives_access(org, login, kuopio_client):
    from porras.clients.services import relationship_close

    kuopio_client.relationships.update(source="case:1")
    relationship_close(client=kuopio_client, source="case:1")
    assert login(org.counsellor).get(detail(kuopio_client)).status_code == 403


def test_search_shows_only_clients_the_searcher_may_see(org, login, make_client):
    mine = make_client(worker=org.counsellor, last_name="Virtanen", first_name="Aino")
    make_client(
        worker=org.other_counsellor, team=org.other_team, last_name="Virtanen", first_name="Eino"
    )
    page = login(org.counsellor).post(reverse("clients:search"), {"q": "virtanen"})
    assert "Virtanen Aino" in page.text
    assert "Virtanen Eino" not in page.text
    assert "1 asiakas löytyi" in page.text
    by_hetu = login(org.counsellor).post(reverse("clients:search"), {"q": mine.hetu.lower()})
    assert "Virtanen Aino" in by_hetu.text
    entries = AccessLogEntry.objects.filter(record_type="client.search")
    assert {e.client_id for e in entries} == {mine.pk}


def test_search_by_hetu_of_a_client_out_of_reach_finds_nothing(org, login, make_client):
    theirs = make_client(worker=org.other_counsellor, team=org.other_team)
    page = login(org.counsellor).post(reverse("clients:search"), {"q": theirs.hetu})
    assert theirs.last_name not in page.text
    assert "0 asiakasta löytyi" in page.text


def test_open_with_reason_by_hetu(org, login, make_client):
    theirs = make_client(worker=org.other_counsellor, team=org.other_team)
    client = login(org.counsellor)
    response = client.post(
        reverse("clients:reason_by_hetu"),
        {
            "hetu": theirs.hetu,
            "kind": "emergency",
            "explanation": "Poliisi ilmoitti kiireellisestä tilanteesta.",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_view_that_forgets_to_declare_is_still_logged(org, login, kuopio_client, settings):
    settings.ROOT_URLCONF = "tests.clients.sloppy_urls"
    response = login(org.counsellor).get(f"/sloppy/{kuopio_client.pk}/")
    assert response.status_code == 200
    entry = last_entry()
    assert (entry.client_id, entry.purpose, entry.flagged, entry.record_type) == (
        kuopio_client.pk,
        "undeclared",
        True,
        "sloppy",
    )


def test_a_stated_reason_lasts_the_day_and_no_longer(org, login, kuopio_client, monkeypatch):
    browser = login(org.other_counsellor)
    browser.post(
        reverse("clients:reason", kwargs={"client_id": kuopio_client.pk}),
        {"kind": "other_task", "explanation": "Tarkistan asiakkaan aiemman asian."},
    )
    reason = StatedAccessReason.objects.get(worker=org.other_counsellor)
    # 09:30 UTC is 11:30 in Helsinki: valid to 23:59:59 Helsinki time, the same day.
    assert reason.valid_until.isoformat() == "2026-11-25T21:59:59+00:00"
    from porras.core import clock

    monkeypatch.setattr(clock, "_fixed", reason.valid_until - dt.timedelta(seconds=1))
    assert browser.get(detail(kuopio_client)).status_code == 200
    monkeypatch.setattr(clock, "_fixed", reason.valid_until)
    assert browser.get(detail(kuopio_client)).status_code == 403
    assert last_entry().outcome == "refused"


def test_a_late_stated_reason_still_lasts_an_hour(org, kuopio_client, monkeypatch):
    from porras.clients import services
    from porras.core import clock

    late = dt.datetime(2026, 11, 25, 21, 45, tzinfo=dt.UTC)  # 23:45 in Helsinki
    monkeypatch.setattr(clock, "_fixed", late)
    reason = services.stated_reason_create(
        worker=org.other_counsellor,
        client=kuopio_client,
        kind="emergency",
        explanation="Yöpäivystyksen kiireellinen tilanne.",
    )
    assert reason.valid_until == late + dt.timedelta(hours=1)
