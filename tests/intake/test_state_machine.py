"""The intake state machine, transition by transition: every step is allowed from exactly the
status the table names, and refused from every other, leaving the matter as it was."""

import itertools

import pytest
from django.db import IntegrityError, transaction

from porras.core.errors import DomainError
from porras.intake import services
from porras.intake.models import TRANSITIONS, Guidance, IntakeItem, Status
from tests.intake.conftest import helsinki

# Each step of the services, and the status change it makes.
STEPS = {
    "claim": (Status.QUEUED, Status.IN_GUIDANCE),
    "release": (Status.IN_GUIDANCE, Status.QUEUED),
    "completion_request": (Status.IN_GUIDANCE, Status.WAITING_COMPLETION),
    "completion_receive": (Status.WAITING_COMPLETION, Status.IN_GUIDANCE),
    "forward": (Status.IN_GUIDANCE, Status.FORWARDED),
    "close": (Status.IN_GUIDANCE, Status.CLOSED),
    "mark_assigned": (Status.FORWARDED, Status.ASSIGNED),
}


def test_the_table_is_exactly_what_the_services_do():
    from_services = {}
    for source, target in STEPS.values():
        from_services.setdefault(source, set()).add(target)
    assert {s: t for s, t in TRANSITIONS.items() if t} == from_services
    assert set(TRANSITIONS) == set(Status)


@pytest.fixture
def item_in(org, kuopio):
    """An application in the given status, held by a benefit handler where it is held."""

    def _item(status):
        item, _ = services.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind="application_supplementary",
            channel="letter",
            received_at=helsinki(2026, 11, 24, 9, 0),
            description="Hakemus",
            client=services.ClientRef(
                hetu="131052-308T",
                first_name="Liisa",
                last_name="Testinen",
                details={"municipality": kuopio},
            ),
        )
        held = status in (Status.IN_GUIDANCE, Status.WAITING_COMPLETION)
        IntakeItem.objects.filter(pk=item.pk).update(
            status=status,
            urgency="not_urgent",
            claimed_by=org.benefit_handler if held else None,
            completion_requested_at=item.received_at
            if status == Status.WAITING_COMPLETION
            else None,
            outcome="resolved" if status == Status.CLOSED else "",
        )
        item = IntakeItem.objects.get(pk=item.pk)
        if held:  # closing as resolved needs the guidance given
            Guidance.objects.create(
                item=item, categories=[], text="Neuvottu", by=org.guidance, at=item.received_at
            )
        return item

    return _item


def run(step, item, org, today):
    actor = org.benefit_handler
    if step == "claim":  # by a colleague: the holder's own repeated claim is a no-op
        return services.item_claim(item=item, acting_user=org.benefit_handler2)
    if step == "release":
        return services.item_release(item=item, acting_user=actor)
    if step == "completion_request":
        return services.completion_request(item=item, acting_user=actor, note="Tiliote puuttuu")
    if step == "completion_receive":
        return services.completion_receive(item=item, acting_user=actor, completed_on=today)
    if step == "forward":
        return services.item_forward(item=item, acting_user=actor, note="Sosiaalityön asiakas.")
    if step == "close":
        return services.item_close(item=item, acting_user=actor, outcome="resolved")
    with transaction.atomic():
        if not services.item_mark_assigned(item=item, acting_user=actor, case_id=None):
            raise DomainError("not forwarded")
    return None


@pytest.mark.parametrize(
    ("status", "step"), list(itertools.product(list(Status), STEPS)), ids=lambda v: str(v)
)
def test_each_step_from_each_status(org, item_in, today, status, step):
    item = item_in(status)
    source, target = STEPS[step]
    if status == source:
        run(step, item, org, today)
        assert IntakeItem.objects.get(pk=item.pk).status == target
    else:
        with pytest.raises(DomainError):
            run(step, item, org, today)
        assert IntakeItem.objects.get(pk=item.pk).status == status


def test_the_database_refuses_an_unknown_status(org, item_in):
    item = item_in(Status.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeItem.objects.filter(pk=item.pk).update(status="lost")


def test_a_closed_matter_must_say_how_it_ended(org, item_in):
    item = item_in(Status.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeItem.objects.filter(pk=item.pk).update(status=Status.CLOSED, outcome="")


@pytest.mark.parametrize(
    ("kind", "urgent", "default_days"),
    [("contact", False, 5), ("contact", True, 1), ("notification", False, 3),
     ("notification", True, 0), ("activation_plan", False, 10)],
)  # fmt: skip
def test_the_countys_own_service_target_comes_before_the_default(org, kind, urgent, default_days):
    from porras.intake import selectors
    from porras.intake.models import ServiceTarget

    assert selectors.target_working_days(org.county, kind, urgent=urgent) == default_days
    ServiceTarget.objects.create(county=org.county, kind=kind, urgent=urgent, working_days=7)
    ServiceTarget.objects.create(
        county=org.elsewhere.county, kind=kind, urgent=not urgent, working_days=2
    )
    assert selectors.target_working_days(org.county, kind, urgent=urgent) == 7
    # The other urgency keeps its default, and another county's target is not ours.
    other = selectors.target_working_days(org.county, kind, urgent=not urgent)
    assert other != 2
    assert selectors.target_working_days(org.elsewhere.county, kind, urgent=urgent) == default_days


def test_a_received_matter_gets_the_countys_target_as_its_due_date(org, item_in, kuopio):
    from porras.intake.models import ServiceTarget

    ServiceTarget.objects.create(county=org.county, kind="contact", urgent=False, working_days=2)
    item, _ = services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, 25, 9, 0),
        description="Soitto",
        client=services.ClientRef(hetu="131052-308T", first_name="L", last_name="T",
                                  details={"municipality": kuopio}),
    )  # fmt: skip
    assert (item.due_rule, item.due_date.isoformat()) == ("county_target", "2026-11-27")
