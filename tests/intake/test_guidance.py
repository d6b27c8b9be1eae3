"""Service guidance through the staff pages: queue, first contact, outcome, events."""

import datetime as dt

import pytest
from django.urls import reverse

from porras.eventlog.models import Event
from porras.eventlog.services import EventOutsideTransaction, record
from porras.intake import services
from porras.intake.models import ClientFlag, IntakeItem, IntakeSettings
from porras.synth.factories import ClientFactory
from tests.intake.conftest import helsinki


@pytest.fixture
def receive(org, kuopio):
    def _receive(kind="contact", hetu="131052-308T", when=None, **extra):
        item, _ = services.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind=kind,
            channel="phone",
            received_at=when or helsinki(2026, 11, 24, 10, 0),
            description="Huoli asumisesta",
            client=services.ClientRef(
                hetu=hetu,
                first_name="Liisa",
                last_name="Testinen",
                details={"municipality": kuopio},
            ),
            **extra,
        )
        return item

    return _receive


def action(client, item, name, data=None):
    return client.post(
        reverse("intake:action", kwargs={"item_id": item.pk, "action": name}), data or {}
    )


def contact(client, item, next_step="save", **fields):
    """Post the first-contact form as the worker fills it: only the parts given."""
    return action(client, item, "first_contact", {"next_step": next_step, **fields})


def activities(item):
    return [e.activity for e in Event.objects.filter(item_id=item.pk).order_by("id")]


def test_resolved_with_guidance_in_one_go(org, login, receive, today):
    item = receive()
    client = login(org.guidance)
    queue = client.get(reverse("intake:queue"))
    assert "Testinen Liisa" in queue.text
    assert action(client, item, "claim").status_code == 302
    page = client.get(reverse("intake:item", kwargs={"item_id": item.pk}))
    assert "Ensikontakti" in page.text
    response = contact(
        client,
        item,
        "close",
        attempt_channel="phone",
        attempt_reached="1",
        urgency="not_urgent",
        motivation="wants",
        guidance_categories=["income", "waiting"],
        guidance_text="Ohjattu hakemaan perustoimeentulotukea Kelasta.",
        outcome="resolved",
    )
    assert response.status_code == 302 and response.url == reverse("intake:queue")
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("closed", "resolved")
    assert activities(item) == [
        "client.registered",
        "intake.received",
        "intake.claimed",
        "intake.contact_attempted",
        "intake.urgency_assessed",
        "intake.motivation_assessed",
        "intake.guidance_given",
        "intake.closed",
    ]
    # The queue relationship closed with the matter: the worker no longer sees the client.
    assert not item.client.relationships.filter(kind="intake_queue", active=True).exists()


