"""No client data leaves and no change stays without its access-log entries; and a request
never waits for the chain."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client as Browser
from django.urls import reverse

from porras.audit import chain
from porras.audit.models import AccessLogEntry, ChainHead
from porras.clients.models import Client


def failing_append(entries):
    raise DatabaseError("the disk is full")


def test_a_change_whose_entries_cannot_be_written_is_not_kept(
    org, login, kuopio_client, monkeypatch
):
    browser = login(org.counsellor)
    monkeypatch.setattr(chain, "append", failing_append)
    response = browser.post(
        reverse("clients:edit", args=[kuopio_client.pk]),
        {
            "first_name": "Matti",
            "last_name": "Muutettu",
            "language": "fi",
            "version": kuopio_client.version,
        },
    )
    assert response.status_code == 500
    kuopio_client.refresh_from_db()
    assert kuopio_client.last_name == "Meikäläinen"


def test_a_read_whose_entries_cannot_be_written_shows_nothing(
    org, login, kuopio_client, monkeypatch
):
    browser = login(org.counsellor)
    monkeypatch.setattr(chain, "append", failing_append)
    response = browser.get(reverse("clients:detail", args=[kuopio_client.pk]))
    assert response.status_code == 500
    assert "Meikäläinen" not in response.content.decode()


def test_a_change_and_its_entries_are_saved_together(org, login, kuopio_client):
    browser = login(org.counsellor)
    response = browser.post(
        reverse("clients:edit", args=[kuopio_client.pk]),
        {
            "first_name": "Matti",
            "last_name": "Muutettu",
            "language": "fi",
            "version": kuopio_client.version,
        },
    )
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(
        client_id=kuopio_client.pk, record_type="client.edit", outcome="granted"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_a_request_does_not_wait_while_another_process_holds_the_chain(org, kuopio_client):
    """With the chain's head locked by a stuck sealer, a worker edits a client: the edit and
    its entry are saved at once (unsealed), and are sealed once the head is free."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's (SQLite locks the file)")
    ChainHead.objects.get_or_create(id=1)
    locked, release = threading.Event(), threading.Event()

    def stuck_sealer():
        from django.db import connections

        try:
            with transaction.atomic():
                ChainHead.objects.select_for_update().get(id=1)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=stuck_sealer)
    holder.start()
    assert locked.wait(10)
    try:
        browser = Browser()
        browser.force_login(org.counsellor)
        response = browser.post(
            reverse("clients:edit", args=[kuopio_client.pk]),
            {
                "first_name": "Matti",
                "last_name": "Muutettu",
                "language": "fi",
                "version": kuopio_client.version,
            },
        )
        assert response.status_code == 302
        assert Client.objects.get(pk=kuopio_client.pk).last_name == "Muutettu"
        entry = AccessLogEntry.objects.get(client_id=kuopio_client.pk, record_type="client.edit")
        assert entry.seq is None  # waits for its place; the request did not wait
    finally:
        release.set()
        holder.join()
    chain.seal(wait=True)
    assert AccessLogEntry.objects.get(pk=entry.pk).seq is not None
    assert chain.verify().ok
