from dataclasses import dataclass

import pytest

from porras.handbook import seed
from porras.people.models import Role
from porras.synth.factories import WorkerFactory


@dataclass
class Keepers:
    owner: object
    other_owner: object
    quality: object


@pytest.fixture
def keepers(org) -> Keepers:
    def worker(username, role):
        return WorkerFactory(username=username, role=role, county=org.county, teams=[])

    return Keepers(
        owner=worker("prosessinomistaja", Role.PROCESS_OWNER),
        other_owner=worker("toinenomistaja", Role.PROCESS_OWNER),
        quality=worker("laatupaallikko", Role.QUALITY),
    )


@pytest.fixture
def seeded(org, keepers):
    """The shipped process descriptions, published through the approval path."""
    return {
        p.title: p
        for p in seed.load(county=org.county, owner=keepers.owner, checker=keepers.quality)
    }
