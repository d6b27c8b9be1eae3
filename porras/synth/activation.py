"""The demo quarter's rehabilitative work activity: the county's organisers and places
with a login for each organiser, and for clients whose plan has the rehabilitative package
(and a few others) an activation plan, a period of work activity with its agreement,
attendance recorded by the organiser each week, a mid-evaluation when its day has come,
some interruptions, and the allowances of the months that have ended. Every step goes
through the real services at the moment it happened (clock.travel)."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from porras.activation import services
from porras.activation.models import Organiser, OrganiserStaff, Place
from porras.activation.selectors import month_attendance, schedule_of
from porras.casework.models import Case, CaseStatus, PlanStatus
from porras.core import calendar, clock
from porras.core.errors import DomainError
from porras.decisions import services as decisions
from porras.decisions.models import DelegationRule
from porras.people.models import County, Role, Worker
from porras.synth.factories import WorkerFactory

ORGANISERS = [
    (
        "Työpaja Kipinä",
        "county_unit",
        "",
        [("Puutyöpaja", "Satamakatu 3"), ("Tekstiilipaja", "Satamakatu 3")],
        ("Kaisa", "Kipinä", "kaisa.kipina"),
    ),
    (
        "Kierrätyskeskus Kuopio ry",
        "ngo",
        "0211675-2",
        [("Kierrätysmyymälä", "Teollisuuskatu 5")],
        ("Raimo", "Kierto", "raimo.kierto"),
    ),
    (
        "Viherpiha Oy",
        "company",
        "1572860-0",
        [("Puutarha", "Puistotie 12")],
        ("Vilja", "Viherä", "vilja.vihera"),
    ),
]
ABSENCE_RATE = 0.08
PARTICIPANT_SHARE = 0.5  # of the other cases with a plan in force


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _directory(county: County) -> list[Place]:
    places = []
    for name, kind, business_id, sites, (first, last, username) in ORGANISERS:
        organiser = Organiser.objects.create(
            county=county, name=name, kind=kind, business_id=business_id
        )
        for site, address in sites:
            places.append(
                Place.objects.create(
                    organiser=organiser,
                    name=site,
                    address=address,
                    contact_name=f"{first} {last}",
                    contact_phone="044 123 4567",
                )
            )
        if Worker.objects.filter(username=username).exists():  # another demo county's
            username = f"{username}.{county.pk.hex[:4]}"
        staff = WorkerFactory(
            username=username,
            first_name=first,
            last_name=last,
            county=county,
            role=Role.ORGANISER,
            teams=[],
        )
        OrganiserStaff.objects.create(organiser=organiser, worker=staff)
    return places


def _participants(county: County, rng: random.Random) -> list[Case]:
    """The open cases whose plan has the rehabilitative package, and a share of the others
    (their work activity agreed soon after the case opened)."""
    cases = list(
        Case.objects.filter(county=county, status=CaseStatus.OPEN)
        .select_related("responsible", "co_worker", "client", "team", "county")
        .order_by("opened_at")
    )
    chosen = [
        c
        for c in cases
        if c.packages.filter(package__code="rehabilitative", ended_on=None).exists()
    ]
    others = [c for c in cases if c not in chosen]
    chosen += rng.sample(others, k=min(len(others), max(3, int(len(others) * PARTICIPANT_SHARE))))
    return chosen


def work_activity(county: County, rng: random.Random) -> None:
    # The county lets its counsellors grant work activity (its own delegation rule).
    decisions.delegation_rules(county)
    DelegationRule.objects.create(
        county=county, role=Role.COUNSELLOR, decision_type="service", outcome="granted"
    )
    places = _directory(county)
    staff = {
        s.organiser_id: s.worker for s in OrganiserStaff.objects.filter(organiser__county=county)
    }
    for case in _participants(county, rng):
        try:
            _period(case, rng.choice(places), staff, rng)
        except DomainError:
            continue  # a step the rules refuse is left undone, as a worker would


def _period(case: Case, place: Place, staff: dict, rng: random.Random) -> None:
    plan_in_force = case.plans.filter(status=PlanStatus.IN_FORCE).first()
    worker = case.responsible
    since = plan_in_force.made_on if plan_in_force else timezone.localdate(case.opened_at)
    agreed = calendar.add_working_days(since, rng.randint(2, 5))
    if _at(agreed, 9) > clock.now():
        return
    with clock.travel(_at(agreed, 9)):
        services.activation_plan_make(
            case=case,
            data=services.ActivationInput(
                kind="activation",
                employment_authority="Pohjois-Savon työllisyysalue",
                authority_person="Tuula Työllisyys",
                agreed_on=agreed,
                content="Kuntouttava työtoiminta arjen rytmin ja työelämätaitojen tueksi.",
            ),
            acting_user=worker,
        )
        days = rng.choice([2, 3, 3, 4])
        plan = services.work_plan_make(
            case=case,
            data=services.WorkPlanInput(
                place=place,
                starts_on=clock.week_start(agreed) + dt.timedelta(days=7),  # the next Monday
                months=rng.choice([3, 4, 6]),
                days_per_week=days,
                hours_per_day=Decimal(rng.choice([4, 5, 6])),
                goal="Päivärytmi vahvistuu ja työelämätaidot karttuvat.",
                description=f"Tehtävät: {place.name.lower()}.",
                support="Työnohjaaja paikalla päivittäin; tapaaminen sosiaaliohjaajan kanssa.",
                fare_per_day=Decimal("5.60"),
                monthly_ticket=Decimal("55.00") if rng.random() < 0.5 else None,
                iban="FI2112345600000785",
            ),
            acting_user=worker,
        )
        plan = services.agreement_sign(
            plan=plan,
            signed_on=agreed,
            signatory=staff[place.organiser_id].get_full_name(),
            expected_revision=None,
            acting_user=worker,
        )
        plan = _decide(plan, worker, agreed)
    _attend(plan, staff[place.organiser_id], rng)
    plan.refresh_from_db()
    _evaluate(plan, worker, rng)
    _pay(plan, worker)


def _decide(plan, worker, day: dt.date):
    """The decision on work activity, where the worker's delegation allows it."""
    try:
        made = decisions.decision_make(
            client=plan.client,
            decision=decisions.DecisionInput(
                decision_type="service",
                outcome="granted",
                legal_bases=["shl_45"],
                reasoning="Kuntouttava työtoiminta myönnetään aktivointisuunnitelman mukaisesti.",
                pending_since=day,
            ),
            acting_user=worker,
            case_id=plan.case_id,
        )
    except DomainError:
        return plan
    return services.decision_link(
        plan=plan, decision=made, expected_revision=None, acting_user=worker
    )


