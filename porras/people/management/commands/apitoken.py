from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from porras.core.errors import DomainError
from porras.people import services
from porras.people.models import Worker


class Command(BaseCommand):
    help = (
        "Create a REST API token for a user (e.g. an integration's service account) and "
        "print it once: only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what uses the token (default: the user)")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PORRAS_API_TOKEN_DAYS,
            help=f"valid for this many days (default {settings.PORRAS_API_TOKEN_DAYS})",
        )

    def handle(self, *args, username, name, days, **options):
        worker = Worker.objects.filter(username=username, is_active=True).first()
        if worker is None:
            raise CommandError(f"No active user {username!r}.")
        try:
            _token, secret = services.api_token_create(
                worker=worker, name=name or username, days=days, acting_user=worker
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(secret)
