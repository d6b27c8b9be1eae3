import json

from django.core.management import call_command
from django.db import transaction

from porras.casework.models import Case
from porras.clients.models import Client
from porras.core import clock
from porras.eventlog.models import Event
from porras.intake.models import ClientFlag, IntakeItem
from porras.people.models import (
    Absence,
    County,
    DutyPair,
    Role,
    Team,
    Worker,
)
from porras.synth.generator import generate_county
from tests.conftest import password_login


def test_small_county_has_every_role_teams_absences_and_a_rota(db, this_monday):
    result = generate_county(size="small", seed=3)
    county = result.county
    assert result.created
    teams = Team.objects.filter(county=county)
    assert 2 <= teams.count() <= 3
    assert {"Kuopio", "Iisalmi", "Varkaus"} <= set(
        county.municipalities.values_list("name_fi", flat=True)
    )
    assert set(Worker.objects.filter(county=county).values_list("role", flat=True)) == set(Role)
    assert Worker.objects.filter(county=county, absences__isnull=False).exists()
    for team in teams:
        weeks = set(DutyPair.objects.filter(team=team).values_list("week_start", flat=True))
        assert this_monday in weeks
        assert len(weeks) >= 6  # a pair may be impossible when everyone is away
    clients = Client.objects.filter(county=county)
    assert clients.count() >= 30 * teams.count()
    assert clients.filter(hetu__isnull=True).exists()
    assert clients.filter(non_disclosure=True).exists()


def test_a_quarter_of_intake_at_every_stage(db, today):
    county = generate_county(size="small", seed=3).county
    items = IntakeItem.objects.filter(county=county)
    assert {"queued", "in_guidance", "forwarded", "closed"} <= set(
        items.values_list("status", flat=True)
    )
    assert {"resolved", "referred", "forwarded", "not_reached"} <= set(
        items.values_list("outcome", flat=True)
    )
    assert items.filter(status="queued", due_date__lt=today).exists()  # overdue
    assert ClientFlag.objects.filter(team__county=county).exists()
    oldest = items.order_by("pending_date").first().pending_date
    assert (today - oldest).days >= 45
    # Every item has its events, and the events carry the replayed times.
    for item in items[:20]:
        received = Event.objects.get(item_id=item.pk, activity="intake.received")
        assert received.at == item.received_at
    assert Event.objects.filter(team__county=county, activity="intake.claimed").exists()


def test_the_quarter_is_distributed_and_this_weeks_board_left(db, this_monday):
    county = generate_county(size="small", seed=3).county
    cases = Case.objects.filter(county=county)
    assert cases.exists()
    for case in cases.filter(quadrant="D"):
        assert case.responsible.role == "social_worker" and case.responsible.public_office
    # Past weeks had their pairs; this week's forwarded matters wait on the board.
    assert DutyPair.objects.filter(team__county=county, week_start__lt=this_monday).exists()
    assert IntakeItem.objects.filter(county=county, status="forwarded").exists()
    assigned = Event.objects.filter(team__county=county, activity="case.assigned").first()
    assert assigned.at < clock.now()


def _snapshot(county):
    workers = sorted(
        (w.username, w.role, str(w.capacity), w.public_office)
        for w in Worker.objects.filter(county=county)
    )
    absences = sorted(
        (a.worker.username, a.starts_on, a.ends_on, a.kind)
        for a in Absence.objects.filter(worker__county=county)
    )
    rota = sorted(
        (p.team.name, p.week_start, p.social_worker.username, p.counsellor.username)
        for p in DutyPair.objects.filter(team__county=county)
    )
    intake = sorted(
        (i.client.hetu or "", i.kind, i.received_at, i.status, i.outcome)
        for i in IntakeItem.objects.filter(county=county).select_related("client")
    )
    return workers, absences, rota, intake


def _generated_snapshot(seed):
    """Generate in a savepoint, take the snapshot, roll the county back."""
    with transaction.atomic():
        snapshot = _snapshot(generate_county(seed=seed).county)
        transaction.set_rollback(True)
    return snapshot


def test_generation_is_deterministic_by_seed(db):
    snapshot = _generated_snapshot(11)
    assert _generated_snapshot(11) == snapshot
    assert _generated_snapshot(12) != snapshot


def test_second_run_reuses_the_county(db):
    first = generate_county(seed=1)
    second = generate_county(seed=1)
    assert not second.created
    assert second.county == first.county
    assert County.objects.count() == 1
    assert second.logins == first.logins


def test_command_writes_logins_json(db, tmp_path, capsys):
    out = tmp_path / "logins.json"
    call_command("synth", "--size", "small", "--seed", "2", "--logins-out", str(out))
    logins = json.loads(out.read_text())
    assert {entry["role"] for entry in logins} == set(Role)
    team_ids = {str(pk) for pk in Team.objects.values_list("pk", flat=True)}
    for entry in logins:
        assert set(entry) == {"username", "password", "role", "team"}
        if entry["role"] in {"process_owner", "quality", "data_protection", "admin", "organiser"}:
            assert entry["team"] is None
        else:
            assert entry["team"] in team_ids
    printed = capsys.readouterr().out
    assert "porras-demo" in printed
    assert printed.count("porras-demo") == len(Role)  # one login per role


def test_demo_logins_work(db, client, tmp_path):
    generate_county(seed=1)
    out = tmp_path / "logins.json"
    call_command("synth", "--logins-out", str(out))
    for entry in json.loads(out.read_text()):
        assert password_login(client, entry["username"], entry["password"])
        # An organiser's front page is their participants.
        assert client.get("/", follow=True).status_code == 200
        client.logout()
