"""Hostile input is refused cheaply and answered as documented: sizes, depths, errors, headers."""

import io
import tracemalloc

import pytest
from django.urls import reverse

from porras.audit.models import AccessLogEntry
from porras.handbook import bpmn
from porras.handbook.models import Process

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"


class UnreadableBody(io.RawIOBase):
    """A request body that must never be read (reading it fails the test)."""

    def read(self, *args):
        raise AssertionError("the body of a too large request was read")

    readline = read


def declared_huge(client, path, **extra):
    return client.generic(
        "POST",
        path,
        content_type="application/json",
        CONTENT_LENGTH=str(300 * 2**20),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


def test_a_300_mb_upload_is_refused_by_its_size_before_it_is_read(org, login, api_token_for):
    page = declared_huge(login(org.guidance), reverse("intake:receive"))
    assert page.status_code == 413 and "liian suuri" in page.content.decode()
    api = declared_huge(
        login(org.guidance),
        "/api/v1/intake/items/",
        HTTP_AUTHORIZATION=f"Token {api_token_for(org.guidance)}",
    )
    assert api.status_code == 413
    assert api.json()["detail"].startswith("Pyyntö on liian suuri")


def test_a_10_mib_attachment_fits_in_json(org, api_client_for, kuopio, settings):
    """The documented limit holds in JSON too (base64 makes it a third larger)."""
    import base64

    content = b"%PDF-1.4\n" + b"0" * (settings.PORRAS_MAX_ATTACHMENT_BYTES - 9)
    response = api_client_for(org.guidance).post(
        "/api/v1/intake/items/",
        {
            "kind": "application_supplementary",
            "channel": "e_service",
            "received_at": "2026-11-25T08:00:00+02:00",
            "client": {
                "hetu": "131052-308T",
                "first_name": "Liisa",
                "last_name": "Testinen",
                "municipality_code": kuopio.code,
            },
            "description": "Hakemus liitteineen.",
            "attachments": [
                {"name": "hakemus.pdf", "content_base64": base64.b64encode(content).decode()}
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content[:300]


def _tasks(count: int) -> bytes:
    tasks = "".join(f'<task id="t{n}"/>' for n in range(count))
    return (
        f'<definitions xmlns="{MODEL}" id="d"><process id="p">{tasks}</process></definitions>'
    ).encode()


def test_a_150000_task_model_is_refused_without_building_it():
    content = _tasks(150_000)
    assert len(content) < bpmn.MAX_BYTES  # small enough to pass the size check
    tracemalloc.start()
    with pytest.raises(bpmn.BpmnError, match="20000"):
        bpmn.read(content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 2**20  # no tree of 150,000 elements was built


def test_a_deeply_nested_model_is_refused_with_a_reason(org, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from porras.synth.factories import WorkerFactory

    owner = WorkerFactory(username="omistaja", role="process_owner", county=org.county)
    nested = (
        f'<definitions xmlns="{MODEL}">' + "<x>" * 5000 + "</x>" * 5000 + "</definitions>"
    ).encode()
    response = login(owner).post(
        reverse("handbook:process_new"),
        {"title": "Syvä", "level": "sub", "file": SimpleUploadedFile("deep.bpmn", nested)},
    )
    assert response.status_code == 400
    assert "sisäkkäin" in response.content.decode()
    assert not Process.objects.filter(county=org.county).exists()


def test_known_server_errors_are_answered_as_bad_input(org, login, kuopio_client):
    officer = login(org.data_protection)
    search = officer.post(
        reverse("audit:search"), {"username": org.counsellor.username, "last": "9999-12-31"}
    )
    assert search.status_code == 400
    tampered = officer.get(reverse("audit:search"), {"username": "x", "last": "9999-12-31"})
    assert tampered.status_code == 200
    handbook = login(org.counsellor).get(reverse("handbook:index"), {"q": "a\x00b"})
    assert handbook.status_code == 200


def test_a_malformed_id_in_the_api_is_a_json_404(org, api_client_for):
    response = api_client_for(org.counsellor).get("/api/v1/clients/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Ei löydy."}


def test_pages_carry_a_content_security_policy(org, login):
    response = login(org.counsellor).get(reverse("home:front"))
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("0f5c2d1e-1111-4e4e-9c9c-123456789abc", True),
        ("<script>alert(1)</script>", False),
        ("x" * 200, False),
        ("short", False),
    ],
)
def test_only_a_well_formed_request_id_is_kept(org, login, kuopio_client, given, kept):
    response = login(org.counsellor).get(
        reverse("clients:detail", args=[kuopio_client.pk]), HTTP_X_REQUEST_ID=given
    )
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert (entry.request_id == given) is kept
    assert response["X-Request-ID"] == entry.request_id


def test_the_officers_review_pages_are_supervision_of_the_clients_shown(org, login, kuopio_client):
    login(org.other_counsellor).post(
        reverse("clients:reason", args=[kuopio_client.pk]),
        {"kind": "emergency", "explanation": "Kriisitilanne iltapäivystyksessä."},
    )
    flagged = AccessLogEntry.objects.get(flagged=True, county_id=org.county.pk)
    officer = login(org.data_protection)
    officer.get(reverse("audit:review_queue"))
    officer.get(reverse("audit:review", args=[flagged.pk]))
    supervision = AccessLogEntry.objects.filter(
        user=org.data_protection, client_id=kuopio_client.pk, purpose="supervision"
    )
    assert supervision.count() == 2


def test_the_browsers_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("porras/favicon.svg")
