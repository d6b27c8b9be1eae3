import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from porras.people.models import Role
from porras.synth.generator import SIZES, generate_county
from porras.synth.regions import REGIONS


class Command(BaseCommand):
    help = "Generate a demo county (idempotent: an existing demo county is reused)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=SIZES, default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--region", choices=sorted(REGIONS), default="pohjois-savo")
        parser.add_argument(
            "--logins-out", type=Path, help="write every demo login as JSON to this file"
        )

    def handle(self, *args, size, seed, region, logins_out, **options):
        translation.activate("fi")
        result = generate_county(size=size, seed=seed, region=region)
        verb = "Created" if result.created else "Reused"
        self.stdout.write(f"{verb} the demo county {result.county.name}.")
        if logins_out:
            logins_out.parent.mkdir(parents=True, exist_ok=True)
            logins_out.write_text(
                json.dumps(
                    [login.as_json() for login in result.logins], indent=2, ensure_ascii=False
                ),
                encoding="utf-8",
            )
            self.stdout.write(f"Wrote {len(result.logins)} logins to {logins_out}.")
        self.stdout.write("\nDemo logins (one per role):")
        shown = set()
        for login in result.logins:
            if login.role in shown:
                continue
            shown.add(login.role)
            self.stdout.write(f"  {Role(login.role).label:55} {login.username:28} {login.password}")
