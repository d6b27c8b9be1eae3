from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from porras.people.models import Worker


class Command(BaseCommand):
    help = "Print the REST API token of a user (created on first use)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="replace an existing token")

    def handle(self, *args, username, rotate, **options):
        worker = Worker.objects.filter(username=username, is_active=True).first()
        if worker is None:
            raise CommandError(f"No active user {username!r}.")
        if rotate:
            Token.objects.filter(user=worker).delete()
        token, _created = Token.objects.get_or_create(user=worker)
        self.stdout.write(token.key)
