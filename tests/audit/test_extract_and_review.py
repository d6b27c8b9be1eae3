import csv
import io
import re

from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from porras.audit.models import AccessLogEntry, Review


def accesses(org, login, client):
    """The accesses made in the test: the responsible worker twice, a stated reason once."""
    url = reverse("clients:detail", kwargs={"client_id": client.pk})
    worker = login(org.counsellor)
    worker.get(url)
    worker.get(url)
    other = login(org.other_counsellor)
    other.get(url)  # refused: not in the extract (it lists who has seen the data)
    other.post(
        reverse("clients:reason", kwargs={"client_id": client.pk}),
        {"kind": "emergency", "explanation": "Kriisitilanne iltapäivystyksessä."},
    )


def extract(org, login, client, language, kind):
    officer = login(org.data_protection)
    response = officer.get(
        reverse("audit:extract", kwargs={"client_id": client.pk}),
        {"lang": language, "format": kind},
    )
    assert response.status_code == 200
    return response


def body_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_csv_extract_lists_exactly_the_accesses_in_finnish(org, login, kuopio_client):
    accesses(org, login, kuopio_client)
    body = body_of(extract(org, login, kuopio_client, "fi", "csv"))
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == [
        "Aika",
        "Viimeksi",
        "Kertaa",
        "Kuka",
        "Rooli",
        "Organisaatio",
        "Mitä",
        "Miksi",
    ]
    data = rows[1:]
    # The two views of the same day, person, purpose and kind are one row.
    assert [(r[2], r[3], r[6]) for r in data] == [
        ("2", "Olli Ohjaaja", "Asiakkaan perustiedot"),
        ("1", org.other_counsellor.get_full_name(), "Käyttöperusteen ilmoitus"),
    ]
    assert data[0][4] == "Sosiaaliohjaaja"
    assert data[0][5] == "Testin hyvinvointialue / Kuopion tiimi"
    assert data[0][7] == "vastuutyöntekijä"
    assert data[1][7].startswith("ilmoitettu peruste: Kiireellinen tilanne")


def test_csv_extract_in_swedish(org, login, kuopio_client):
    accesses(org, login, kuopio_client)
    body = body_of(extract(org, login, kuopio_client, "sv", "csv"))
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == [
        "Tid",
        "Senast",
        "Gånger",
        "Vem",
        "Roll",
        "Organisation",
        "Vad",
        "Varför",
    ]
    assert [r[6] for r in rows[1:]] == ["Klientens basuppgifter", "Anmälan av grund för åtkomst"]
    assert rows[1][4] == "Socialhandledare"


def test_pdf_extract_in_finnish_and_swedish(org, login, kuopio_client):
    accesses(org, login, kuopio_client)
    for language, title, what, twice in (
        ("fi", "Lokiote", "Asiakkaan perustiedot", "2 kertaa"),
        ("sv", "Loggutdrag", "Klientens basuppgifter", "2 gånger"),
    ):
        response = extract(org, login, kuopio_client, language, "pdf")
        assert response["Content-Type"] == "application/pdf"
        pages = PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(" ".join(p.extract_text() for p in pages).split())
        assert title in text
        assert text.count(what) == 1 and twice in text  # two views of a day, one row
        assert "Olli Ohjaaja" in text


def test_only_the_officer_reads_the_log(org, login, kuopio_client):
    for attr in ("counsellor", "manager", "admin"):
        client = login(getattr(org, attr))
        assert client.get(reverse("audit:search")).status_code == 403
        assert (
            client.get(
                reverse("audit:extract", kwargs={"client_id": kuopio_client.pk}),
                {"lang": "fi", "format": "csv"},
            ).status_code
            == 403
        )


def search(officer, **fields):
    """The officer's search, as the form sends it (posted, then shown at its address)."""
    return officer.post(reverse("audit:search"), fields, follow=True)


def test_officer_searches_by_client_user_and_period(org, login, kuopio_client, today):
    accesses(org, login, kuopio_client)
    officer = login(org.data_protection)
    by_client = search(officer, hetu=kuopio_client.hetu)
    # The code never stands in an address: the search is shown at the client's id.
    assert by_client.redirect_chain[0][0] == reverse("audit:search") + f"?client={kuopio_client.pk}"
    assert by_client.text.count("Olli Ohjaaja") >= 2
    assert "Meikäläinen Matti" in by_client.text  # names, not ids
    assert "lokiote" in by_client.text.lower()
    times = [e.at for e in by_client.context["page"]]
    assert times == sorted(times, reverse=True)  # newest first
    by_user = search(
        officer,
        username=org.other_counsellor.username,
        first=today.isoformat(),
        last=today.isoformat(),
    )
    assert "Kriisitilanne iltapäivystyksessä." in by_user.text
    assert "Olli Ohjaaja" not in by_user.text
    by_period = search(officer, first=today.isoformat())  # the period alone
    assert by_period.status_code == 200 and by_period.context["page"].paginator.count >= 4
    empty = officer.post(reverse("audit:search"), {})
    assert empty.status_code == 400
    assert "Anna haettava asiakas, käyttäjä tai aikaväli." in empty.text


