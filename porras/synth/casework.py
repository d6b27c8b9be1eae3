"""Distribution of the demo quarter: each week's duty pair assesses what service guidance
forwarded and accepts the recommendations, through the real services and at the time
it happened (clock.travel). This week's matters stay on the board for the pair."""

import datetime as dt
import random

from django.utils import timezone

from porras.casework import selectors, services
from porras.core import calendar, clock
from porras.core.errors import DomainError
from porras.eventlog.models import Event
from porras.intake.models import IntakeItem, Status
from porras.people import selectors as people_selectors
from porras.people.models import DutyPair, Role, Team

# (special difficulty, several needs) by share: D and B are the common ones.
QUADRANT_ODDS = [((False, False), 10), ((False, True), 40), ((True, False), 20), ((True, True), 30)]
REASONS = {
    (False, False): "Yksittäinen neuvontatarve.",
    (False, True): "Toimeentulo, asuminen ja työttömyys; asioi itse.",
    (True, False): "Mielenterveyden haasteet vaikeuttavat asiointia.",
    (True, True): "Päihteet, asunnottomuus ja velat; ei pysty hakemaan palveluja itse.",
}


def distribute_quarter(team: Team, rng: random.Random) -> None:
    this_monday = clock.week_start(clock.today())
    manager = people_selectors.team_members(team, role=Role.MANAGER).first()
    forwarded = IntakeItem.objects.filter(team=team, status=Status.FORWARDED).order_by(
        "received_at"
    )
    answers, weights = zip(*QUADRANT_ODDS, strict=True)
    for item in forwarded:
        forwarded_at = Event.objects.filter(item_id=item.pk, activity="intake.forwarded").first().at
        day = calendar.add_working_days(timezone.localdate(forwarded_at), 1)
        if clock.week_start(day) >= this_monday:
            continue  # this week's: left on the board for the pair
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 14))))
        pair = DutyPair.objects.filter(team=team, week_start=clock.week_start(day)).first()
        distributor = rng.choice(pair.members) if pair else manager
        if distributor is None:
            continue
        special, broad = rng.choices(answers, weights)[0]
        with clock.travel(moment):
            services.support_need_assess(
                item=item,
                acting_user=distributor,
                special_difficulty=special,
                broad_need=broad,
                reasons=REASONS[(special, broad)],
            )
            recommendation = selectors.recommend(team, selectors.latest_assessment(item).quadrant)
            if recommendation.worker is None:
                continue
            try:
                services.case_assign(
                    item=item, worker=recommendation.worker, acting_user=distributor
                )
            except DomainError:
                continue
