import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from porras.benefits import payments
from porras.benefits.models import PaymentBatch
from porras.core.errors import DomainError
from porras.people.models import County


class Command(BaseCommand):
    help = "Export the day's income support payments for the bank or the financial system."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser(
            "export",
            help="write the batch of DATE (made now if it does not exist; the same file again "
            "if it does: nothing is paid twice)",
        )
        export.add_argument("--date", required=True, type=dt.date.fromisoformat)
        export.add_argument("--format", required=True, choices=payments.FORMATS)
        export.add_argument("--out", required=True, type=Path)
        export.add_argument("--county", default="", help="the county's name when there are several")

    def handle(self, *args, action, date, format, out, county, **options):
        counties = County.objects.filter(name=county) if county else County.objects.all()
        if counties.count() != 1:
            raise CommandError("Name the county with --county.")
        found = counties.get()
        batch = PaymentBatch.objects.filter(county=found, pay_date=date).first()
        if batch is None:
            try:
                batch = payments.batch_export(county=found, pay_date=date, acting_user=None)
            except DomainError as error:
                raise CommandError(str(error.message)) from None
            made = "made"
        else:
            made = "already made; the same file written again"
        content, _content_type, _name = payments.batch_file(batch, format)
        out.write_text(content, encoding="utf-8")
        self.stdout.write(
            f"Batch {batch.number} of {date:%Y-%m-%d} ({made}): {batch.lines} payments, "
            f"{batch.total} EUR → {out}"
        )
