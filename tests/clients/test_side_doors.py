"""The side doors to a client's data stay shut: identification, self-made relationships,
probing by identity code, routing and idempotency keys (issue: lawful access)."""

import datetime as dt

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.clients import selectors
from porras.clients.models import Client, ClientRelationship, StatedAccessReason
from porras.core import clock, keyed
from porras.intake.models import IntakeItem
from porras.people.models import Role
from porras.synth.factories import DutyPairFactory, WorkerFactory

ALL_ROLES = list(Role)
CLIENT_WORK = {
    Role.GUIDANCE,
    Role.COUNSELLOR,
    Role.SOCIAL_WORKER,
    Role.BENEFIT_HANDLER,
    Role.MANAGER,
}


@pytest.fixture
def protected_client(org, make_client):
    """A non-disclosure client whose responsible worker is the Kuopio counsellor."""
    return make_client(
        worker=org.counsellor,
        first_name="Salla",
        last_name="Suojattu",
        street_address="Piilotie 1",
        postal_code="70100",
        phone="040 999 8888",
        non_disclosure=True,
    )


def attacker(org, role):
    """A worker of the other team (or county-wide) with no ground to see the client."""
    teams = [org.other_team] if role in CLIENT_WORK else []
    return WorkerFactory(username=f"attacker-{role}", role=role, county=org.county, teams=teams)


def shows(response, client) -> bool:
    """Anything of the client beyond what the attacker typed (the code they typed echoes)."""
    text = response.content.decode()
    return any(
        value in text
        for value in (client.last_name, client.first_name, client.street_address, client.phone)
    )


@pytest.mark.parametrize("role", ALL_ROLES, ids=str)
def test_identification_attack_is_refused_and_logged_for_every_role(
    org, login, protected_client, role
):
    """Register an unidentified person, then 'identify' them with the victim's code."""
    worker = attacker(org, role)
    browser = login(worker)
    registered = browser.post(
        reverse("clients:register"),
        {"unidentified_description": "Mies linja-autoasemalla", "language": "fi"},
    )
    if role not in CLIENT_WORK:
        assert registered.status_code == 403  # registering is client work
        assert not Client.objects.filter(hetu__isnull=True).exists()
        return
    assert registered.status_code == 302
    person = Client.objects.get(hetu__isnull=True)
    response = browser.post(
        reverse("clients:identify", kwargs={"client_id": person.pk}),
        {"hetu": protected_client.hetu, "first_name": "X", "last_name": "Y"},
    )
    assert response.status_code == 403
    assert "ilmoita syy" in response.text.lower()
    assert not shows(response, protected_client)
    person.refresh_from_db()
    assert person.merged_into is None
    refusal = AccessLogEntry.objects.get(
        client_id=protected_client.pk, record_type="client.identify"
    )
    assert (refusal.user, refusal.outcome, refusal.flagged) == (worker, "refused", True)
    # Nothing was gained: the page and the API still refuse.
    assert browser.get(reverse("clients:detail", args=[protected_client.pk])).status_code == 403
    assert browser.get(f"/api/v1/clients/{protected_client.pk}/").status_code == 403


