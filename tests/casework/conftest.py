"""The casework tests' shared case: forwarded, assessed (B) and given to counsellor2."""

import pytest

from porras.casework import services
from porras.intake import services as intake_services
from porras.synth.factories import DutyPairFactory
from tests.intake.conftest import helsinki


@pytest.fixture
def case(org, kuopio, this_monday):
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    item, _ = intake_services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, 24, 9, 0),
        description="Tarvitsee tukea",
        client=intake_services.ClientRef(
            hetu="131052-308T",
            first_name="Liisa",
            last_name="Testinen",
            details={"municipality": kuopio},
        ),
    )
    intake_services.item_claim(item=item, acting_user=org.guidance)
    intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="not_urgent")
    intake_services.item_forward(item=item, acting_user=org.guidance)
    services.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=False,
        broad_need=True,
        reasons="Talous",
    )
    return services.case_assign(
        item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Tuttu asiakas"
    )
