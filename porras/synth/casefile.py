"""The demo quarter's case work: each case opened in the quarter is carried as far as its
own time allows — a first appointment (some missed and rebooked), the service need
assessment, the client plan with its packages, narrative entries, a review and, for some,
closure. Every step goes through the real services at the moment it happened
(clock.travel), so the event log, deadlines and figures are what real work would leave.
Steps that would fall after today are not taken: some appointments stay booked ahead,
some assessments and reviews stay open, a few of them overdue."""

import datetime as dt
import random

from django.utils import timezone

from porras.casework.casefile import services
from porras.casework.models import (
    AppointmentMode,
    AppointmentPurpose,
    AppointmentStatus,
    Case,
    CaseStatus,
    ClosureReason,
    PlanStatus,
    Quadrant,
)
from porras.core import calendar, clock
from porras.core.errors import DomainError
from porras.people import permissions
from porras.people.models import Team

NARRATIVE = [
    "Asiakas kertoi tilanteestaan puhelimessa; sovittiin seuraavasta tapaamisesta.",
    "Selvitetty vuokrarästit vuokranantajan kanssa, maksusuunnitelma sovittu.",
    "Asiakas ei vastannut puheluun, jätetty viesti.",
    "Yhteistyöpalaveri TE-palveluiden kanssa, työkokeilu mahdollinen keväällä.",
    "Asiakas osallistunut kuntouttavaan työtoimintaan kolmena päivänä viikossa.",
]
GOALS = {
    "guidance": ("Talous on tasapainossa", "Talous- ja velkaneuvonta", "partner"),
    "intensive": ("Asuminen on turvattu", "Asunnon haku ja vuokrarästien selvittely", "worker"),
    "rehabilitative": (
        "Päivärytmi ja toimintakyky vahvistuvat",
        "Kuntouttava työtoiminta 3 päivää viikossa",
        "client",
    ),
    "employment": ("Työllistyminen", "Työkokeilu TE-palveluiden kautta", "partner"),
}
QUADRANT_PACKAGES = {
    Quadrant.A: ["guidance"],
    Quadrant.B: ["guidance", "employment"],
    Quadrant.C: ["intensive"],
    Quadrant.D: ["intensive", "rehabilitative"],
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _later(day: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return calendar.add_working_days(day, rng.randint(low, high))


class _Story:
    """One case's path; each step returns False when its day has not come yet."""

    def __init__(self, case: Case, rng: random.Random, packages: dict):
        self.case, self.rng, self.packages = case, rng, packages
        self.worker = case.responsible
        self.last = case.opened_at
        self.day = timezone.localdate(case.opened_at)
        self.today = clock.today()

    def _when(self, day: dt.date, hour: int = 10):
        """Travel to the day and hour, never before the case's previous step."""
        moment = max(_at(day, hour), self.last + dt.timedelta(minutes=5))
        if moment > clock.now():
            return None
        self.last, self.day = moment, timezone.localdate(moment)
        return clock.travel(moment)

    def _refresh(self):
        self.case.refresh_from_db()

    def meeting(self, purpose: str, on: dt.date, outcome: str = AppointmentStatus.KEPT) -> bool:
        """Book and then record the outcome; False when the day has not come yet."""
        booked_on = max(self.day, on - dt.timedelta(days=7))
        moment = self._when(booked_on, 9)
        if moment is None:
            return False
        with moment:
            self._refresh()
            appointment = services.appointment_book(
                case=self.case,
                booking=services.Booking(
                    purpose=purpose,
                    starts_at=_at(on, 13),
                    mode=self.rng.choice(
                        [AppointmentMode.IN_PERSON, AppointmentMode.PHONE, AppointmentMode.VIDEO]
                    ),
                    place="Sosiaaliasema",
                ),
                acting_user=self.worker,
            )
        moment = self._when(on, 15)
        if moment is None:
            return False  # stays booked ahead
        with moment:
            services.appointment_record_outcome(
                appointment=appointment, status=outcome, acting_user=self.worker
            )
        return True

    def first_meeting(self) -> bool:
        """The first meeting; one in seven clients misses it and is booked again."""
        on = _later(self.day, self.rng, 2, 12)
        if self.rng.random() < 0.15:
            if not self.meeting(AppointmentPurpose.ASSESSMENT, on, AppointmentStatus.NO_SHOW):
                return False
            on = _later(self.day, self.rng, 3, 10)
        return self.meeting(AppointmentPurpose.ASSESSMENT, on)

    def assessment(self) -> bool:
        moment = self._when(self.day, 14)
        if moment is None:
            return False
        with moment:
            self._refresh()
            record = services.assessment_start(case=self.case, acting_user=self.worker)
        done = _later(self.day, self.rng, 3, 15)
        if self.rng.random() < 0.1:
            done = _later(self.day, self.rng, 45, 70)  # some run late
        moment = self._when(done, 11)
        if moment is None:
            return False
        special = self.case.quadrant in (Quadrant.C, Quadrant.D) and (
            permissions.can_conclude_special_support(self.worker)
        )
        needs_relationship = self.rng.random() > 0.12
        with moment:
            self._refresh()
            services.assessment_complete(
                assessment=record,
                content={
                    "housing": "Vuokra-asunto, vuokrarästejä.",
                    "finances": "Toimeentulotuki, velkoja.",
                    "education_work": "Työtön.",
                    "situation_summary": "Taloudellinen kriisi ja pitkä työttömyys.",
                    "client_view": "Haluaa saada asiat järjestykseen.",
                    "needs_client_relationship": needs_relationship,
                    "special_support_need": special,
                    "special_support_grounds": (
                        "Ei kykene hakemaan palveluja itse." if special else ""
                    ),
                    "needs_responsible_worker": needs_relationship,
                    "proposed_services": "Sosiaaliohjaus",
                },
                proposed_packages=self._packages(),
                expected_revision=None,
                acting_user=self.worker,
            )
        return needs_relationship

    def _packages(self):
        codes = QUADRANT_PACKAGES.get(self.case.quadrant, ["guidance"])
        return [self.packages[code] for code in codes if code in self.packages]

    def plan(self) -> bool:
        moment = self._when(_later(self.day, self.rng, 2, 8), 10)
        if moment is None:
            return False
        with moment:
            self._refresh()
            if self.rng.random() < 0.08:
                services.plan_refuse(
                    case=self.case,
                    reason="Asiakas ei halua sitoutua suunnitelmaan.",
                    acting_user=self.worker,
                )
                return False
            draft = services.plan_draft(case=self.case, acting_user=self.worker)
            goals = [
                services.GoalInput(
                    text=GOALS[p.code][0],
                    measures=[
                        {
                            "text": GOALS[p.code][1],
                            "performer": GOALS[p.code][2],
                            "partner": "TE-palvelut" if GOALS[p.code][2] == "partner" else "",
                            "package": p,
                        }
                    ],
                )
                for p in self._packages()
            ]
            services.plan_make(
                plan=draft,
                content={
                    "life_situation": "Asuu yksin vuokra-asunnossa.",
                    "strengths": "Motivoitunut muutokseen.",
                    "client_view": "Haluan arjen hallintaan.",
                    "meeting_frequency": "Joka toinen viikko",
                    "follow_up": "Tapaamiset ja tarkistus",
                },
                goals=goals,
                made_on=self.day,
                review_due=calendar.add_months(self.day, self.rng.choice([1, 2, 3])),
                client_agrees=True,
                expected_revision=None,
                acting_user=self.worker,
            )
        return True

    def narrative(self) -> None:
        for _ in range(self.rng.randint(1, 3)):
            moment = self._when(_later(self.day, self.rng, 1, 10), 16)
            if moment is None:
                return
            with moment:
                services.narrative_write(
                    case=self.case,
                    entry_date=self.day,
                    text=self.rng.choice(NARRATIVE),
                    acting_user=self.worker,
                )

    def review(self) -> bool:
        plan = self.case.plans.filter(status=PlanStatus.IN_FORCE).first()
        if plan is None or self.rng.random() < 0.3:
            return False  # not reviewed: the plan is due or overdue for review
        on = max(plan.review_due - dt.timedelta(days=self.rng.randint(0, 10)), self.day)
        if not self.meeting(AppointmentPurpose.REVIEW, on):
            return False
        moment = self._when(self.day, 15)
        if moment is None:
            return False
        with moment:
            plan.refresh_from_db()
            services.plan_review(
                plan=plan,
                reviewed_on=self.day,
                summary="Tavoitteet etenevät; jatketaan suunnitelman mukaan.",
                next_review_due=calendar.add_months(self.day, 6),
                plan_continues=True,
                outcomes={
                    goal.pk: (self.rng.choice(["reached", "partly", "not_reached"]), "")
                    for goal in plan.goals.all()
                },
                acting_user=self.worker,
            )
        return True

    def close(self, reason: str, summary: str) -> None:
        moment = self._when(_later(self.day, self.rng, 1, 10), 12)
        if moment is None:
            return
        with moment:
            self._refresh()
            services.case_close(
                case=self.case,
                reason=reason,
                summary=summary,
                expected_version=None,
                acting_user=self.worker,
            )


def _carry(story: _Story) -> None:
    rng = story.rng
    if not story.first_meeting():
        if story.day < story.today - dt.timedelta(days=45) and rng.random() < 0.5:
            story.close(ClosureReason.NOT_REACHED, "Asiakasta ei tavoitettu kolmesta yrityksestä.")
        return
    if not story.assessment():
        if story.case.service_need_assessments.filter(completed_on__isnull=False).exists():
            story.close(ClosureReason.OTHER, "Palvelutarve arvioitu; ei tarvetta asiakkuudelle.")
        return
    if not story.plan():
        return
    story.narrative()
    if story.review() and rng.random() < 0.4:
        story.close(
            rng.choice([ClosureReason.GOALS_REACHED, ClosureReason.TRANSFERRED]),
            "Tavoitteet saavutettu tarkistuksessa; asiakas ohjattu jatkopalveluun.",
        )


def work_cases(team: Team, rng: random.Random) -> None:
    """Carry the team's open cases as far as their time allows."""
    cases = (
        Case.objects.filter(team=team, status=CaseStatus.OPEN)
        .select_related("responsible", "co_worker", "client", "team")
        .order_by("opened_at")
    )
    packages = {p.code: p for p in services.packages_for(team.county)}
    for case in cases:
        try:
            _carry(_Story(case, rng, packages))
        except DomainError:
            continue  # a step the rules refuse is left undone, as a worker would