def _attend(plan, organiser, rng: random.Random) -> None:
    """Each week's days, recorded by the organiser on the Friday afternoon."""
    monday = plan.starts_on
    while monday <= min(plan.ends_on, clock.today()):
        week = schedule_of(plan, monday)
        days = [monday + dt.timedelta(days=n) for n in range(week.days_per_week)]
        days = [d for d in days if d <= clock.today() and calendar.is_working_day(d)]
        friday = monday + dt.timedelta(days=4)
        moment = min(_at(friday, 15), clock.now())
        if days:
            with clock.travel(moment):
                services.attendance_record(
                    plan=plan,
                    days=[
                        services.DayInput(day, True, hours=week.hours_per_day)
                        if rng.random() > ABSENCE_RATE
                        else services.DayInput(
                            day, False, absence_reason=rng.choice(["illness", "agreed"])
                        )
                        for day in days
                    ],
                    acting_user=organiser,
                )
        monday += dt.timedelta(days=7)


def _evaluate(plan, worker, rng: random.Random) -> None:
    if plan.mid_evaluation_on > clock.today():
        return
    with clock.travel(_at(calendar.on_or_after_working_day(plan.mid_evaluation_on), 13)):
        services.mid_evaluation_record(
            plan=plan,
            held_on=clock.today(),
            summary="Osallistunut säännöllisesti; tavoitteet etenevät.",
            participant_view="Päivät ovat tuntuneet mielekkäiltä.",
            organiser_view="Tehtävät sujuvat, oma-aloitteisuus kasvanut.",
            outcome="continue",
            acting_user=worker,
        )
    last = plan.attendance.order_by("-day").values_list("day", flat=True).first()
    if last is not None and rng.random() < 0.15:
        ended = last  # the participant stopped after their last recorded day
        with clock.travel(_at(ended, 14)):
            services.work_plan_end(
                plan=plan,
                ended_on=ended,
                reason=rng.choice(["employed", "health", "client_choice"]),
                final_evaluation="Jakso keskeytyi; tavoitteet osin saavutettu.",
                continuation="Jatketaan sosiaaliohjauksen tapaamisin.",
                expected_revision=None,
                acting_user=worker,
            )


def _pay(plan, worker) -> None:
    """The allowance of each month that has ended, paid early in the next month."""
    plan.refresh_from_db()
    if plan.decision_id is None:
        return
    month = plan.starts_on.replace(day=1)
    while calendar.add_months(month, 1) <= clock.today() and month <= plan.last_day:
        payday = calendar.add_working_days(calendar.add_months(month, 1), 2)
        if payday > clock.today():
            break
        days = month_attendance([plan.pk], month).get(plan.pk, (0, 0, 0))[0]
        if days:
            with clock.travel(_at(payday, 11)):
                services.allowance_pay(
                    plan=plan, month=month, present_days=days, acting_user=worker
                )
        month = calendar.add_months(month, 1)
