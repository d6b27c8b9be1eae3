"""Documents, development notes, search, the shipped processes and the static site."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from porras.eventlog.activities import Activity
from porras.handbook import services
from porras.handbook.models import DevelopmentNote, Document, Process
from porras.people.models import Role
from tests.handbook.test_approval import draft, publish

pytestmark = pytest.mark.django_db


def test_documents_have_versions_files_and_the_same_approval_path(org, keepers, login, client):
    login(keepers.owner)
    page = client.post(
        reverse("handbook:document_new"),
        {
            "title": "Hakemuslomake",
            "kind": "form",
            "reference": "Laki toimeentulotuesta 1412/1997",
            "url": "finlex.fi/fi/laki",
            "file": SimpleUploadedFile("lomake.pdf", b"%PDF-1 v1", content_type="application/pdf"),
        },
        follow=True,
    )
    document = Document.objects.get(title="Hakemuslomake")
    assert document.url == "https://finlex.fi/fi/laki" and document.file_name == "lomake.pdf"
    assert "Asiakirja tallennettiin." in page.content.decode()
    download = client.get(reverse("handbook:document_file", kwargs={"obj_id": document.pk}))
    assert download.content == b"%PDF-1 v1" and "attachment" in download["Content-Disposition"]

    process = draft(org, keepers)
    services.process_update(
        process=process, acting_user=keepers.owner, expected_revision=None, documents=[document]
    )
    services.move(
        obj=process, to_status="checked", acting_user=keepers.quality, expected_revision=None
    )
    with pytest.raises(services.DomainError, match="Hakemuslomake"):
        services.move(
            obj=process, to_status="approved", acting_user=keepers.owner, expected_revision=None
        )
    document = publish(document, keepers)
    services.move(
        obj=process, to_status="approved", acting_user=keepers.owner, expected_revision=None
    )

    client.post(reverse("handbook:document_new_version", kwargs={"obj_id": document.pk}))
    second = Document.objects.get(lineage=document.lineage, version=2)
    edit = client.post(
        reverse("handbook:document_edit", kwargs={"obj_id": second.pk}),
        {
            "title": "Hakemuslomake",
            "kind": "form",
            "reference": "Laki toimeentulotuesta 1412/1997 14 §",
            "revision": second.revision,
            "file": SimpleUploadedFile("lomake.pdf", b"%PDF-1 v2"),
        },
    )
    assert edit.status_code == 302
    compare = client.get(
        reverse("handbook:document_compare", kwargs={"obj_id": second.pk})
    ).content.decode()
    assert re.search(r'<ins><span class="visually-hidden">lisätty: </span>\s*14 §</ins>', compare)
    assert "Liitetiedosto muuttui." in compare
    published = client.get(reverse("handbook:document_edit", kwargs={"obj_id": document.pk}))
    assert published.status_code == 200
    refused = client.post(
        reverse("handbook:document_edit", kwargs={"obj_id": document.pk}),
        {"title": "X", "kind": "form", "revision": document.revision},
    )
    assert refused.status_code == 400
    login(org.counsellor)
    listed = client.get(reverse("handbook:documents")).content.decode()
    assert "Hakemuslomake" in listed
    assert client.get(reverse("handbook:document", kwargs={"obj_id": second.pk})).status_code == 404


def test_staff_pin_development_notes_to_steps(org, keepers, seeded, login, client):
    process = seeded["Palveluohjaus: vireilletulo ja ensikontakti"]
    login(org.guidance)
    url = reverse("handbook:note_pin", kwargs={"obj_id": process.pk})
    client.post(url, {"element_id": "Task_yhteys", "text": "Soittoyritykset kahdesti."})
    note = DevelopmentNote.objects.get()
    assert note.element_name == "Ota yhteyttä asiakkaaseen" and note.created_by == org.guidance
    page = client.get(reverse("handbook:detail", kwargs={"obj_id": process.pk})).content.decode()
    assert "Kehittämistarve: Soittoyritykset kahdesti." in page
    update = reverse("handbook:note_update", kwargs={"note_id": note.pk})
    login(org.counsellor)
    client.post(update, {f"note-{note.pk}-status": "done", f"note-{note.pk}-revision": 0})
    note.refresh_from_db()
    assert note.status == "open"  # someone else's note
    login(keepers.owner)
    client.post(
        update,
        {
            f"note-{note.pk}-status": "in_progress",
            f"note-{note.pk}-owner": keepers.owner.pk,
            f"note-{note.pk}-revision": 0,
        },
    )
    note.refresh_from_db()
    assert note.status == "in_progress" and note.owner == keepers.owner
    # The note stays with the process in its next version.
    second = services.new_version(obj=process, acting_user=keepers.owner)
    page = client.get(reverse("handbook:detail", kwargs={"obj_id": second.pk})).content.decode()
    assert "Soittoyritykset kahdesti." in page


def test_search_finds_fields_step_names_and_documents(org, keepers, seeded, login, client):
    login(org.counsellor)
    page = client.get(reverse("handbook:index"), {"q": "läsnäolot"}).content.decode()
    assert "Kuntouttavan työtoiminnan polku" in page
    page = client.get(reverse("handbook:index"), {"q": "1412/1997"}).content.decode()
    assert "Laki toimeentulotuesta 1412/1997" in page
    assert "Kirjallisen toimeentulotukihakemuksen käsittely" in page
    page = client.get(reverse("handbook:index"), {"q": "ei-mitään-tällaista"}).content.decode()
    assert "Ei prosessikuvauksia." in page


def test_the_shipped_processes_are_published_with_activity_codes(org, keepers, seeded, client):
    assert len(seeded) == 6
    for process in seeded.values():
        process.refresh_from_db()
        assert process.status == "published" and process.owner == keepers.owner
        codes = [m.activity for m in process.task_mappings.all() if m.activity]
        assert set(codes) <= set(Activity.values)
        # The work-activity path's codes come with its casework; a chain's steps are the
        # parts, which carry the codes.
        assert (
            codes
            or process.title == "Kuntouttavan työtoiminnan polku"
            or (process.level == "chain")
        )
    main = seeded["Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi"]
    guidance = seeded["Palveluohjaus: vireilletulo ja ensikontakti"]
    assert main.level == "main" and guidance.parent == main
    first_step = main.task_mappings.get(element_id="Task_palveluohjaus")
    assert first_step.called_lineage == guidance.lineage
    assert main.approvals.filter(to_status="checked", actor=keepers.quality).exists()
    chain = seeded["Palveluketju: toimeentulotuesta kuntouttavaan työtoimintaan"]
    parts = [m.called_lineage for m in chain.task_mappings.order_by("element_id")]
    assert set(parts) == {
        seeded[title].lineage
        for title in (
            "Kirjallisen toimeentulotukihakemuksen käsittely",
            "Palveluohjaus: vireilletulo ja ensikontakti",
            "Aikuissosiaalityön asiakasprosessi",
            "Kuntouttavan työtoiminnan polku",
        )
    }
    out = io.StringIO()
    call_command("handbook", "seed", "--county", org.county.name, stdout=out)  # changes nothing
    assert Process.objects.filter(county=org.county).count() == 6


def test_seed_command_needs_the_keepers(org):
    with pytest.raises(CommandError, match="process owner and a quality manager"):
        call_command("handbook", "seed", "--county", org.county.name, stdout=io.StringIO())


def test_static_site_has_every_published_page_and_no_remote_resources(
    org, keepers, seeded, tmp_path
):
    draft(org, keepers)  # a draft is not published
    out = io.StringIO()
    call_command(
        "handbook", "site", "--out", str(tmp_path), "--county", org.county.name, stdout=out
    )
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert len([p for p in pages if p.startswith("process-")]) == 6
    documents = Document.objects.filter(county=org.county)
    assert len([p for p in pages if p.startswith("document-")]) == documents.count()
    index = (tmp_path / "index.html").read_text()
    assert "Testiprosessi" not in index and "Prosessikäsikirja" in index
    for page in tmp_path.glob("*.html"):
        html = page.read_text()
        for resource in re.findall(r'(?:src|href)="([^"]+)"', html):
            if resource.startswith("https://www.finlex.fi/"):
                continue  # a document's web address is a link the reader may follow
            assert not re.match(r"^[a-z]+:|^//", resource), f"{page.name}: {resource}"
            target = (tmp_path / resource.split("#")[0]).resolve()
            assert target.exists(), f"{page.name} links to a missing {resource}"
    main = seeded["Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi"]
    html = (tmp_path / f"process-{main.lineage}.html").read_text()
    assert 'id="diagram-xml"' in html and "Vireilletulo ja ensikontakti" in html
    assert "<code>intake.claimed</code>" in html


def test_keepers_map_steps_on_the_steps_page(org, keepers, login, client):
    process = draft(org, keepers)
    login(keepers.quality)
    url = reverse("handbook:steps", kwargs={"obj_id": process.pk})
    assert "Vaihe 3" in client.get(url).content.decode()
    answer = client.post(
        url,
        {
            "element_id": "t3",
            "activity": "intake.urgency_assessed",
            "performer_role": Role.GUIDANCE,
            "revision": process.revision,
        },
    )
    assert answer.status_code == 302
    mapping = process.task_mappings.get(element_id="t3")
    assert mapping.activity == "intake.urgency_assessed"
    stale = client.post(
        url, {"element_id": "t3", "activity": "intake.closed", "revision": process.revision}
    )
    assert stale.status_code == 400 and "Joku muu muutti" in stale.content.decode()
    bad = client.post(
        url, {"element_id": "t3", "activity": "made.up", "revision": process.revision + 1}
    )
    assert bad.status_code == 400
    login(org.social_worker)
    assert client.get(url).status_code == 404  # drafts are the keepers' own
    published = publish(Process.objects.get(pk=process.pk), keepers)
    published_steps = reverse("handbook:steps", kwargs={"obj_id": published.pk})
    assert client.get(published_steps).status_code == 403


def test_contents_show_main_processes_with_their_parts_beneath(org, keepers, seeded, login, client):
    login(org.counsellor)
    page = client.get(reverse("handbook:index")).content.decode()
    order = [
        page.index(title)
        for title in (
            "Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi",
            "Aikuissosiaalityön asiakasprosessi",
            "Kuntouttavan työtoiminnan polku",
            "Palveluohjaus: vireilletulo ja ensikontakti",
            "Palveluketju: toimeentulotuesta kuntouttavaan työtoimintaan",
            "Kirjallisen toimeentulotukihakemuksen käsittely",
        )
    ]
    assert order == sorted(order)
    assert 'class="tree-depth-2"><a' in page  # the work-activity path under adult social work
    main = seeded["Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi"]
    second = services.new_version(obj=main, acting_user=keepers.owner)
    assert "versio 2" not in client.get(reverse("handbook:index")).content.decode()
    login(keepers.quality)
    page = client.get(reverse("handbook:index")).content.decode()
    assert page.count(main.title) == 1 and "versio 2: luonnos" in page
    assert reverse("handbook:detail", kwargs={"obj_id": second.pk}) in page


def test_a_keeper_downloads_the_static_site_as_a_zip(org, keepers, seeded, login):
    import zipfile as zipfile_module

    response = login(keepers.owner).get(reverse("handbook:site_zip"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="prosessikasikirja-')
    names = zipfile_module.ZipFile(io.BytesIO(response.content)).namelist()
    assert "prosessikasikirja/index.html" in names
    assert len([n for n in names if "/process-" in n]) == 6
    assert login(org.counsellor).get(reverse("handbook:site_zip")).status_code == 403


def test_a_new_release_proposes_drafts_and_publishes_nothing(org, keepers, monkeypatch):
    """A county that loaded an earlier release gets drafts of what changed — the new
    activity codes of the case file, a corrected law text — through its own approval path;
    what did not change gets no draft and running it again adds nothing."""
    from dataclasses import replace

    from porras.handbook import seed

    social_work = next(s for s in seed.SEED if s.key == "aikuissosiaalityo")
    earlier_steps = tuple(
        replace(step, activity="") if step.node.id == "Task_pta" else step
        for step in social_work.steps
        if step.node.id != "Task_tarkistus"
    )
    earlier_seed = tuple(
        replace(s, steps=earlier_steps) if s.key == "aikuissosiaalityo" else s for s in seed.SEED
    )
    earlier_documents = {**seed.DOCUMENTS, "shl": {**seed.DOCUMENTS["shl"], "description": "x"}}
    with monkeypatch.context() as patched:
        patched.setattr(seed, "SEED", earlier_seed)
        patched.setattr(seed, "DOCUMENTS", earlier_documents)
        seed.load(county=org.county, owner=keepers.owner, checker=keepers.quality)
    out = io.StringIO()
    call_command("handbook", "propose-update", "--county", org.county.name, stdout=out)
    assert "2 drafts" in out.getvalue()
    published = Process.objects.get(title=social_work.title, version=1)
    proposed = Process.objects.get(title=social_work.title, version=2)
    assert (published.status, proposed.status) == ("published", "draft")
    assert not published.task_mappings.filter(element_id="Task_tarkistus").exists()
    mapped = dict(proposed.task_mappings.values_list("element_id", "activity"))
    assert mapped["Task_pta"] == Activity.ASSESSMENT_COMPLETED
    assert mapped["Task_tarkistus"] == Activity.PLAN_REVIEWED
    law = Document.objects.get(title=seed.DOCUMENTS["shl"]["title"], version=2)
    assert law.status == "draft" and "75-vuotias" in law.description
    assert Process.objects.filter(county=org.county, version=2).count() == 1
    again = io.StringIO()
    call_command("handbook", "propose-update", "--county", org.county.name, stdout=again)
    assert "0 drafts" in again.getvalue()
    for obj, actor, status in (
        (law, keepers.quality, "checked"),
        (law, keepers.owner, "approved"),
        (law, keepers.owner, "published"),
        (proposed, keepers.quality, "checked"),
        (proposed, keepers.owner, "approved"),
        (proposed, keepers.owner, "published"),
    ):
        obj.refresh_from_db()
        services.move(obj=obj, to_status=status, acting_user=actor, expected_revision=None)
    assert Process.objects.get(title=social_work.title, status="published").version == 2


def test_a_new_document_sent_twice_is_created_once(keepers, login, client):
    login(keepers.owner)
    form = client.get(reverse("handbook:document_new")).context["form"]
    data = {"once": form.initial["once"], "title": "Kiireohje", "kind": "instruction"}
    first = client.post(reverse("handbook:document_new"), data)
    again = client.post(reverse("handbook:document_new"), data, follow=True)
    document = Document.objects.get(title="Kiireohje")
    assert first.status_code == 302 and first.url == again.redirect_chain[-1][0]
    assert reverse("handbook:document", kwargs={"obj_id": document.pk}) in first.url
    fresh = client.get(reverse("handbook:document_new")).context["form"].initial["once"]
    assert fresh != data["once"]
