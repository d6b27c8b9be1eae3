from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from porras.core.errors import DomainError
from porras.handbook import seed, selectors, services, site
from porras.handbook.models import Process
from porras.people.models import County, Role


class Command(BaseCommand):
    help = "Import or export the process handbook's BPMN 2.0 models."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import FILE.bpmn as a draft; prints the new id")
        imp.add_argument("file", type=Path)
        imp.add_argument("--title", default="")
        imp.add_argument("--county", default="", help="the county's name when there are several")
        exp = sub.add_parser("export", help="write the process' BPMN file")
        exp.add_argument("id")
        exp.add_argument("--out", type=Path, required=True)
        site = sub.add_parser("site", help="write the published handbook as a static site")
        site.add_argument("--out", type=Path, required=True)
        site.add_argument("--county", default="")
        seed = sub.add_parser("seed", help="publish the process descriptions shipped with Porras")
        seed.add_argument("--county", default="")
        update = sub.add_parser(
            "propose-update",
            help="draft new versions of the shipped descriptions this release changed",
        )
        update.add_argument("--county", default="")

    def handle(self, *args, action, **options):
        if action == "site":
            pages = site.build(county=_county(options["county"]), out=options["out"])
            self.stdout.write(f"Wrote {len(pages)} pages to {options['out']}")
            return
        if action == "seed":
            self._seed(_county(options["county"]))
            return
        if action == "propose-update":
            self._propose_update(_county(options["county"]))
            return
        if action == "import":
            path = options["file"]
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                process = services.process_import(
                    county=_county(options["county"]),
                    content=path.read_bytes(),
                    title=options["title"],
                    file_name=path.name,
                )
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(str(process.pk))
            return
        process = selectors.by_id(Process.objects.all(), options["id"])
        if process is None or not hasattr(process, "diagram"):
            raise CommandError(f"No process with a diagram: {options['id']}")
        options["out"].write_bytes(services.process_export(process=process))
        self.stdout.write(f"Wrote {options['out']}")

    def _seed(self, county):
        owner = county.workers.filter(role=Role.PROCESS_OWNER, is_active=True).first()
        checker = county.workers.filter(role=Role.QUALITY, is_active=True).first()
        if owner is None or checker is None:
            raise CommandError(
                "The county needs a process owner and a quality manager: they check, "
                "approve and publish the shipped processes."
            )
        created = seed.load(county=county, owner=owner, checker=checker)
        self.stdout.write(f"Published {len(created)} process descriptions.")

    def _propose_update(self, county):
        owner = county.workers.filter(role=Role.PROCESS_OWNER, is_active=True).first()
        if owner is None:
            raise CommandError("The county needs a process owner: the drafts are theirs.")
        drafts = seed.propose_update(county=county, acting_user=owner)
        for draft in drafts:
            self.stdout.write(f"Draft: {draft.title}, version {draft.version}")
        self.stdout.write(
            f"{len(drafts)} drafts for {owner.username} to check and approve in the handbook."
        )


def _county(name: str) -> County:
    counties = County.objects.all()
    if name:
        counties = counties.filter(name=name)
    if counties.count() != 1:
        raise CommandError("Name the county with --county (or create it first).")
    return counties.get()
