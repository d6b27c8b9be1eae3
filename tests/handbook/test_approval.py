"""The approval path, versions, comparison and conflicts, driven through the pages."""

import pytest
from django.urls import reverse

from porras.handbook import services
from porras.handbook.bpmn import Node, build
from porras.handbook.models import ApprovalRecord, HandbookSettings, Process

pytestmark = pytest.mark.django_db


def drawn(steps: int) -> bytes:
    nodes = [Node("s", "startEvent")]
    nodes += [Node(f"t{i}", "userTask", f"Vaihe {i}") for i in range(1, steps + 1)]
    nodes.append(Node("e", "endEvent"))
    return build(definitions_id="d", process_id="p", name="Testiprosessi", nodes=nodes)


def draft(org, keepers, steps=5, **fields) -> Process:
    process = services.process_import(
        county=org.county, content=drawn(steps), acting_user=keepers.owner
    )
    return services.process_update(
        process=process,
        acting_user=keepers.owner,
        expected_revision=None,
        owner=keepers.owner,
        **fields,
    )


def move(client, process, to_status, comment=""):
    process.refresh_from_db()
    return client.post(
        reverse("handbook:move", kwargs={"obj_id": process.pk}),
        {"to_status": to_status, "revision": process.revision, "comment": comment},
        follow=True,
    )


def test_quality_checks_owner_approves_and_publishes(org, keepers, login, client):
    process = draft(org, keepers, goal="Asiakas saa avun.")
    login(keepers.owner)
    page = move(client, process, "checked")
    assert "Laatupäällikkö tarkastaa version" in page.content.decode()  # the owner cannot check
    login(keepers.quality)
    move(client, process, "checked")
    process.refresh_from_db()
    assert process.status == "checked"
    assert move(client, process, "approved").status_code == 200
    process.refresh_from_db()
    assert process.status == "checked"  # the quality manager does not approve
    login(keepers.other_owner)
    move(client, process, "approved")
    process.refresh_from_db()
    assert process.status == "checked"  # nor does another process' owner
    login(keepers.owner)
    move(client, process, "approved")
    move(client, process, "published")
    process.refresh_from_db()
    assert process.status == "published"
    history = list(ApprovalRecord.objects.filter(process=process).values_list("to_status", "actor"))
    assert history == [
        ("checked", keepers.quality.pk),
        ("approved", keepers.owner.pk),
        ("published", keepers.owner.pk),
    ]
    login(org.counsellor)
    page = client.get(reverse("handbook:detail", kwargs={"obj_id": process.pk}))
    assert page.status_code == 200 and "Asiakas saa avun." in page.content.decode()


def test_return_to_draft_needs_a_reason(org, keepers, login, client):
    process = draft(org, keepers)
    login(keepers.quality)
    move(client, process, "checked")
    page = move(client, process, "draft")
    assert "Kerro, mitä pitää korjata." in page.content.decode()
    move(client, process, "draft", comment="Tavoite puuttuu.")
    process.refresh_from_db()
    assert process.status == "draft"
    assert process.approvals.last().comment == "Tavoite puuttuu."


def test_step_limits_shown_and_enforced_before_approval(org, keepers, login, client):
    process = draft(org, keepers, steps=7)
    login(keepers.owner)
    page = client.get(reverse("handbook:detail", kwargs={"obj_id": process.pk})).content.decode()
    assert "Yli rajan:" in page and "7 vaihetta (4–6 vaihetta)" in page
    login(keepers.quality)
    move(client, process, "checked")
    login(keepers.owner)
    page = move(client, process, "approved").content.decode()
    assert "7 vaihetta" in page
    process.refresh_from_db()
    assert process.status == "checked"
    HandbookSettings.objects.create(county=org.county, main_max_steps=8)
    move(client, process, "approved")
    process.refresh_from_db()
    assert process.status == "approved"