def test_identification_with_a_stated_reason_merges_and_is_flagged(org, login, protected_client):
    worker = attacker(org, Role.COUNSELLOR)
    browser = login(worker)
    browser.post(
        reverse("clients:register"),
        {"unidentified_description": "Nainen torilla", "language": "fi"},
    )
    person = Client.objects.get(hetu__isnull=True)
    response = browser.post(
        reverse("clients:identify", kwargs={"client_id": person.pk}),
        {
            "hetu": protected_client.hetu,
            "first_name": "Salla",
            "last_name": "Suojattu",
            "reason_kind": "emergency",
            "reason_explanation": "Poliisi toi henkilön päivystykseen, tunnistettu nyt.",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.merged_into == protected_client
    flagged = AccessLogEntry.objects.get(
        client_id=protected_client.pk, record_type="client.identify", outcome="granted"
    )
    assert flagged.flagged and flagged.purpose == "stated_reason"
    assert "Poliisi toi" in flagged.reason
    assert StatedAccessReason.objects.filter(worker=worker, client=protected_client).exists()
    # A stated reason shows the client, but not the non-disclosure address.
    page = browser.get(reverse("clients:detail", args=[protected_client.pk]))
    assert page.status_code == 200 and "Piilotie" not in page.text


def test_merge_carries_the_matters_relationships_only(org, login, make_client, api_client_for):
    """An unidentified person's matter in the Kuopio queue follows them to the client;
    the registering worker's own relationship does not."""
    existing = make_client(worker=org.counsellor)
    api = api_client_for(org.guidance)
    created = api.post(
        "/api/v1/intake/items/",
        {
            "kind": "notification",
            "channel": "phone",
            "received_at": "2026-11-25T08:00:00+02:00",
            "client": {"unidentified_description": "Mies puistossa"},
            "notifier": {"notifier_type": "police"},
            "team": str(org.team.pk),
            "description": "Poliisin ilmoitus.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    person = Client.objects.get(pk=created.json()["client"])
    selectors_access = selectors.decide_access(org.counsellor, existing)
    assert selectors_access.allowed
    response = login(org.counsellor).post(
        reverse("clients:identify", kwargs={"client_id": person.pk}),
        {"hetu": existing.hetu, "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 302
    moved = ClientRelationship.objects.filter(client=existing, active=True)
    assert set(moved.values_list("kind", flat=True)) == {"responsible", "intake_queue"}
    # Closing the matter closes the moved relationship too.
    item = IntakeItem.objects.filter(county=org.county).get()
    from porras.clients.services import relationship_close

    relationship_close(client=item.client, source=f"intake:{item.pk}")
    assert not moved.filter(kind="intake_queue").exists()


def test_registration_gives_the_registrar_alone_a_day(org, login, monkeypatch):
    DutyPairFactory(
        team=org.team,
        week_start=clock.week_start(clock.today()),
        social_worker=org.social_worker,
        counsellor=org.counsellor2,
    )
    login(org.guidance).post(
        reverse("clients:register"),
        {"hetu": "131052-308T", "first_name": "Liisa", "last_name": "Testinen", "language": "fi"},
    )
    client = Client.objects.filter(county=org.county).get()
    assert selectors.decide_access(org.guidance, client).allowed
    for overseer in (org.manager, org.social_worker, org.counsellor2):
        assert not selectors.decide_access(overseer, client).allowed
    tomorrow = clock.now() + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "_fixed", tomorrow)
    assert not selectors.decide_access(org.guidance, client).allowed
    assert selectors.client_search(user=org.guidance, query="Testinen") == []


def test_matter_for_another_teams_existing_client_opens_access_only_flagged(
    org, login, kuopio_client, api_client_for
):
    api = api_client_for(org.other_counsellor)
    response = api.post(
        "/api/v1/intake/items/",
        {
            "kind": "contact",
            "channel": "phone",
            "received_at": "2026-11-25T08:00:00+02:00",
            "client": {"hetu": kuopio_client.hetu},
            "team": str(org.other_team.pk),
            "description": "Soitto.",
        },
        format="json",
    )
    assert response.status_code == 201
    flagged = AccessLogEntry.objects.get(record_type="intake.matter_for_existing_client")
    assert (flagged.user, flagged.client_id, flagged.flagged) == (
        org.other_counsellor,
        kuopio_client.pk,
        True,
    )
    assert flagged.reason == org.other_team.name
    assert AccessLogEntry.objects.filter(
        record_type="lookup.intake", client_id=kuopio_client.pk, purpose="lookup"
    ).exists()


def test_returning_client_of_ones_own_team_is_not_flagged(org, make_client, api_client_for):
    returning = make_client(kind=None)
    api = api_client_for(org.guidance)
    response = api.post(
        "/api/v1/intake/items/",
        {
            "kind": "contact",
            "channel": "phone",
            "received_at": "2026-11-25T08:00:00+02:00",
            "client": {"hetu": returning.hetu},
            "team": str(org.team.pk),
            "description": "Soitto.",
        },
        format="json",
    )
    assert response.status_code == 201
    assert not AccessLogEntry.objects.filter(
        record_type="intake.matter_for_existing_client"
    ).exists()


def test_lookups_are_logged_with_purpose_and_findable_by_the_officer(org, login, kuopio_client):
    browser = login(org.other_counsellor)
    browser.post(reverse("intake:hint"), {"hetu": kuopio_client.hetu})
    browser.post(reverse("intake:hint"), {"hetu": "010101A123N"})  # nobody
    browser.post(
        reverse("clients:register"),
        {"hetu": kuopio_client.hetu, "first_name": "A", "last_name": "B", "language": "fi"},
    )
    browser.post(
        reverse("clients:reason_by_hetu"),
        {"hetu": "010101A123N", "kind": "other_task", "explanation": "Tarkistan jotakin."},
    )
    lookups = AccessLogEntry.objects.filter(purpose="lookup").order_by("id")
    assert [(e.record_type, e.client_id) for e in lookups] == [
        ("lookup.intake_hint", kuopio_client.pk),
        ("lookup.intake_hint", None),
        ("lookup.register", kuopio_client.pk),
        ("lookup.reason", None),
    ]
    assert lookups[1].subject_digest == keyed.hetu_digest("010101A123N")
    assert "010101A123N" not in str(list(lookups.values()))
    officer = login(org.data_protection)
    found = officer.post(reverse("audit:search"), {"hetu": "010101A123N"}, follow=True)
    assert found.status_code == 200
    assert [e.record_type for e in found.context["page"]] == ["lookup.reason", "lookup.intake_hint"]
    # The officer's own search does not write the code into the log either.
    assert not AccessLogEntry.objects.filter(path__contains="010101A123N").exists()


def test_lookups_are_limited_and_the_refusal_is_logged(org, login, settings):
    settings.PORRAS_HETU_LOOKUPS_PER_10_MIN = 3
    browser = login(org.guidance)
    codes = ["010101A123N", "131052-308T", "010101A123N", "131052-308T"]
    statuses = [browser.post(reverse("intake:hint"), {"hetu": c}).status_code for c in codes]
    assert statuses == [200, 200, 200, 429]
    refused = AccessLogEntry.objects.get(outcome="refused", record_type="lookup.intake_hint")
    assert refused.flagged and refused.user == org.guidance


@pytest.mark.parametrize("role", [Role.PROCESS_OWNER, Role.QUALITY, Role.DATA_PROTECTION])
def test_lookups_are_client_work_only(org, login, role):
    browser = login(attacker(org, role))
    assert browser.post(reverse("intake:hint"), {"hetu": "010101A123N"}).status_code == 403
    assert browser.get(reverse("clients:register")).status_code == 403
    assert browser.get(reverse("clients:reason_by_hetu")).status_code == 403


def test_routing_a_non_disclosure_client_does_not_reveal_the_team(
    org, protected_client, api_client_for
):
    body = {
        "kind": "contact",
        "channel": "phone",
        "received_at": "2026-11-25T08:00:00+02:00",
        "client": {"hetu": protected_client.hetu},
        "description": "Soitto.",
    }
    protected_client.municipality = org.team.areas.first().municipality
    protected_client.save()
    outsider = api_client_for(org.other_counsellor)
    answer = outsider.post("/api/v1/intake/items/", body, format="json")
    assert answer.status_code == 201
    assert answer.json()["team"] is None
    assert IntakeItem.objects.get(pk=answer.json()["id"]).team == org.team
    insider = api_client_for(org.guidance)
    assert insider.post("/api/v1/intake/items/", body, format="json").json()["team"] == str(
        org.team.pk
    )


def test_idempotency_keys_belong_to_their_sender(org, api_client_for):
    body = {
        "kind": "contact",
        "channel": "phone",
        "received_at": "2026-11-25T08:00:00+02:00",
        "client": {"hetu": "131052-308T", "first_name": "Liisa", "last_name": "Testinen"},
        "team": str(org.team.pk),
        "description": "Soitto.",
    }
    first = api_client_for(org.guidance).post(
        "/api/v1/intake/items/", body, format="json", HTTP_IDEMPOTENCY_KEY="key-1"
    )
    assert first.status_code == 201
    other = api_client_for(org.other_counsellor).post(
        "/api/v1/intake/items/",
        {**body, "team": str(org.other_team.pk), "description": "Toinen asia."},
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert other.status_code == 201  # another sender's key is just a new key
    assert other.json()["id"] != first.json()["id"]
    clash = api_client_for(org.guidance).post(
        "/api/v1/intake/items/",
        {**body, "description": "Eri asia samalla avaimella."},
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )
    assert clash.status_code == 409
    assert set(clash.json()) == {"detail"}
    retry = api_client_for(org.guidance).post(
        "/api/v1/intake/items/", body, format="json", HTTP_IDEMPOTENCY_KEY="key-1"
    )
    assert (retry.status_code, retry.json()["id"]) == (200, first.json()["id"])
    assert IntakeItem.objects.filter(county=org.county).count() == 2


def test_refusal_of_a_matter_does_not_show_its_client(org, login, kuopio_client, api_client_for):
    item_id = (
        api_client_for(org.guidance)
        .post(
            "/api/v1/intake/items/",
            {
                "kind": "contact",
                "channel": "phone",
                "received_at": "2026-11-25T08:00:00+02:00",
                "client": {"hetu": kuopio_client.hetu},
                "team": str(org.team.pk),
                "description": "Soitto.",
            },
            format="json",
        )
        .json()["id"]
    )
    response = login(org.other_counsellor).get(reverse("intake:item", args=[item_id]))
    assert response.status_code == 403
    assert str(kuopio_client.pk) not in response.text
    assert reverse("intake:reason", args=[item_id]) in response.text


def test_visible_clients_are_exactly_those_with_a_live_ground(db):
    """In a generated county each manager sees their team's clients with an open matter
    or an open case, and nobody else (the bare registrations of the demo included)."""
    from porras.casework.models import Case, CaseStatus
    from porras.intake.models import Status
    from porras.people import permissions
    from porras.synth.generator import generate_county

    county = generate_county(size="small", seed=3).county
    open_matter = [Status.QUEUED, Status.IN_GUIDANCE, Status.WAITING_COMPLETION, Status.FORWARDED]
    for team in county.teams.all():
        manager = team.members.get(role=Role.MANAGER)
        scope = permissions.client_scope(manager)
        visible = set(
            Client.objects.filter(permissions.client_visibility_q(scope))
            .distinct()
            .values_list("pk", flat=True)
        )
        # An application in the benefit handlers' queue is theirs alone to see.
        grounded = set(
            IntakeItem.objects.filter(team=team, status__in=open_matter)
            .exclude(track="benefits", status__in=open_matter[:3])
            .values_list("client_id", flat=True)
        ) | set(
            Case.objects.filter(team=team, status=CaseStatus.OPEN).values_list(
                "client_id", flat=True
            )
        )
        assert visible == grounded
        assert len(visible) < Client.objects.filter(county=county).count()
