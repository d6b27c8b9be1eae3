"""A quarter of intake for the demo county, replayed through the real services.

Each matter is received at its own moment and worked a little later, with the
clock moved there (`clock.travel`), so the event log reads like a real quarter:
queued, taken, resolved, referred, forwarded, closed unreached, flagged, overdue.
"""

import datetime as dt
import random

from django.utils import timezone

from porras.clients.models import Client
from porras.core import calendar, clock
from porras.core.errors import DomainError
from porras.intake import services
from porras.intake.models import (
    Channel,
    GuidanceCategory,
    IntakeSettings,
    Kind,
    Motivation,
    NotifierType,
    ServiceCategory,
    ServiceDirectoryEntry,
    Urgency,
)
from porras.people import selectors as people_selectors
from porras.people.models import County, Role, Team
from porras.synth.factories import ClientFactory

SERVICE_DIRECTORY = [
    (
        "Kela, asiointipalvelu",
        ServiceCategory.KELA,
        "020 692 207",
        "Perustoimeentulotuki, asumistuki, työttömyysturva",
    ),
    (
        "Työllisyyspalvelut",
        ServiceCategory.EMPLOYMENT,
        "029 502 0701",
        "Työnhaku, palvelutarpeen arviointi, työkokeilu",
    ),
    ("Terveysasema, ajanvaraus", ServiceCategory.HEALTH, "017 174 700", ""),
    (
        "A-klinikka ja mielenterveyspalvelut",
        ServiceCategory.SUBSTANCE,
        "017 184 000",
        "Päihde- ja mielenterveysneuvonta",
    ),
    ("Asumisneuvonta", ServiceCategory.HOUSING, "044 718 0000", "Vuokrarästit, häätöuhka"),
    ("Talous- ja velkaneuvonta", ServiceCategory.DEBT, "029 566 1820", ""),
    ("Kriisikeskus", ServiceCategory.NGO, "09 2525 0111", "Kriisiapu, keskusteluapu"),
    ("Seurakunnan diakoniatyö", ServiceCategory.NGO, "017 2616 000", "Ruoka-apu, keskusteluapu"),
]
KINDS = [
    (Kind.CONTACT, 35),
    (Kind.NOTIFICATION, 25),
    (Kind.APPLICATION_SUPPLEMENTARY, 20),
    (Kind.APPLICATION_PREVENTIVE, 5),
    (Kind.ACTIVATION_PLAN, 10),
    (Kind.EMPLOYMENT_ASSESSMENT, 5),
]
DESCRIPTIONS = {
    Kind.CONTACT: [
        "Soitti: rahat loppuneet, vuokra maksamatta.",
        "Kysyi apua asunnon löytämiseen eron jälkeen.",
        "Toive keskustella jaksamisesta ja arjen sujumisesta.",
    ],
    Kind.NOTIFICATION: [
        "Päivystyksen ilmoitus: toistuvia käyntejä päihtyneenä.",
        "Poliisin ilmoitus: asunnoton, yöpyy rappukäytävissä.",
        "Vuokranantajan ilmoitus: häätöuhka vuokrarästien vuoksi.",
    ],
    Kind.APPLICATION_SUPPLEMENTARY: [
        "Täydentävä toimeentulotuki: lääkekulut.",
        "Täydentävä toimeentulotuki: muuttokulut.",
    ],
    Kind.APPLICATION_PREVENTIVE: ["Ehkäisevä toimeentulotuki: sähkölaskurästi."],
    Kind.ACTIVATION_PLAN: ["Työllisyyspalvelut pyytää aktivointisuunnitelmaa."],
    Kind.EMPLOYMENT_ASSESSMENT: ["Monialaisen palvelutarpeen arvioinnin pyyntö."],
}
NOTIFIERS = [
    NotifierType.HEALTH_CARE,
    NotifierType.POLICE,
    NotifierType.HOUSING,
    NotifierType.KELA,
    NotifierType.EMPLOYMENT,
    NotifierType.PRIVATE,
]
ITEMS_PER_TEAM = {"small": 40, "medium": 250, "large": 2000}
QUARTER_DAYS = 91


def seed_directory(county: County) -> list[ServiceDirectoryEntry]:
    IntakeSettings.objects.get_or_create(county=county)
    return [
        ServiceDirectoryEntry.objects.get_or_create(
            county=county,
            name=name,
            defaults={"category": category, "phone": phone, "description": description},
        )[0]
        for name, category, phone, description in SERVICE_DIRECTORY
    ]


def _office_moment(day: dt.date, rng: random.Random) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)))
    return timezone.make_aware(local)


def _later(moment: dt.datetime, rng: random.Random, *, max_days: int) -> dt.datetime:
    day = calendar.add_working_days(timezone.localdate(moment), rng.randint(0, max_days))
    later = _office_moment(day, rng)
    return max(later, moment + dt.timedelta(minutes=30))


def generate_quarter(team: Team, size: str, rng: random.Random) -> None:
    directory = seed_directory(team.county)
    guidance = list(people_selectors.team_members(team, role=Role.GUIDANCE))
    if not guidance:
        return
    clients = list(
        Client.objects.filter(municipality__team_areas__team=team, hetu__isnull=False)
        .distinct()
        .order_by("last_name", "first_name", "hetu")
    )
    today = clock.today()
    kinds, weights = zip(*KINDS, strict=True)
    for n in range(ITEMS_PER_TEAM[size]):
        age = min(int(rng.expovariate(1 / 25)), QUARTER_DAYS - 1)
        day = today - dt.timedelta(days=age)
        while not calendar.is_working_day(day) and day > today - dt.timedelta(days=QUARTER_DAYS):
            day -= dt.timedelta(days=1)
        received = _office_moment(day, rng)
        if received > clock.now():
            received = clock.now() - dt.timedelta(minutes=rng.randint(5, 120))
        kind = rng.choices(kinds, weights)[0]
        worker = guidance[n % len(guidance)]
        _receive_and_work(team, worker, kind, received, clients, directory, rng, age)
    _flag_one_unreached_client(team, guidance[0], clients, rng)


