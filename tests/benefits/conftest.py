import pytest

from porras.intake import services as intake
from tests.intake.conftest import helsinki


@pytest.fixture
def apply(org, kuopio):
    def _apply(kind="application_supplementary", hetu="131052-308T", when=None, **extra):
        item, _ = intake.item_receive(
            county=org.county,
            acting_user=org.guidance,
            kind=kind,
            channel="e_service",
            received_at=when or helsinki(2026, 11, 23, 9, 0),
            description="Hakemus: lääkkeet ja sähkölasku.",
            client=intake.ClientRef(
                hetu=hetu,
                first_name="Liisa",
                last_name="Testinen",
                details={"municipality": kuopio},
            ),
            **extra,
        )
        return item

    return _apply
