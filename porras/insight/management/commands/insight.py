from django.core.management.base import BaseCommand

from porras.insight import aggregates, tasks


class Command(BaseCommand):
    help = "Keep the figures' aggregates of the event log filled."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("fill", help="add every settled event not yet counted, then stop")
        sub.add_parser("refill", help="throw the aggregates away and count everything again")
        sub.add_parser(
            "schedule",
            help="enqueue the fill on the task runner (porras db_worker), which then runs "
            "it every minute; nothing is enqueued twice",
        )

    def handle(self, *args, action, **options):
        if action == "fill":
            self.stdout.write(f"{aggregates.fill_all()} events counted.")
        elif action == "refill":
            self.stdout.write(f"{aggregates.refill()} events counted again.")
        else:
            made = tasks.schedule()
            self.stdout.write("Scheduled." if made else "Already scheduled.")
