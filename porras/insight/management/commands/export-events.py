import datetime as dt
import os
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from porras.insight import exports
from porras.insight.traces import Scope
from porras.intake.models import Kind
from porras.people.models import County, Team


class Command(BaseCommand):
    help = (
        "Write the event log for process-mining tools: XES (one trace per matter), "
        "OCEL 2.0 JSON or CSV. Streamed: memory stays flat however long the log is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--team", default="", help="the team's name or identifier")
        parser.add_argument("--since", type=dt.date.fromisoformat, help="first day (YYYY-MM-DD)")
        parser.add_argument("--until", type=dt.date.fromisoformat, help="last day (YYYY-MM-DD)")
        parser.add_argument("--county", default="", help="the county's name when there are several")
        parser.add_argument(
            "--kind", default="", choices=["", *Kind.values], help="only matters of this kind"
        )

    def handle(self, *args, format, out, team, since, until, county, kind, **options):
        if since and until and since > until:
            raise CommandError("--since is after --until.")
        counties = County.objects.filter(name=county) if county else County.objects.all()
        if counties.count() != 1:
            raise CommandError("Name the county with --county.")
        found = counties.get()
        chosen = None
        if team:
            teams = Team.objects.filter(county=found, name=team)
            if not teams.exists():
                teams = Team.objects.filter(county=found, pk=_uuid_or_none(team))
            chosen = teams.first()
            if chosen is None:
                raise CommandError(f"No team {team!r} in {found.name}.")
        scope = Scope(
            county_id=found.pk,
            team_id=chosen.pk if chosen else None,
            since=since,
            until=until,
            kind=kind,
        )
        # Written beside the target and renamed, so a half-written file never stands there.
        partial = out.with_name(out.name + ".partial")
        with partial.open("w", encoding="utf-8") as target:
            for chunk in exports.write(format, scope):
                target.write(chunk)
        os.replace(partial, out)
        self.stdout.write(f"{format} → {out}")


def _uuid_or_none(text: str):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
