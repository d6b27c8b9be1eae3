"""The client search, pinned where mutation testing found it loose: a merged record is
never a result of its own, and the search costs the same queries for few or many hits."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from porras.clients.models import ClientRelation


def found(browser, query: str) -> list:
    response = browser.post("/clients/", {"q": query})
    assert response.status_code == 200
    return response.context["results"]


def test_a_merged_record_is_found_only_as_the_client_it_became(org, login, make_client):
    client = make_client(worker=org.counsellor, first_name="Pekka", last_name="Puupää")
    make_client(
        worker=org.counsellor,
        first_name="Pekka",
        last_name="Puupää",
        hetu=None,
        unidentified_description="Mies linja-autoasemalla",
        merged_into=client,
    )
    results = found(login(org.counsellor), "Puupää")
    assert [view.id for view in results] == [client.pk]


def test_the_search_costs_the_same_for_2_or_10_hits(org, login, make_client, kuopio):
    def hits(first, count):
        for n in range(first, first + count):
            make_client(
                kind=ClientRelation.RESPONSIBLE,
                worker=org.counsellor,
                first_name=f"Hakija{n}",
                last_name="Löytyväinen",
                municipality=kuopio,
            )

    browser = login(org.counsellor)
    hits(0, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(found(browser, "Löytyväinen")) == 2
    hits(2, 8)
    with CaptureQueriesContext(connection) as many:
        results = found(browser, "Löytyväinen")
    assert len(results) == 10 and results[0].municipality == kuopio.name_fi
    assert len(many) == len(few)
