"""Stored facts, sentences in the reader's language: notifications, reasons, flags."""

from django.conf import settings
from django.urls import reverse

from porras.casework import selectors
from porras.casework.models import Quadrant


def in_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_a_notification_reads_in_the_readers_language(org, login, case):
    finnish = login(org.counsellor2).get(reverse("home:front"))
    assert "Olet uuden asiakkuuden vastuutyöntekijä" in finnish.text
    swedish = in_swedish(login(org.counsellor2)).get(reverse("home:front"))
    assert "Du är ansvarig arbetstagare" in swedish.text
    assert "Olet uuden" not in swedish.text
    assert "24.11.2026" in swedish.text or "2026-11-24" in swedish.text


def test_the_recommendation_reason_reads_in_the_readers_language(org, login, case):
    page = in_swedish(login(org.counsellor)).get(
        reverse("casework:case", kwargs={"case_id": case.pk})
    )
    assert "Lägsta belastning per årsverke" in page.text
    assert "Pienin kuormitus" not in page.text
    facts = case.assignments.get().recommendation_facts
    assert set(facts) == {"role", "load", "mean"}  # facts, not a sentence
    assert selectors.recommendation_reason(facts).startswith("Pienin kuormitus")
    assert selectors.recommend(org.team, Quadrant.B).facts["role"] == "counsellor"
