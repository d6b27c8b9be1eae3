import datetime as dt

import pytest

from porras.intake.models import ServiceDirectoryEntry


@pytest.fixture
def payload(kuopio):
    def _payload(**overrides):
        body = {
            "kind": "contact",
            "channel": "phone",
            "received_at": "2026-11-25T08:15:00+02:00",
            "urgent": False,
            "client": {
                "hetu": "131052-308T",
                "first_name": "Liisa",
                "last_name": "Testinen",
                "municipality_code": kuopio.code,
            },
            "description": "Asiakas soitti: vuokrarästit ja toimeentulo.",
        }
        body.update(overrides)
        return body

    return _payload


@pytest.fixture
def kela(org):
    return ServiceDirectoryEntry.objects.create(
        county=org.county, name="Kela, Kuopio", category="kela", phone="020 692 207"
    )


def helsinki(*args):
    from zoneinfo import ZoneInfo

    return dt.datetime(*args, tzinfo=ZoneInfo("Europe/Helsinki"))