def _client_ref(clients, rng) -> services.ClientRef:
    if clients and rng.random() < 0.4:
        client = rng.choice(clients)
        return services.ClientRef(hetu=client.hetu)
    template = ClientFactory.build()
    return services.ClientRef(
        hetu=template.hetu, first_name=template.first_name, last_name=template.last_name
    )


def _receive_and_work(team, worker, kind, received, clients, directory, rng, age) -> None:
    notifier = None
    if kind == Kind.NOTIFICATION:
        notifier = {
            "notifier_type": rng.choice(NOTIFIERS),
            "consent": rng.choice(["with", "without", "unknown"]),
        }
    channel = {
        Kind.NOTIFICATION: Channel.SECURE_EMAIL,
        Kind.APPLICATION_SUPPLEMENTARY: Channel.E_SERVICE,
        Kind.APPLICATION_PREVENTIVE: Channel.E_SERVICE,
    }.get(kind, rng.choice([Channel.PHONE, Channel.PHONE, Channel.WALK_IN, Channel.E_SERVICE]))
    with clock.travel(received):
        for _attempt in range(5):
            try:
                item, _created = services.item_receive(
                    county=team.county,
                    acting_user=worker,
                    kind=kind,
                    channel=channel,
                    received_at=received,
                    description=rng.choice(DESCRIPTIONS[kind]),
                    client=_client_ref(clients, rng),
                    urgent=rng.random() < 0.1,
                    team=team,
                    initiator="authority" if notifier else "client",
                    notifier=notifier,
                )
                break
            except DomainError:
                continue  # a generated hetu was taken: draw another client
        else:
            return
    if item.in_benefits:
        return  # the benefit handlers' queue: `synth.benefits` works it
    # How far this matter got: the older, the further (a fresh one may still wait).
    if age <= 2 and rng.random() < 0.6:
        return
    if 3 <= age <= 12 and rng.random() < 0.15:
        return  # left waiting: overdue in the queue
    moment = _later(received, rng, max_days=3 if age > 3 else 0)
    if moment > clock.now():
        moment = clock.now()
    with clock.travel(moment):
        item = services.item_claim(item=item, acting_user=worker)
        if age <= 1 and rng.random() < 0.5:
            return  # being worked on right now
        reached = rng.random() < 0.93
        services.contact_attempt_record(
            item=item, acting_user=worker, channel=Channel.PHONE, reached=reached
        )
        urgency = rng.choices(
            [Urgency.URGENT_NOW, Urgency.URGENT, Urgency.NOT_URGENT], [3, 15, 82]
        )[0]
        services.urgency_assess(item=item, acting_user=worker, urgency=urgency)
        if not reached:
            for _ in range(2):
                services.contact_attempt_record(
                    item=item, acting_user=worker, channel=Channel.LETTER, reached=False
                )
            services.item_close(item=item, acting_user=worker, outcome="not_reached")
            return
        services.motivation_assess(
            item=item,
            acting_user=worker,
            motivation=rng.choices(
                [Motivation.WANTS, Motivation.AMBIVALENT, Motivation.REFUSES], [80, 14, 6]
            )[0],
        )
        roll = rng.random()
        if roll < 0.05:
            services.item_close(item=item, acting_user=worker, outcome="refused")
        elif roll < 0.45:
            services.guidance_give(
                item=item,
                acting_user=worker,
                categories=rng.sample([c.value for c in GuidanceCategory], 2),
                text="Neuvottu hakemaan perustoimeentulotukea Kelasta ja annettu yhteystiedot.",
            )
            services.item_close(item=item, acting_user=worker, outcome="resolved")
        elif roll < 0.6:
            services.referral_make(item=item, acting_user=worker, service=rng.choice(directory))
            services.item_close(item=item, acting_user=worker, outcome="referred")
        else:
            services.item_forward(
                item=item, acting_user=worker, note="Tarvitsee palvelutarpeen arvioinnin."
            )


def _flag_one_unreached_client(team, worker, clients, rng) -> None:
    """The standing worry of seed 001: notifications keep coming, the client is not reached."""
    if not clients:
        return
    client = clients[rng.randrange(len(clients))]
    settings = IntakeSettings.objects.get(county=team.county)
    base = clock.now() - dt.timedelta(days=40)
    for n in range(settings.repeat_flag_threshold):
        received = base + dt.timedelta(days=10 * n)
        with clock.travel(received):
            item, _ = services.item_receive(
                county=team.county,
                acting_user=worker,
                kind=Kind.NOTIFICATION,
                channel=Channel.SECURE_EMAIL,
                received_at=received,
                team=team,
                description="Päivystyksen ilmoitus: huoli asiakkaan selviytymisestä.",
                client=services.ClientRef(hetu=client.hetu),
                initiator="authority",
                notifier={"notifier_type": NotifierType.HEALTH_CARE, "consent": "without"},
            )
        with clock.travel(received + dt.timedelta(hours=2)):
            services.item_claim(item=item, acting_user=worker)
            services.urgency_assess(item=item, acting_user=worker, urgency=Urgency.URGENT)
            for _ in range(settings.contact_attempts):
                services.contact_attempt_record(
                    item=item, acting_user=worker, channel=Channel.PHONE, reached=False
                )
            services.item_close(item=item, acting_user=worker, outcome="not_reached")
