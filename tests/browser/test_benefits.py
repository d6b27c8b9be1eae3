"""An income support application in the browser: service guidance records it, a benefit
handler takes it from the county's queue, asks for completion, records the completed
application, Kela's decision and the calculation, decides "partly granted" with reasons,
records the sending, prints the letter in Finnish and Swedish and exports the day's
payments as a pain.001 file that validates against its schema. axe on every page."""

import io
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from playwright.sync_api import expect
from pypdf import PdfReader

from porras.benefits.models import Payment, PaymentBatch
from porras.core import calendar, clock
from porras.decisions.models import Decision
from porras.intake.models import IntakeItem
from porras.people.models import Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_case_file import choose, confirm_and_click, switch_user

pytestmark = pytest.mark.django_db(transaction=True)

DESCRIPTION = "Hakemus: reseptilääkkeet ja sähkölasku."
IBAN = "FI2112345600000785"


def notice(page):
    return page.locator("section.hds-notification--success")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_benefit_handler_decides_an_application_and_pays_it(page, transactional_db):
    generate_county(size="small", seed=1)
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    handler = Worker.objects.filter(role=Role.BENEFIT_HANDLER).order_by("username").first()
    today = clock.today()

    # Service guidance records the application: it goes to the benefit handlers.
    log_in(page, guidance.username)
    page.get_by_role("link", name="Palveluohjaus").click()
    page.get_by_role("link", name="Kirjaa vireille tullut asia").click()
    page.get_by_label("Asian laji").select_option("application_supplementary")
    with page.expect_response("**/intake/hint/**", timeout=15000):
        page.get_by_label("Henkilötunnus").fill("131052-308T")
    page.get_by_label("Etunimet").fill("Liisa")
    page.get_by_label("Sukunimi").fill("Testinen")
    page.get_by_label("Asian kuvaus").fill(DESCRIPTION)
    page.get_by_role("button", name="Kirjaa jonoon").click()
    expect(notice(page)).to_contain_text("Asia kirjattiin")
    item = IntakeItem.objects.get(description=DESCRIPTION)
    assert item.track == "benefits"

    # The handler takes it from the county's queue.
    switch_user(page, handler)
    page.get_by_role("link", name="Toimeentulotuki").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toimeentulotukihakemukset")
    assert_accessible(page)
    page.locator("tr", has_text="Testinen Liisa").get_by_role("button", name="Ota").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testinen Liisa")
    assert_accessible(page)

    # One specific completion request; the completed application moves the due date.
    page.get_by_role("button", name="Pyydä täydennystä").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()  # nothing said: refused
    page.get_by_label("Mitä hakemuksesta puuttuu (yksi yksilöity pyyntö)").fill(
        "Tiliotteet kahdelta kuukaudelta."
    )
    page.get_by_role("button", name="Pyydä täydennystä").click()
    expect(notice(page)).to_contain_text("Täydennystä pyydettiin")
    page.get_by_label("Täydennetty hakemus saapui").fill(today.isoformat())
    page.get_by_role("button", name="Kirjaa täydennetty hakemus").click()
    expect(notice(page)).to_contain_text("Täydennetty hakemus kirjattiin")
    item.refresh_from_db()
    due = calendar.add_working_days(today, 7)
    assert (item.due_rule, item.due_date) == ("income_support_completed", due)
    expect(page.locator("dl.facts").first).to_contain_text(f"{due:%-d.%-m.%Y}")

    # Kela's decision, then the calculation.
    page.get_by_label("Kelan päätöksen numero").fill("TT-2026-123456")
    page.get_by_label("Kelan päätöspäivä").fill("2026-11-20")
    page.get_by_label("Perustoimeentulotuki kuukaudessa (€)").fill("555.00")
    page.get_by_label("Kelan laskelman ylijäämä kuukaudessa (€)").fill("0")
    page.get_by_role("button", name="Tallenna Kelan päätös").click()
    expect(notice(page)).to_contain_text("Kelan päätös kirjattiin")
    page.get_by_role("link", name="Laske").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laskelma")
    page.get_by_label("Jakso alkaen").fill("2026-12-01")
    page.get_by_label("Jakso päättyen").fill("2026-12-31")
    rows = [
        ("expense", "medicine", "Reseptilääkkeet", "180.00", "accepted", "", ""),
        ("expense", "utilities", "Sähkölasku", "300.00", "partly", "200.00", ""),
    ]
    for n, (kind, category, text, amount, assessment, accepted, reason) in enumerate(rows):
        page.locator(f"[name=lines-{n}-kind]").select_option(kind)
        page.locator(f"[name=lines-{n}-category]").select_option(category)
        page.locator(f"[name=lines-{n}-description]").fill(text)
        page.locator(f"[name=lines-{n}-amount]").fill(amount)
        page.locator(f"[name=lines-{n}-assessment]").select_option(assessment)
        page.locator(f"[name=lines-{n}-accepted_amount]").fill(accepted)
        page.locator(f"[name=lines-{n}-reason]").fill(reason)
    page.get_by_role("button", name="Tallenna laskelma").click()
    # The partly accepted expense needs its reason; what was typed stays.
    expect(page.locator("#id_lines-1-reason-error")).to_contain_text("Perustele")
    expect(page.locator("[name=lines-1-description]")).to_have_value("Sähkölasku")
    assert_accessible(page)
    page.locator("[name=lines-1-reason]").fill("Kohtuullinen kulutus yhden hengen taloudessa.")
    page.get_by_role("button", name="Tallenna laskelma").click()
    expect(notice(page)).to_contain_text("Laskelma tallennettiin")
    expect(page.locator("main")).to_contain_text("380,00 €")

    # The decision: partly granted, with reasons, paid to the client's account.
    page.get_by_role("link", name="Tee päätös").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tee päätös")
    assert_accessible(page)
    choose(page, "outcome", "partly_granted")
    page.get_by_label("Perustelut (tosiseikat ja sovelletut säännökset)").fill(
        "Lääkkeet hyväksytään kokonaan, sähkölasku kohtuullisen kulutuksen mukaan."
    )
    expect(page.locator("[name=amount]")).to_have_value("380.00")
    page.locator("[name=payees-0-iban]").fill(IBAN)
    confirm_and_click(page, "Tee päätös")
    expect(notice(page)).to_contain_text("Päätös tehtiin")
    decision = Decision.objects.get(item_id=item.pk)
    assert (decision.outcome, str(decision.amount), decision.decided_by) == (
        "partly_granted",
        "380.00",
        handler,
    )
    assert_accessible(page)

    # The sending is recorded; the letter carries the rectification instructions.
    page.get_by_label("Lähetyspäivä").fill(today.isoformat())
    page.get_by_role("button", name="Tallenna lähetys").click()
    expect(notice(page)).to_contain_text("Päätöksen lähetys kirjattiin")
    decision.refresh_from_db()
    deadline = f"{decision.rectification_due:%-d.%-m.%Y}"
    finnish = pdf_text(page.request.get(f"/benefits/{item.pk}/decision/fi.pdf").body())
    swedish = pdf_text(page.request.get(f"/benefits/{item.pk}/decision/sv.pdf").body())
    assert "Oikaisuvaatimusohje" in finnish and deadline in finnish
    assert "Anvisning om begäran om omprövning" in swedish and deadline in swedish

    # The day's payments go to the bank as one pain.001 file, valid by its schema.
    page.goto("/benefits/")
    page.get_by_role("link", name="Maksut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maksut")
    assert_accessible(page)
    payment = Payment.objects.get(decision=decision)
    page.get_by_label("Maksupäivä").fill(payment.pay_on.isoformat())
    page.get_by_role("button", name="Muodosta erä").click()
    expect(notice(page)).to_contain_text("muodostettiin")
    batch = PaymentBatch.objects.get(pay_date=payment.pay_on)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"pain.001 {batch.number}").click()
    xml = Path(download.value.path()).read_text(encoding="utf-8")
    xmlschema.XMLSchema(f"{sepaxml.__path__[0]}/schemas/pain.001.001.03.xsd").validate(xml)
    assert IBAN in xml and '<InstdAmt Ccy="EUR">380.00</InstdAmt>' in xml
    # The same day again is refused, naming the batch.
    page.get_by_label("Maksupäivä").fill(payment.pay_on.isoformat())
    page.get_by_role("button", name="Muodosta erä").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(f"eränä {batch.number}")
    assert_accessible(page)