def test_sub_process_limit_is_sixteen(org, keepers):
    process = draft(org, keepers, steps=17, level="sub")
    services.move(
        obj=process, to_status="checked", acting_user=keepers.quality, expected_revision=None
    )
    with pytest.raises(services.DomainError, match="17 vaihetta"):
        services.move(
            obj=process, to_status="approved", acting_user=keepers.owner, expected_revision=None
        )


def publish(process, keepers):
    for status, actor in (
        ("checked", keepers.quality),
        ("approved", keepers.owner),
        ("published", keepers.owner),
    ):
        process = services.move(
            obj=process, to_status=status, acting_user=actor, expected_revision=None
        )
    return process


def test_published_version_is_immutable_and_a_new_version_replaces_it(org, keepers, login, client):
    process = publish(draft(org, keepers, goal="Vanha tavoite."), keepers)
    login(keepers.owner)
    edit = reverse("handbook:process_edit", kwargs={"obj_id": process.pk})
    answer = client.post(edit, {"title": "Muutettu", "level": "main", "revision": process.revision})
    assert answer.status_code == 400
    assert "Vain luonnosta voi muuttaa" in answer.content.decode()
    process.refresh_from_db()
    assert process.title == "Testiprosessi"
    saved = client.post(
        reverse("handbook:diagram", kwargs={"obj_id": process.pk}),
        {"xml": drawn(2).decode(), "revision": process.revision},
    )
    assert saved.status_code == 400
    assert bytes(process.diagram.content) == drawn(5)

    page = client.post(reverse("handbook:new_version", kwargs={"obj_id": process.pk}), follow=True)
    second = Process.objects.get(lineage=process.lineage, version=2)
    assert page.redirect_chain[-1][0] == reverse("handbook:detail", kwargs={"obj_id": second.pk})
    assert second.status == "draft" and bytes(second.diagram.content) == drawn(5)
    again = client.post(reverse("handbook:new_version", kwargs={"obj_id": process.pk}), follow=True)
    assert "Versiota 2 valmistellaan jo" in again.content.decode()

    services.process_update(
        process=second, acting_user=keepers.owner, expected_revision=None, goal="Uusi tavoite."
    )
    services.diagram_save(
        process=second, content=drawn(4), acting_user=keepers.owner, expected_revision=None
    )
    publish(Process.objects.get(pk=second.pk), keepers)
    process.refresh_from_db()
    assert process.status == "retired"
    assert process.approvals.last().comment == "Korvattu versiolla 2."

    compare = client.get(
        reverse("handbook:compare", kwargs={"obj_id": second.pk}), {"with": process.pk}
    ).content.decode()
    assert "<del>" in compare and "Vanha" in compare and "Uusi" in compare
    assert "Poistettu vaihe: Vaihe 5" in compare


def test_two_editors_do_not_overwrite_each_other(org, keepers, login, client):
    process = draft(org, keepers)
    seen = process.revision
    edit = reverse("handbook:process_edit", kwargs={"obj_id": process.pk})
    login(keepers.owner)
    first = client.post(
        edit, {"title": "Testiprosessi", "level": "main", "goal": "Ensimmäinen.", "revision": seen}
    )
    assert first.status_code == 302
    login(keepers.quality)
    second = client.post(
        edit,
        {"title": "Testiprosessi", "level": "main", "goal": "Toinen teksti.", "revision": seen},
    )
    assert second.status_code == 400
    body = second.content.decode()
    assert "Joku muu muutti tätä versiota" in body
    assert "Toinen teksti." in body  # what the user typed is kept
    process.refresh_from_db()
    assert process.goal == "Ensimmäinen."


