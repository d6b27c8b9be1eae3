"""The case's state machines, transition by transition, refused ones included: the stage
of a case, the outcome of an appointment, and a closed case refusing every write. The
expected tables are written out here, so a change to the code's tables fails a test."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from porras.casework.casefile import services
from porras.casework.models import Appointment, AppointmentStatus, Case, Stage
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.models import Event

STAGE_MOVES = {
    ("assessment", "planning"),
    ("planning", "measures"),
    ("planning", "assessment"),
    ("measures", "review"),
    ("measures", "planning"),
    ("measures", "assessment"),
    ("review", "measures"),
    ("review", "planning"),
    ("review", "assessment"),
}


@pytest.mark.parametrize(
    ("start", "to"), [(a, b) for a, b in itertools.permutations(Stage.values, 2)]
)
def test_stage_moves_exactly_along_the_table(case, start, to):
    Case.objects.filter(pk=case.pk).update(stage=start)
    case.refresh_from_db()
    events = Event.objects.filter(case_id=case.pk, activity="case.stage_changed")
    if (start, to) in STAGE_MOVES:
        with transaction.atomic():
            services.move_stage(case, to, case.responsible)
        assert Case.objects.get(pk=case.pk).stage == to
        assert events.get().attributes == {"previous": start, "stage": to}
    else:
        with pytest.raises(DomainError, match="ei voi siirtyä"), transaction.atomic():
            services.move_stage(case, to, case.responsible)
        assert Case.objects.get(pk=case.pk).stage == start
        assert not events.exists()


@pytest.mark.parametrize(
    ("start", "outcome"),
    list(itertools.product(AppointmentStatus.values, AppointmentStatus.values)),
)
def test_an_appointment_outcome_is_recorded_once_from_booked(case, start, outcome):
    appointment = services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="work", starts_at=clock.now() - dt.timedelta(hours=1), mode="phone"
        ),
        acting_user=case.responsible,
    )
    recorded = {} if start == "booked" else {"outcome_at": clock.now()}
    Appointment.objects.filter(pk=appointment.pk).update(status=start, **recorded)
    appointment.refresh_from_db()

    def record():
        return services.appointment_record_outcome(
            appointment=appointment, status=outcome, acting_user=case.responsible
        )

    if outcome == "booked":
        with pytest.raises(DomainError, match="Valitse, mitä tapahtui"):
            record()
    elif start == "booked":
        assert record().status == outcome
        return
    else:
        with pytest.raises(ConflictError):
            record()
    assert Appointment.objects.get(pk=appointment.pk).status == start


def test_kept_or_missed_only_after_the_time_and_cancelled_any_time(case):
    ahead = services.appointment_book(
        case=case,
        booking=services.Booking(
            purpose="work", starts_at=clock.now() + dt.timedelta(days=2), mode="phone"
        ),
        acting_user=case.responsible,
    )
    for early in ("kept", "no_show"):
        with pytest.raises(DomainError, match="ei ole vielä alkanut"):
            services.appointment_record_outcome(
                appointment=ahead, status=early, acting_user=case.responsible
            )
    cancelled = services.appointment_record_outcome(
        appointment=ahead, status="cancelled_by_us", acting_user=case.responsible
    )
    assert cancelled.status == "cancelled_by_us"


def test_a_closed_case_refuses_every_write(case):
    entry = services.narrative_write(
        case=case, entry_date=clock.today(), text="Ensimmäinen.", acting_user=case.responsible
    )
    services.case_close(
        case=case,
        reason="moved_away",
        summary="Muutti toiselle hyvinvointialueelle.",
        expected_version=None,
        acting_user=case.responsible,
    )
    case.refresh_from_db()
    package = services.packages_for(case.county)[0]
    writes = {
        "book": lambda: services.appointment_book(
            case=case,
            booking=services.Booking(purpose="work", starts_at=clock.now(), mode="phone"),
            acting_user=case.responsible,
        ),
        "assess": lambda: services.assessment_start(case=case, acting_user=case.responsible),
        "plan": lambda: services.plan_draft(case=case, acting_user=case.responsible),
        "refuse": lambda: services.plan_refuse(
            case=case, reason="Ei halua suunnitelmaa.", acting_user=case.responsible
        ),
        "package": lambda: services.package_start(
            case=case, package=package, started_on=clock.today(), acting_user=case.responsible
        ),
        "narrative": lambda: services.narrative_write(
            case=case, entry_date=clock.today(), text="Myöhemmin.", acting_user=case.responsible
        ),
        "edit": lambda: services.narrative_edit(
            entry=entry,
            entry_date=clock.today(),
            text="Muutettu.",
            expected_revision=None,
            acting_user=case.responsible,
        ),
        "close again": lambda: services.case_close(
            case=case,
            reason="other",
            summary="Uudelleen suljettu.",
            expected_version=None,
            acting_user=case.responsible,
        ),
    }
    before = Event.objects.filter(case_id=case.pk).count()
    refused = set()
    for name, write in writes.items():
        # Refused as closed, or — where the write needs access — as no longer allowed.
        with pytest.raises((DomainError, PermissionDenied)):
            write()
        refused.add(name)
    assert refused == set(writes)
    assert Event.objects.filter(case_id=case.pk).count() == before
