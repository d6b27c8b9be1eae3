import csv
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.clients.models import Client
from porras.people.permissions import ClientRelation
from tests.conftest import body_bytes


def test_register_an_identified_client(org, login):
    client = login(org.guidance)
    response = client.post(
        reverse("clients:register"),
        {
            "hetu": "131052-308t",
            "first_name": "Liisa",
            "last_name": "Testinen",
            "language": "fi",
            "postal_code": "70100",
        },
    )
    assert response.status_code == 302
    registered = Client.objects.filter(county=org.county).get()
    assert registered.hetu == "131052-308T" and registered.birth_date.year == 1952
    relationship = registered.relationships.get()
    # The registering worker's own, for the rest of the day; no team sees the client by it.
    assert relationship.kind == ClientRelation.REGISTERED
    assert relationship.worker == org.guidance and relationship.team is None
    assert relationship.valid_until.astimezone(ZoneInfo("Europe/Helsinki")).hour == 23
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("hetu", "message"),
    [
        ("131052G308T", "G ei ole vuosisatamerkki"),
        ("310252-308T", "ei ole oikea päivämäärä"),
        ("131052-308U", "Tarkistusmerkki U ei täsmää"),
    ],
)
def test_invalid_hetu_is_explained_and_input_kept(org, login, hetu, message):
    response = login(org.guidance).post(
        reverse("clients:register"),
        {
            "hetu": hetu,
            "first_name": "Liisa",
            "last_name": "Testinen",
            "language": "fi",
        },
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Testinen"' in response.text
    assert not Client.objects.filter(county=org.county).exists()


def test_duplicate_hetu_is_refused(org, login, make_client):
    existing = make_client()
    response = login(org.guidance).post(
        reverse("clients:register"),
        {
            "hetu": existing.hetu,
            "first_name": "Toinen",
            "last_name": "Ihminen",
            "language": "fi",
        },
    )
    assert response.status_code == 400
    assert "on jo asiakas rekisterissä" in response.text


def test_unidentified_person_then_identified_and_merged(org, login, make_client):
    """The responsible worker identifies a person as their own client: merged, history kept."""
    existing = make_client(worker=org.counsellor, first_name="Pekka", last_name="Puupää")
    client = login(org.counsellor)
    response = client.post(
        reverse("clients:register"),
        {
            "unidentified_description": "Mies noin 40 v linja-autoasemalla",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    unidentified = Client.objects.get(hetu__isnull=True)
    client.get(response.url)  # the counsellor's read, logged against the record
    reads_before = AccessLogEntry.objects.filter(client_id=unidentified.pk).count()
    assert reads_before >= 1
    identify = client.post(
        reverse("clients:identify", kwargs={"client_id": unidentified.pk}),
        {
            "hetu": existing.hetu,
            "first_name": "Pekka",
            "last_name": "Puupää",
        },
    )
    assert identify.status_code == 302
    unidentified.refresh_from_db()
    assert unidentified.merged_into == existing
    # The bare registration relationship did not move: only the matters' would.
    assert not existing.relationships.filter(kind=ClientRelation.REGISTERED).exists()
    assert not unidentified.relationships.filter(active=True).exists()
    # The old address redirects to the identified client.
    assert (
        client.get(reverse("clients:detail", kwargs={"client_id": unidentified.pk})).status_code
        == 302
    )
    # Its history is the client's: the officer's extract includes the earlier reads.
    extract = body_bytes(
        login(org.data_protection).get(
            reverse("audit:extract", kwargs={"client_id": existing.pk}),
            {"lang": "fi", "format": "csv"},
        )
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(extract), delimiter=";"))[1:]
    assert sum(int(r[2]) for r in rows if r[6] == "Asiakkaan perustiedot") >= reads_before


def test_identifying_without_existing_client_sets_the_hetu(org, login):
    client = login(org.guidance)
    client.post(
        reverse("clients:register"),
        {"unidentified_description": "Nainen torilla", "language": "fi"},
    )
    person = Client.objects.filter(county=org.county).get()
    response = client.post(
        reverse("clients:identify", kwargs={"client_id": person.pk}),
        {
            "hetu": "010101A123N",
            "first_name": "Tiina",
            "last_name": "Torinen",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.hetu == "010101A123N" and person.merged_into is None


def test_two_people_editing_one_client_do_not_overwrite(org, login, kuopio_client):
    client = login(org.counsellor)
    url = reverse("clients:edit", kwargs={"client_id": kuopio_client.pk})
    form = {
        "first_name": "Matti",
        "last_name": "Meikäläinen",
        "language": "fi",
        "phone": "050 1",
        "version": kuopio_client.version,
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "phone": "050 2"})
    assert stale.status_code == 400
    assert "Joku muu muutti asiakkaan tietoja" in stale.text
    kuopio_client.refresh_from_db()
    assert kuopio_client.phone == "050 1"


def test_registering_twice_with_one_form_registers_once(org, login):
    browser = login(org.guidance)
    token = browser.get(reverse("clients:register")).context["form"].initial["once"]
    form = {
        "hetu": "131052-308T",
        "first_name": "Liisa",
        "last_name": "Testinen",
        "language": "fi",
        "once": token,
    }
    first = browser.post(reverse("clients:register"), form)
    again = browser.post(reverse("clients:register"), form)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert Client.objects.filter(county=org.county).count() == 1
    tampered = browser.post(reverse("clients:register"), {**form, "once": "not-a-token"})
    assert tampered.status_code == 400  # said, never a server error