def test_modeler_save_checks_the_xml_and_the_revision(org, keepers, login, client):
    process = draft(org, keepers)
    services.task_map(
        process=process, element_id="t5", activity="intake.closed", acting_user=keepers.owner
    )
    process.refresh_from_db()
    url = reverse("handbook:diagram", kwargs={"obj_id": process.pk})
    login(keepers.owner)
    served = client.get(url)
    assert served.content == drawn(5) and "sandbox" in served["Content-Security-Policy"]
    hostile = client.post(
        url,
        {
            "xml": '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
            "revision": process.revision,
        },
    )
    assert hostile.status_code == 400 and "turvallisuussyistä" in hostile.json()["message"]
    saved = client.post(url, {"xml": drawn(4).decode(), "revision": process.revision})
    assert saved.status_code == 200 and saved.json()["revision"] == process.revision + 1
    assert not process.task_mappings.filter(element_id="t5").exists()  # the task is gone
    stale = client.post(url, {"xml": drawn(6).decode(), "revision": process.revision})
    assert stale.status_code == 409
    assert bytes(Process.objects.get(pk=process.pk).diagram.content) == drawn(4)
    login(org.counsellor)
    assert client.post(url, {"xml": drawn(1).decode(), "revision": 0}).status_code == 404


def test_new_process_from_a_file_or_from_scratch(org, keepers, login, client, tmp_path):
    login(keepers.quality)
    page = client.post(reverse("handbook:process_new"), {"title": "", "level": "main"})
    assert page.status_code == 400 and "Anna prosessille nimi tai valitse tiedosto" in (
        page.content.decode()
    )
    client.post(reverse("handbook:process_new"), {"title": "Uusi prosessi", "level": "sub"})
    created = Process.objects.get(title="Uusi prosessi")
    assert created.level == "sub" and b"startEvent" in bytes(created.diagram.content)
    upload = tmp_path / "malli.bpmn"
    upload.write_bytes(drawn(3))
    with upload.open("rb") as file:
        client.post(reverse("handbook:process_new"), {"level": "chain", "file": file})
    imported = Process.objects.get(title="Testiprosessi")
    assert imported.level == "chain" and bytes(imported.diagram.content) == drawn(3)
    bad = tmp_path / "paha.bpmn"
    bad.write_bytes(b"<html>")
    with bad.open("rb") as file:
        page = client.post(reverse("handbook:process_new"), {"level": "main", "file": file})
    assert page.status_code == 400 and "ei ole hyvin muodostettua XML" in page.content.decode()
    login(org.social_worker)
    assert client.get(reverse("handbook:process_new")).status_code == 403


def test_front_page_lists_what_waits_for_each_keeper(org, keepers, login, client):
    process = draft(org, keepers)
    login(keepers.quality)
    front = client.get("/").content.decode()
    assert "Odottaa tarkastustasi" in front and "Testiprosessi" in front
    services.move(
        obj=process, to_status="checked", acting_user=keepers.quality, expected_revision=None
    )
    services.note_pin(
        process=process, element_id="t2", text="Lomake puuttuu.", acting_user=org.counsellor
    )
    login(keepers.owner)
    front = client.get("/").content.decode()
    assert "Odottaa hyväksyntääsi" in front and "Lomake puuttuu." in front
    login(keepers.other_owner)
    front = client.get("/").content.decode()
    assert "Testiprosessi" not in front  # another owner's process
    login(org.counsellor)
    assert "Odottaa" not in client.get("/").content.decode()


def test_step_limit_settings_must_make_sense(org):
    from django.core.exceptions import ValidationError

    settings = HandbookSettings(county=org.county, main_min_steps=7, main_max_steps=6)
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_part_of_offers_each_process_once(org, keepers, login, client):
    parent = publish(draft(org, keepers), keepers)
    newer = services.new_version(obj=parent, acting_user=keepers.owner)
    child = services.process_import(county=org.county, content=drawn(3), title="Osa")
    login(keepers.owner)
    page = client.get(reverse("handbook:process_edit", kwargs={"obj_id": child.pk}))
    choices = {str(pk) for pk, _label in page.context["form"].fields["parent"].choices if pk}
    assert str(parent.pk) in choices and str(newer.pk) not in choices
