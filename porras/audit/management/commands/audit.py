from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from porras.audit import chain


class Command(BaseCommand):
    help = (
        "Verify the access log's keyed hash chain, seal pending entries and write a "
        "checkpoint, or purge entries past the retention period."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="exit 0 when the chain, its purges and its checkpoints are intact; "
            "otherwise exit 1 naming what was found. Checks the entries after the last "
            "verified one; --full checks every entry",
        )
        verify.add_argument(
            "--full", action="store_true", help="check every entry (regularly, and for audits)"
        )
        sub.add_parser(
            "seal",
            help="seal the entries waiting for their place and write a checkpoint "
            "(run it every minute from a timer)",
        )
        purge = sub.add_parser("purge", help="remove entries older than the retention period")
        purge.add_argument(
            "--years",
            type=int,
            default=None,
            help="retention in years, at least 12 (default PORRAS_ACCESS_LOG_RETENTION_YEARS)",
        )

    def handle(self, *args, action, **options):
        if action == "verify":
            result = chain.verify(full=options["full"])
            for warning in result.warnings:
                self.stderr.write(f"Warning: {warning}")
            if not result.ok:
                raise CommandError(
                    f"Access log not intact: {result.problem} "
                    f"({result.checked} entries verified before it)."
                )
            since = f" after entry {result.since}" if result.since else ""
            self.stdout.write(f"Access log intact: {result.checked} entries verified{since}.")
            return
        if action == "seal":
            sealed = chain.seal(wait=True, checkpoint=True)
            self.stdout.write(f"Sealed {sealed} access log entries; checkpoint written.")
            return
        years = options["years"] or settings.PORRAS_ACCESS_LOG_RETENTION_YEARS
        if years < chain.LEGAL_RETENTION_YEARS:
            raise CommandError(
                f"Access logs are kept at least {chain.LEGAL_RETENTION_YEARS} years (703/2023)."
            )
        removed = chain.purge_older_than(years=years, performed_by="porras audit purge")
        self.stdout.write(
            f"Removed {removed} access log entries older than {years} years; "
            "the purge is recorded in the log and in the checkpoint file."
        )
