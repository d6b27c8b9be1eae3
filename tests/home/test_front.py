import pytest
from django.urls import reverse

from porras.synth.factories import AbsenceFactory, DutyPairFactory


@pytest.mark.parametrize(
    ("role_attr", "role_in_finnish"),
    [
        ("guidance", "Palveluohjaaja"),
        ("counsellor", "Sosiaaliohjaaja"),
        ("social_worker", "Sosiaalityöntekijä"),
        ("manager", "Esihenkilö"),
        ("data_protection", "Tietosuojavastaava"),
        ("admin", "Pääkäyttäjä"),
    ],
)
def test_every_role_reaches_its_front_page_in_finnish(org, login, role_attr, role_in_finnish):
    worker = getattr(org, role_attr)
    client = login(worker)
    response = client.get(reverse("home:front"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="fi">' in response.text
    assert "<h1>Oma työ</h1>" in response.text
    assert f"{worker.get_full_name()} · {role_in_finnish}" in response.text


def test_front_page_shows_this_weeks_duty_pair(org, login, this_monday):
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    response = login(org.guidance).get(reverse("home:front"))
    assert "Päivystysvuorossa tällä viikolla" in response.text
    assert "Sanna Sosiaali" in response.text and "Olli Ohjaaja" in response.text
    assert "Olet päivystysvuorossa" not in response.text


def test_duty_pair_member_is_told_they_are_on_duty(org, client, login, this_monday):
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    response = login(org.counsellor).get(reverse("home:front"))
    assert "Olet päivystysvuorossa tällä viikolla" in response.text


def test_unplanned_week_is_said(org, login):
    response = login(org.guidance).get(reverse("home:front"))
    assert "Tälle viikolle ei ole suunniteltu päivystysparia." in response.text


def test_manager_sees_team_absences_and_unplanned_weeks(org, login, today):
    AbsenceFactory(worker=org.counsellor, starts_on=today, ends_on=today)
    response = login(org.manager).get(reverse("home:front"))
    assert "Tiimisi: Kuopion tiimi" in response.text
    assert "Tulevista päivystysviikoista 8 on ilman päivystysparia." in response.text
    assert "Olli Ohjaaja" in response.text
    assert reverse("people:rota_plan", kwargs={"team_id": org.team.pk}) in response.text


def test_county_wide_role_sees_all_teams(org, login):
    response = login(org.data_protection).get(reverse("home:front"))
    assert "Kuopion tiimi" in response.text and "Varkauden tiimi" in response.text


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home:front"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_in_finnish_with_clear_error(db, client):
    page = client.get(reverse("login"))
    assert "Kirjaudu Porrakseen" in page.text
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert "Käyttäjätunnus tai salasana on väärin" in response.text
    assert 'value="nobody"' in response.text


@pytest.mark.parametrize(
    ("language", "heading", "nav"),
    [
        ("sv", "Mitt arbete", "Frånvaro"),
        ("en", "My work", "Absences"),
        ("fi", "Oma työ", "Poissaolot"),
    ],
)
def test_language_switcher_translates_the_page(org, login, language, heading, nav):
    client = login(org.manager)
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home:front"))
    assert f'<html lang="{language}">' in page.text
    assert f"<h1>{heading}</h1>" in page.text
    assert nav in page.text


def test_swedish_page_has_no_finnish_ui_strings_left(org, login):
    client = login(org.manager)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    text = client.get(reverse("home:front")).text
    for finnish in ("Oma työ", "Poissaolot", "Kirjaudu ulos", "Tiimin jäsenet", "Päivystys"):
        assert finnish not in text


def test_finnish_404_page(org, login):
    response = login(org.counsellor).get("/no-such-page/")
    assert response.status_code == 404
    assert "Sivua ei löydy" in response.text


def test_accessibility_statement_is_public(db, client):
    response = client.get(reverse("home:accessibility"))
    assert response.status_code == 200
    assert "Saavutettavuusseloste" in response.text
