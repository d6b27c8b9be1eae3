"""A non-disclosure client's address never reaches anyone whose task does not need it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from porras.people.permissions import ClientRelation
from porras.synth.factories import DutyPairFactory
from tests.conftest import body_bytes

SECRET_BITS = ("Salainenkatu", "040 123 4567", "matti.salainen@example.fi", "70100")


@pytest.fixture
def protected(org, make_client, this_monday):
    client = make_client(
        worker=org.counsellor,
        first_name="Matti",
        last_name="Salainen",
        street_address="Salainenkatu 13 B 7",
        postal_code="70100",
        post_office="KUOPIO",
        phone="040 123 4567",
        email="matti.salainen@example.fi",
        non_disclosure=True,
    )
    # The duty pair and the manager may see the client, but their task needs no address.
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker2,
        counsellor=org.counsellor2,
        planned_by=org.manager,
    )
    return client


def assert_no_secret(text: str):
    for bit in SECRET_BITS:
        assert bit not in text


@pytest.mark.parametrize("viewer_attr", ["counsellor2", "social_worker2", "manager"])
def test_pages_and_api_hide_the_address(org, login, api_client_for, protected, viewer_attr):
    viewer = getattr(org, viewer_attr)
    client = login(viewer)
    served = []
    page = client.get(reverse("clients:detail", kwargs={"client_id": protected.pk}))
    assert page.status_code == 200
    assert "Turvakielto" in page.text
    served.append(page.text)
    search = client.post(reverse("clients:search"), {"q": "Salainen"})
    assert "Salainen Matti" in search.text
    served.append(search.text)
    edit = client.get(reverse("clients:edit", kwargs={"client_id": protected.pk}))
    assert edit.status_code == 403
    served.append(edit.text)
    api = api_client_for(viewer).get(f"/api/v1/clients/{protected.pk}/")
    assert api.status_code == 200
    body = api.json()
    assert body["street_address"] is None and body["phone"] is None
    assert body["non_disclosure"] is True and body["contact_visible"] is False
    served.append(api.content.decode())
    for text in served:
        assert_no_secret(text)


def test_stated_reason_does_not_reveal_the_address(org, login, protected):
    client = login(org.other_counsellor)
    client.post(
        reverse("clients:reason", kwargs={"client_id": protected.pk}),
        {"kind": "other_task", "explanation": "Selvitän asiakkaan hakemusta."},
    )
    page = client.get(reverse("clients:detail", kwargs={"client_id": protected.pk}))
    assert page.status_code == 200
    assert_no_secret(page.text)


def test_responsible_worker_sees_and_may_edit(org, login, api_client_for, protected):
    client = login(org.counsellor)
    page = client.get(reverse("clients:detail", kwargs={"client_id": protected.pk}))
    assert "Salainenkatu 13 B 7" in page.text
    assert "Älä koskaan tulosta niitä" in page.text
    assert (
        client.get(reverse("clients:edit", kwargs={"client_id": protected.pk})).status_code == 200
    )
    api = api_client_for(org.counsellor).get(f"/api/v1/clients/{protected.pk}/")
    assert api.json()["street_address"] == "Salainenkatu 13 B 7"


def test_log_extracts_never_carry_the_address(org, login, protected):
    login(org.counsellor).get(reverse("clients:detail", kwargs={"client_id": protected.pk}))
    officer = login(org.data_protection)
    url = reverse("audit:extract", kwargs={"client_id": protected.pk})
    for language in ("fi", "sv"):
        csv_body = body_bytes(officer.get(url, {"lang": language, "format": "csv"})).decode()
        assert_no_secret(csv_body)
        pdf = officer.get(url, {"lang": language, "format": "pdf"}).content
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Salainen" in text
        assert_no_secret(text)
    search = officer.post(reverse("audit:search"), {"hetu": protected.hetu}, follow=True)
    assert_no_secret(search.text)
    api = officer.get(f"/api/v1/audit/access-log/?client={protected.pk}")
    assert_no_secret(api.content.decode())


def test_relationship_kinds_that_see_contact(org, login, make_client):
    client = make_client(
        kind=ClientRelation.CO_WORKER,
        worker=org.social_worker,
        street_address="Piilokuja 1",
        non_disclosure=True,
    )
    page = login(org.social_worker).get(reverse("clients:detail", kwargs={"client_id": client.pk}))
    assert "Piilokuja 1" in page.text
