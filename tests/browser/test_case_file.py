"""One client from intake to closure in the browser, each step by the role that does it:
service guidance receives and forwards, the duty pair distributes, the responsible
worker meets the client, assesses, plans with a package, reviews, writes the narrative
and closes. Every case file page passes axe; the printed plan carries no contact data."""

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from porras.audit.models import AccessLogEntry
from porras.casework.models import (
    Appointment,
    AssessmentStatus,
    Case,
    CaseStatus,
    ClientPlan,
    PlanStatus,
    ServicePackage,
    Stage,
)
from porras.clients.models import Client
from porras.core import calendar, clock
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.intake.models import IntakeItem, Status
from porras.people.models import DutyPair, Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_service_guidance import click_label, receive_new_matter

pytestmark = pytest.mark.django_db(transaction=True)

DESCRIPTION = "Terveydenhuollon huoli: asunnoton, päihteitä ja velkoja."


def choose(page, name, value):
    """Pick a radio button or checkbox by its value; HDS draws them on their labels."""
    field_id = page.locator(f"input[name='{name}'][value='{value}']").get_attribute("id")
    page.locator(f"label[for='{field_id}']").click()


def confirm_and_click(page, button_name):
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=button_name).click()


def switch_user(page, worker):
    page.context.clear_cookies()
    log_in(page, worker.username)


def tab(page, name):
    page.locator(".case-tabs").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def book_and_keep(page, purpose):
    """Book an appointment that began two hours ago and record that it was kept."""
    tab(page, "Tapaamiset")
    moment = timezone.localtime(clock.now() - dt.timedelta(hours=2))
    page.locator("[name=purpose]").select_option(purpose)
    page.locator("[name=day]").fill(moment.date().isoformat())
    page.locator("[name=time]").fill(f"{moment:%H:%M}")
    choose(page, "mode", "in_person")
    page.locator("[name=place]").fill("Sosiaaliasema, huone 12")
    page.get_by_role("button", name="Varaa", exact=True).click()
    booked = page.locator("article.entry", has_text="Varattu").first
    expect(booked).to_be_visible()
    field_id = booked.locator("input[name$='-status'][value='kept']").get_attribute("id")
    booked.locator(f"label[for='{field_id}']").click()
    booked.get_by_role("button", name="Tallenna toteutuminen").click()
    expect(page.locator("article.entry", has_text="Varattu")).to_have_count(0)


