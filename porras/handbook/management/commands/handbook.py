import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from porras.core.errors import DomainError
from porras.handbook import services
from porras.handbook.models import Process
from porras.people.models import County


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

    def handle(self, *args, action, **options):
        if action == "import":
            path = options["file"]
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            counties = County.objects.all()
            if options["county"]:
                counties = counties.filter(name=options["county"])
            if counties.count() != 1:
                raise CommandError("Name the county with --county (or create it first).")
            try:
                process = services.process_import(
                    county=counties.get(),
                    content=path.read_bytes(),
                    title=options["title"],
                    file_name=path.name,
                )
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(str(process.pk))
            return
        process = (
            Process.objects.filter(pk=options["id"]).first() if _is_uuid(options["id"]) else None
        )
        if process is None or not hasattr(process, "diagram"):
            raise CommandError(f"No process with a diagram: {options['id']}")
        options["out"].write_bytes(services.process_export(process=process))
        self.stdout.write(f"Wrote {options['out']}")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
