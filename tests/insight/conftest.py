from tests.handbook.conftest import keepers, seeded  # noqa: F401 — the shipped handbook
