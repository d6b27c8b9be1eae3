from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from porras.audit import chain
from porras.core import clock


class Command(BaseCommand):
    help = "Verify the access log's hash chain, or purge entries past the retention period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify",
            help="exit 0 when the chain is intact, 1 naming the first broken entry otherwise",
        )
        purge = sub.add_parser("purge", help="remove entries older than the retention period")
        purge.add_argument(
            "--years",
            type=int,
            default=None,
            help="retention in years (default PORRAS_ACCESS_LOG_RETENTION_YEARS)",
        )

    def handle(self, *args, action, **options):
        if action == "verify":
            result = chain.verify()
            if not result.ok:
                raise CommandError(
                    f"Access log chain broken at entry {result.entry_id}: {result.problem} "
                    f"({result.checked} entries verified before it)."
                )
            self.stdout.write(f"Access log intact: {result.checked} entries verified.")
            return
        years = options["years"] or settings.PORRAS_ACCESS_LOG_RETENTION_YEARS
        if years < 1:
            raise CommandError("Retention must be at least one year.")
        now = clock.now()
        try:
            cutoff = now.replace(year=now.year - years)
        except ValueError:  # 29 February
            cutoff = now.replace(year=now.year - years, day=28)
        removed = chain.purge_older_than(cutoff, performed_by="porras audit purge")
        self.stdout.write(
            f"Removed {removed} access log entries older than {cutoff:%Y-%m-%d} "
            f"({years} years); the purge is recorded."
        )