def test_no_identity_code_in_an_address_or_a_file_name(org, login, kuopio_client):
    accesses(org, login, kuopio_client)
    officer = login(org.data_protection)
    found = search(officer, hetu=kuopio_client.hetu)
    for address, _status in found.redirect_chain:
        assert kuopio_client.hetu not in address
    for link in re.findall(r'href="([^"]+)"', found.text):
        assert kuopio_client.hetu not in link
    for kind in ("pdf", "csv"):
        download = officer.get(
            reverse("audit:extract", kwargs={"client_id": kuopio_client.pk}),
            {"lang": "fi", "format": kind},
        )
        assert kuopio_client.hetu not in download["Content-Disposition"]
        assert download["Content-Disposition"].startswith('attachment; filename="lokiote-')
    logged = AccessLogEntry.objects.filter(user=org.data_protection)
    assert logged.exists() and not logged.filter(path__contains=kuopio_client.hetu).exists()


def test_reviewing_a_flagged_access(org, login, kuopio_client):
    accesses(org, login, kuopio_client)
    officer = login(org.data_protection)
    queue = officer.get(reverse("audit:review_queue"))
    assert "Kriisitilanne iltapäivystyksessä." in queue.text

    flagged = AccessLogEntry.objects.filter(flagged=True, county_id=org.county.pk)
    elsewhere = AccessLogEntry.objects.filter(flagged=True).exclude(county_id=org.county.pk)
    assert elsewhere.exists()  # the other county's flagged entry: not this officer's
    assert "Muun alueen peruste" not in queue.text
    assert (
        officer.get(reverse("audit:review", kwargs={"entry_id": elsewhere[0].pk})).status_code
        == 404
    )
    page = officer.get(reverse("audit:review", kwargs={"entry_id": flagged[0].pk}))
    assert page.status_code == 200
    assert "Tarkasta käyttö" in page.text
    for entry in flagged:
        response = officer.post(
            reverse("audit:review", kwargs={"entry_id": entry.pk}),
            {"decision": "justified", "note": "Tarkistettu."},
        )
        assert response.status_code == 302
    assert Review.objects.count() == flagged.count()
    assert "Kriisitilanne" not in officer.get(reverse("audit:review_queue")).text
    done = officer.get(reverse("audit:review", kwargs={"entry_id": flagged[0].pk}))
    assert "Perusteltu" in done.text and "Tarkistettu." in done.text


def test_a_client_seen_ten_thousand_times_gets_a_short_extract(org, login, kuopio_client, today):
    """A client who sat in a busy queue: every view is in the log, the extract groups a
    day's views of the same kind by the same person for the same reason into one row."""
    import datetime as dt

    from django.utils import timezone

    from porras.audit import chain

    def views(worker, day, count, hour):
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        return [
            {
                "at": start + dt.timedelta(seconds=n),
                "county_id": org.county.pk,
                "user": worker,
                "username": worker.username,
                "user_name": worker.get_full_name(),
                "role": worker.role,
                "organisation": "Testin hyvinvointialue / Kuopion tiimi",
                "client_id": kuopio_client.pk,
                "record_type": "intake.queue",
                "purpose": "team_queue",
                "outcome": "granted",
                "request_id": f"r{hour}-{n}",
                "path": "/intake/",
            }
            for n in range(count)
        ]

    yesterday = today - dt.timedelta(days=1)
    with transaction.atomic():
        chain.append(
            views(org.guidance, yesterday, 6000, 8)
            + views(org.guidance, today, 3000, 8)
            + views(org.counsellor, today, 1000, 9)
        )
    body = body_of(extract(org, login, kuopio_client, "fi", "csv"))
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    queue_rows = [(r[0][:10], r[2], r[3]) for r in rows if r[6] != "Asiakkaan perustiedot"]
    guidance = org.guidance.get_full_name()
    assert queue_rows == [
        (yesterday.strftime("%d.%m.%Y"), "6000", guidance),
        (today.strftime("%d.%m.%Y"), "3000", guidance),
        (today.strftime("%d.%m.%Y"), "1000", "Olli Ohjaaja"),
    ]
    assert rows[0][0].endswith("08:00:00") and rows[0][1].endswith("09:39:59")
    pdf = extract(org, login, kuopio_client, "fi", "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "6000 kertaa" in " ".join(text.split())