def test_a_client_from_intake_to_closure(page, transactional_db):
    generate_county(size="small", seed=1)
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()

    # Service guidance: the matter comes in, first contact, forwarded to the duty pair.
    log_in(page, guidance.username)
    page.get_by_role("link", name="Palveluohjaus").click()
    receive_new_matter(page, DESCRIPTION)
    page.get_by_role("button", name="Ota käsittelyyn").click()
    click_label(page, "Ei kiireellinen")
    click_label(page, "Haluaa ottaa palvelun vastaan")
    click_label(page, "Asuminen")
    page.get_by_label("Annettu ohjaus").fill("Ohjattu asumisneuvontaan.")
    page.get_by_label("Huomiot päivystysparille tai päättämisestä").fill("Monta tuen tarvetta.")
    page.get_by_role("button", name="Tallenna ja siirrä päivystysparille").click()
    item = IntakeItem.objects.get(description=DESCRIPTION)
    assert item.status == Status.FORWARDED

    # The duty pair assesses the support need (D) and opens the case.
    pair = DutyPair.objects.get(team=item.team, week_start=clock.week_start(clock.today()))
    switch_user(page, pair.social_worker)
    page.get_by_role("link", name="Jakelu").click()
    card = page.locator(f"#i{item.pk.hex[:12]}")
    card.locator("label", has_text="Erityisiä vaikeuksia hakea").click()
    card.locator("label", has_text="Useita tai pitkäkestoisia tarpeita").click()
    card.get_by_label("Perustelut").fill("Päihteet, asunnottomuus ja velat.")
    card.get_by_role("button", name="Tallenna arvio").click()
    page.locator(f"#i{item.pk.hex[:12]}").get_by_role("button", name="Avaa asiakkuus").click()
    expect(page.get_by_role("status")).to_contain_text("Asiakkuus avattu")
    case = Case.objects.get(origin_items=item)
    worker = case.responsible
    assert worker.role == Role.SOCIAL_WORKER and worker.public_office
    Client.objects.filter(pk=case.client_id).update(
        street_address="Salaisenpolku 77 B 5", phone="044 765 4321"
    )

    # The responsible worker finds the case among their own.
    switch_user(page, worker)
    page.get_by_role("link", name="Asiakkuuteni").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Asiakkuuteni")
    assert_accessible(page)
    page.goto(f"/cases/{case.pk}/")
    assert_accessible(page)

    # First meeting, then the service need assessment.
    book_and_keep(page, "assessment")
    assert_accessible(page)
    tab(page, "Palvelutarpeen arviointi")
    page.get_by_role("button", name="Aloita arviointi").click()
    page.locator("[name=housing]").fill("Asunnoton, yöpyy tuttavilla.")
    confirm_and_click(page, "Merkitse arviointi valmiiksi")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("näkemys")  # every missing piece is named at the top
    expect(page.locator("[name=housing]")).to_have_value("Asunnoton, yöpyy tuttavilla.")
    assert_accessible(page)
    page.locator("[name=situation_summary]").fill("Asunnottomuus, päihteet ja velat.")
    page.locator("[name=client_view]").fill("Haluaa asunnon ja irti päihteistä.")
    choose(page, "needs_client_relationship", "1")
    choose(page, "special_support_need", "1")
    page.locator("[name=special_support_grounds]").fill("Ei pysty hakemaan palveluja itse.")
    choose(page, "needs_responsible_worker", "1")
    intensive = ServicePackage.objects.get(county=case.county, code="intensive")
    choose(page, "proposed_packages", str(intensive.pk))
    confirm_and_click(page, "Merkitse arviointi valmiiksi")
    expect(page.get_by_role("status")).to_be_visible()
    assessment = case.service_need_assessments.get()
    assert assessment.status == AssessmentStatus.COMPLETED and assessment.special_support_need

    # The client plan with a goal, a measure and the intensive package.
    tab(page, "Asiakassuunnitelma")
    page.get_by_role("button", name="Aloita asiakassuunnitelma").click()
    page.locator("[name=life_situation]").fill("Asunnoton, työtön.")
    page.locator("[name=client_view]").fill("Haluan oman asunnon.")
    page.locator("[name=follow_up]").fill("Tapaamiset joka toinen viikko, tarkistus.")
    review_due = calendar.add_months(clock.today(), 3)
    page.locator("[name=review_due]").fill(review_due.isoformat())
    choose(page, "client_agrees", "1")
    page.locator("[name='goals-0-text']").fill("Asunto on turvattu")
    page.locator("[name='measures-0-goal']").select_option("1")
    page.locator("[name='measures-0-text']").fill("Asunnon haku ja vuokravakuus")
    page.locator("[name='measures-0-performer']").select_option("worker")
    page.locator("[name='measures-0-package']").select_option(str(intensive.pk))
    assert_accessible(page)
    confirm_and_click(page, "Vahvista suunnitelma")
    expect(page.get_by_role("status")).to_be_visible()
    plan = ClientPlan.objects.get(case=case, status=PlanStatus.IN_FORCE)
    assert case.packages.get().package == intensive
    for language, heading in (("fi", "Asiakassuunnitelma"), ("sv", "Klientplan")):
        printed = page.request.get(f"/cases/{case.pk}/plan/{plan.number}/pdf/{language}/")
        assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.body())).pages)
        assert heading in text and "Testinen" in text and "Asunto on turvattu" in text
        assert "Salaisenpolku" not in text and "765 4321" not in text
        assert "131052-308T" not in text

    # The review: a review appointment, then what was reached.
    book_and_keep(page, "review")
    assert Case.objects.get(pk=case.pk).stage == Stage.REVIEW
    tab(page, "Asiakassuunnitelma")
    goal = plan.goals.get()
    choose(page, f"review-goal_{goal.pk}", "partly")
    page.locator("[name='review-summary']").fill("Asunto haussa, vuokravakuus myönnetty.")
    next_review = calendar.add_months(clock.today(), 6).isoformat()
    page.locator("[name='review-next_review_due']").fill(next_review)
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna tarkistus").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert plan.reviews.count() == 1

    # The narrative.
    tab(page, "Asiakaskertomus")
    page.locator("[name=text]").fill("Asiakas sai vuokra-asunnon; muutto ensi viikolla.")
    page.get_by_role("button", name="Tallenna merkintä").click()
    expect(page.locator(".entry__text", has_text="Asiakas sai vuokra-asunnon")).to_be_visible()
    assert_accessible(page)

    # Closing: the reason and the summary; the case becomes read-only.
    tab(page, "Asiakkuuden päättäminen")
    assert_accessible(page)
    choose(page, "reason", "goals_reached")
    page.locator("[name=summary]").fill("Asunto järjestyi; ohjattu asumissosiaaliseen työhön.")
    confirm_and_click(page, "Päätä asiakkuus")
    expect(page.get_by_role("status")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closure_reason == "goals_reached"
    assert not case.packages.filter(ended_on__isnull=True).exists()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Asiakkuuteni")
    # Access followed the task: the former worker now has to state a reason.
    refused = page.goto(f"/cases/{case.pk}/")
    assert refused.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    assert AccessLogEntry.objects.filter(
        user=worker, client_id=case.client_id, outcome="refused"
    ).exists()
    # With a stated reason (flagged for the officer) the closed case reads, unchangeable.
    page.get_by_role("link", name="Ilmoita käyttöperuste").click()
    choose(page, "kind", "other_task")
    page.locator("[name=explanation]").fill("Asiakas pyysi loppuyhteenvedon kopion.")
    page.locator("main form button[type=submit]").click()
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_text("Asiakkuus päätettiin")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    assert_accessible(page)

    # The timeline is the work in the order it was done, each step by its role.
    steps = list(
        Event.objects.filter(case_id=case.pk)
        .order_by("at", "id")
        .values_list("activity", "actor_role")
    )
    done = [activity for activity, _role in steps]
    expected = [
        "case.opened",
        "case.appointment_booked",
        "case.appointment_kept",
        "case.assessment_started",
        "case.assessment_completed",
        "case.plan_made",
        "case.package_started",
        "case.appointment_booked",
        "case.appointment_kept",
        "case.plan_reviewed",
        "case.narrative_written",
        "case.package_ended",
        "case.closed",
    ]
    remaining = iter(done)
    assert all(a in remaining for a in expected), done  # each after the one before
    # The page's timeline tells the same, from intake on, in the reader's language.
    shown = page.locator("ol.timeline > li strong").all_inner_texts()
    with translation.override("fi"):
        before = ["intake.received", "intake.forwarded", "case.support_need_assessed"]
        labels = [str(Activity(a).label) for a in [*before, *expected]]
    remaining = iter(shown)
    assert all(label in remaining for label in labels), shown
    assert {role for activity, role in steps if activity in expected} == {Role.SOCIAL_WORKER}
    assessed = Event.objects.get(item_id=item.pk, activity="case.support_need_assessed")
    assert assessed.actor == pair.social_worker
    assert Event.objects.get(item_id=item.pk, activity="intake.forwarded").actor == guidance
    assert Appointment.objects.filter(case=case, status="kept").count() == 2