def test_a_refused_step_saves_nothing_and_keeps_every_input(org, login, receive):
    """Motivation, guidance and a note for the duty pair, then 'forward' before the urgency
    is assessed: refused, nothing saved, all of it still on the page."""
    item = receive(kind="notification", notifier={"notifier_type": "health_care"})
    client = login(org.guidance)
    action(client, item, "claim")
    refused = contact(
        client,
        item,
        "forward",
        motivation="wants",
        guidance_categories=["housing"],
        guidance_text="Ohjattu asumisneuvontaan.",
        end_note="Tarvitsee sosiaalityötä",
    )
    assert refused.status_code == 400
    assert "Arvioi ensin kiireellisyys" in refused.text
    for typed in ("Ohjattu asumisneuvontaan.", "Tarvitsee sosiaalityötä"):
        assert typed in refused.text
    assert 'value="wants" checked' in refused.text.replace("\n", "")
    item.refresh_from_db()
    assert (item.status, item.motivation) == ("in_guidance", "")
    assert "intake.guidance_given" not in activities(item)
    saved = contact(
        client,
        item,
        "forward",
        urgency="urgent",
        motivation="wants",
        guidance_categories=["housing"],
        guidance_text="Ohjattu asumisneuvontaan.",
        end_note="Tarvitsee sosiaalityötä",
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.status == "forwarded" and item.outcome_note == "Tarvitsee sosiaalityötä"
    assert activities(item)[-4:] == [
        "intake.urgency_assessed",
        "intake.motivation_assessed",
        "intake.guidance_given",
        "intake.forwarded",
    ]


def test_the_form_itself_names_what_is_missing(org, login, receive):
    item = receive()
    client = login(org.guidance)
    action(client, item, "claim")
    refused = contact(client, item, "close", attempt_channel="phone", guidance_categories=["debt"])
    assert refused.status_code == 400
    for missing in ("Kerro, tavoitettiinko asiakas.", "Kirjaa annettu ohjaus.", "Valitse"):
        assert missing in refused.text
    assert activities(item)[-1] == "intake.claimed"


def test_urgent_now_sets_the_deadline_to_today(org, login, receive, today):
    item = receive()
    client = login(org.guidance)
    action(client, item, "claim")
    contact(client, item, urgency="urgent_now")
    item.refresh_from_db()
    assert (item.due_rule, item.due_date) == ("urgent_help", dt.date(2026, 11, 24))


def test_not_reached_needs_the_countys_attempts(org, login, receive):
    item = receive()
    IntakeSettings.objects.create(county=org.county, contact_attempts=2)
    client = login(org.guidance)
    action(client, item, "claim")
    contact(client, item, urgency="not_urgent", attempt_channel="phone", attempt_reached="0")
    refused = contact(client, item, "close", outcome="not_reached")
    assert refused.status_code == 400
    assert "2 kertaa" in refused.text
    closed = contact(
        client, item, "close", attempt_channel="letter", attempt_reached="0", outcome="not_reached"
    )
    assert closed.status_code == 302


def test_referral_from_the_service_directory(org, login, receive, kela):
    item = receive()
    client = login(org.guidance)
    action(client, item, "claim")
    contact(client, item, urgency="not_urgent")
    assert contact(client, item, "close", outcome="referred").status_code == 400
    closed = contact(client, item, "close", referral_service=kela.pk, outcome="referred")
    assert closed.status_code == 302
    assert "intake.referred" in activities(item)


def test_someone_elses_item_cannot_be_worked(org, login, receive):
    item = receive()
    action(login(org.guidance), item, "claim")
    other = login(org.counsellor)
    response = contact(other, item, urgency="urgent")
    assert response.status_code == 409
    assert "Ota asia ensin käsittelyyn" in response.text
    queue_response = action(other, item, "claim")
    assert queue_response.status_code == 302


def test_an_action_address_opened_in_the_browser_leads_to_the_matter(org, login, receive):
    item = receive()
    client = login(org.guidance)
    for name in ("first_contact", "claim", "release"):
        response = client.get(reverse("intake:action", kwargs={"item_id": item.pk, "action": name}))
        assert response.status_code == 302
        assert response.url == reverse("intake:item", kwargs={"item_id": item.pk})


def test_repeat_matters_are_linked_and_unreached_client_flagged(org, receive, login):
    IntakeSettings.objects.create(county=org.county, contact_attempts=1, repeat_flag_threshold=3)
    first = receive(kind="notification", notifier={"notifier_type": "police"})
    services.item_claim(item=first, acting_user=org.guidance)
    services.urgency_assess(item=first, acting_user=org.guidance, urgency="not_urgent")
    services.contact_attempt_record(
        item=first, acting_user=org.guidance, channel="phone", reached=False
    )
    services.item_close(item=first, acting_user=org.guidance, outcome="not_reached")
    second = receive(
        kind="notification",
        notifier={"notifier_type": "health_care"},
        when=helsinki(2026, 11, 24, 12, 0),
    )
    assert list(second.related_items.all()) == [first]
    assert not ClientFlag.objects.filter(team__county=org.county).exists()
    third = receive(
        kind="notification",
        notifier={"notifier_type": "housing"},
        when=helsinki(2026, 11, 24, 14, 0),
    )
    assert set(third.related_items.all()) == {first, second}
    flag = ClientFlag.objects.filter(team__county=org.county).get()
    assert flag.team == org.team and flag.matters == 3
    assert "intake.flagged" in activities(third)
    queue = login(org.guidance).get(reverse("intake:queue"))
    assert "Huolta herättävät asiakkaat" in queue.text


def test_receive_form_keeps_input_on_error(org, login):
    client = login(org.guidance)
    response = client.post(
        reverse("intake:receive"),
        {
            "kind": "notification",
            "channel": "phone",
            "received_at": "2026-11-25T08:00",
            "hetu": "131052-308U",
            "description": "Poliisin ilmoitus",
            "initiator": "authority",
        },
    )
    assert response.status_code == 400
    assert "Tarkistusmerkki U ei täsmää" in response.text
    assert "ilmoittajan organisaatio" in response.text
    assert "Poliisin ilmoitus" in response.text
    assert not IntakeItem.objects.filter(county=org.county).exists()


def test_receive_form_creates_an_item(org, login, kuopio):
    client = login(org.guidance)
    response = client.post(
        reverse("intake:receive"),
        {
            "kind": "contact",
            "channel": "walk_in",
            "received_at": "2026-11-25T08:00",
            "hetu": "131052-308T",
            "first_name": "Liisa",
            "last_name": "Testinen",
            "municipality": kuopio.pk,
            "description": "Asiakas kävi toimistolla",
            "initiator": "client",
        },
    )
    assert response.status_code == 302
    item = IntakeItem.objects.filter(county=org.county).get()
    assert item.team == org.team and item.channel == "walk_in"


def intake_form(kuopio, **changes):
    return {
        "kind": "contact",
        "channel": "walk_in",
        "received_at": "2026-11-25T08:00",
        "hetu": "131052-308T",
        "first_name": "Liisa",
        "last_name": "Testinen",
        "municipality": kuopio.pk,
        "description": "Asiakas kävi toimistolla",
        "initiator": "client",
        **changes,
    }


def test_the_same_form_sent_twice_records_one_matter(org, login, kuopio):
    client = login(org.guidance)
    form = client.get(reverse("intake:receive"))
    token = form.context["form"].initial["once"]
    first = client.post(reverse("intake:receive"), intake_form(kuopio, once=token))
    again = client.post(reverse("intake:receive"), intake_form(kuopio, once=token))
    assert first.status_code == again.status_code == 302
    assert again.url == first.url  # back to the matter the first one recorded
    assert IntakeItem.objects.filter(county=org.county).count() == 1
    page = client.get(again.url)
    assert "Lomake oli jo lähetetty" in page.text
    # A refused post spends nothing: the corrected form goes through with the same token.
    token = client.get(reverse("intake:receive")).context["form"].initial["once"]
    refused = client.post(
        reverse("intake:receive"), intake_form(kuopio, once=token, description="", kind="letter")
    )
    assert refused.status_code == 400
    other = intake_form(kuopio, once=token, description="Toinen asia", hetu="010101A123N")
    assert client.post(reverse("intake:receive"), other).status_code == 302
    assert IntakeItem.objects.filter(county=org.county).count() == 2


def test_a_likely_duplicate_is_shown_before_saving(org, login, kuopio):
    client = login(org.guidance)
    assert client.post(reverse("intake:receive"), intake_form(kuopio)).status_code == 302
    shown = client.post(reverse("intake:receive"), intake_form(kuopio, channel="phone"))
    assert shown.status_code == 400
    assert "Onko asia jo kirjattu?" in shown.text
    first = IntakeItem.objects.filter(county=org.county).get()
    assert reverse("intake:item", kwargs={"item_id": first.pk}) in shown.text
    anyway = client.post(
        reverse("intake:receive"), intake_form(kuopio, channel="phone", record_anyway="on")
    )
    assert anyway.status_code == 302
    assert IntakeItem.objects.filter(county=org.county).count() == 2
    # Another team's worker is not told of a matter they may not know of.
    stranger = login(org.other_counsellor)
    other = stranger.post(reverse("intake:receive"), intake_form(kuopio, team=org.other_team.pk))
    assert other.status_code == 302


def test_a_pasted_code_with_spaces_is_accepted(org, login, kuopio):
    client = login(org.guidance)
    response = client.post(reverse("intake:receive"), intake_form(kuopio, hetu=" 131052-308T "))
    assert response.status_code == 302
    assert IntakeItem.objects.filter(county=org.county).get().client.hetu == "131052-308T"


def test_other_team_cannot_open_the_item(org, login, receive):
    item = receive()
    response = login(org.other_counsellor).get(reverse("intake:item", kwargs={"item_id": item.pk}))
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_event_outside_a_transaction_is_refused(org):
    with pytest.raises(EventOutsideTransaction):
        record(activity="intake.received", county=org.county)


def test_unknown_activity_is_refused(org):
    from django.db import transaction

    with pytest.raises(ValueError), transaction.atomic():
        record(activity="intake.teleported", county=org.county)


def test_existing_client_is_reused(org, receive):
    existing = ClientFactory(county=org.county, hetu="131052-308T")
    item = receive()
    assert item.client == existing


def test_hint_names_a_visible_client_and_open_matters(org, login, receive):
    item = receive()
    hint = login(org.guidance).post(reverse("intake:hint"), {"hetu": "131052-308t"})
    assert "Testinen Liisa" in hint.text
    assert item.get_kind_display() in hint.text


def test_hint_reveals_no_details_of_a_client_out_of_reach(org, login, receive):
    receive()
    hint = login(org.other_counsellor).post(reverse("intake:hint"), {"hetu": "131052-308T"})
    assert "Testinen" not in hint.text
    assert "on jo asiakas" in hint.text


def test_hint_for_new_and_invalid_codes(org, login):
    client = login(org.guidance)
    assert (
        "ei ole vielä asiakasta"
        in client.post(reverse("intake:hint"), {"hetu": "010101A123N"}).text
    )
    assert "Tarkistusmerkki" in client.post(reverse("intake:hint"), {"hetu": "131052-308U"}).text


def test_receive_form_with_attachments(org, login, kuopio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(org.guidance)
    form = {
        "kind": "application_supplementary",
        "channel": "letter",
        "received_at": "2026-11-25T08:00",
        "hetu": "131052-308T",
        "first_name": "Liisa",
        "last_name": "Testinen",
        "municipality": kuopio.pk,
        "description": "Hakemus ja tiliote",
        "initiator": "client",
    }
    disguised = client.post(
        reverse("intake:receive"),
        {**form, "attachments": [SimpleUploadedFile("tiliote.pdf", b"MZ\x90\x00 not a pdf")]},
    )
    assert disguised.status_code == 400
    assert "ei ole PDF-, JPEG- tai PNG-tiedosto" in disguised.text
    assert not IntakeItem.objects.filter(county=org.county).exists()
    ok = client.post(
        reverse("intake:receive"),
        {
            **form,
            "attachments": [
                SimpleUploadedFile("hakemus.pdf", b"%PDF-1.4 hakemus"),
                SimpleUploadedFile("kuva.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10),
            ],
        },
    )
    assert ok.status_code == 302
    item = IntakeItem.objects.filter(county=org.county).get()
    assert item.attachments.count() == 2
    assert ok.url == reverse("intake:receive")  # the benefit handlers' queue, not guidance's
    handler = login(org.benefit_handler)
    page = handler.get(reverse("benefits:application", kwargs={"item_id": item.pk}))
    assert "hakemus.pdf" in page.text


def test_the_queue_is_paged_in_a_fixed_number_of_queries(
    org, login, receive, monkeypatch, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from porras.intake import selectors

    monkeypatch.setattr(selectors, "QUEUE_PAGE", 5)
    clients = ClientFactory.create_batch(7, county=org.county)
    for client in clients[:2]:
        receive(hetu=client.hetu)
    guidance = login(org.guidance)
    with CaptureQueriesContext(connection) as few:
        guidance.get(reverse("intake:queue"))
    for client in clients[2:]:
        receive(hetu=client.hetu)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = guidance.get(reverse("intake:queue"))
    assert len(first.context["rows"]) == 5 and "7 asiaa" in first.text
    assert 'href="?page=2"' in first.text
    second = guidance.get(reverse("intake:queue") + "?page=2")
    assert len(second.context["rows"]) == 2
    shown = {row.item.pk for row in first.context["rows"]} | {
        row.item.pk for row in second.context["rows"]
    }
    assert shown == set(IntakeItem.objects.filter(team=org.team).values_list("pk", flat=True))
