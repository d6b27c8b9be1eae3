"""The organisation: county, local teams and their areas, workers, absences, duty rota."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class Role(models.TextChoices):
    GUIDANCE = "guidance", _("Service guidance worker (palveluohjaaja)")
    COUNSELLOR = "counsellor", _("Social counsellor (sosiaaliohjaaja)")
    SOCIAL_WORKER = "social_worker", _("Social worker (sosiaalityöntekijä)")
    BENEFIT_HANDLER = "benefit_handler", _("Benefit handler (etuuskäsittelijä)")
    MANAGER = "manager", _("Manager (esihenkilö)")
    PROCESS_OWNER = "process_owner", _("Process owner")
    QUALITY = "quality", _("Quality manager (laatupäällikkö)")
    DATA_PROTECTION = "data_protection", _("Data protection officer")
    ADMIN = "admin", _("Administrator (pääkäyttäjä)")
    # Staff of a work activity organiser: their own participants' attendance, nothing else.
    ORGANISER = "organiser", _("Work activity organiser (työtoiminnan järjestäjä)")


def role_in_sentence(role: str) -> str:
    """A role's name inside a sentence: lower-case, as Finnish and Swedish write it."""
    label = str(Role(role).label)
    return label[:1].lower() + label[1:]


# Roles whose work is the county as a whole rather than one local team.
COUNTY_WIDE_ROLES = frozenset({Role.PROCESS_OWNER, Role.QUALITY, Role.DATA_PROTECTION, Role.ADMIN})


class County(models.Model):
    """A wellbeing services county (hyvinvointialue): the tenant of all client data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    service_area = models.CharField(
        _("service area"), max_length=200, default="Työikäisten sosiaalipalvelut"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name_fi


class Team(models.Model):
    """A local team (paikallinen tiimi) serving some municipalities or postal areas."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="teams", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local team")
        verbose_name_plural = _("local teams")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="team_name_unique_in_county")
        ]

    def __str__(self) -> str:
        return self.name


class TeamArea(models.Model):
    """One area a team serves: a whole municipality (blank postal code) or one postal code."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="areas", verbose_name=_("team")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="team_areas",
        verbose_name=_("municipality"),
    )
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{5}$", _("A postal code has five digits."))],
        help_text=_("Leave empty when the team serves the whole municipality."),
    )

    class Meta:
        ordering = ["municipality__name_fi", "postal_code"]
        verbose_name = _("team area")
        verbose_name_plural = _("team areas")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "postal_code"], name="one_team_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.postal_code}".strip()


class WorkerManager(UserManager):
    pass


class Worker(AbstractUser):
    """A staff account. Roles decide what a worker does; teams decide where."""

    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("county"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.GUIDANCE)
    public_office = models.BooleanField(
        _("in public office (virkasuhde)"),
        default=False,
        help_text=_(
            "Decisions and assessments for clients with special support need "
            "belong to a social worker in public office."
        ),
    )
    capacity = models.DecimalField(
        _("capacity (FTE)"),
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    teams = models.ManyToManyField(
        Team, through="Membership", related_name="members", blank=True, verbose_name=_("teams")
    )

    objects = WorkerManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=0) & models.Q(capacity__lte=1),
                name="worker_capacity_between_0_and_1",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_county_wide(self) -> bool:
        return self.role in COUNTY_WIDE_ROLES


class Membership(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["worker", "team"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.worker} – {self.team}"


class AbsenceKind(models.TextChoices):
    VACATION = "vacation", _("Annual leave")
    SICK = "sick", _("Sick leave")
    TRAINING = "training", _("Training")
    FAMILY = "family", _("Family leave")
    OTHER = "other", _("Other absence")


class Absence(models.Model):
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="absences", verbose_name=_("worker")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=16, choices=AbsenceKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "ends_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.starts_on}–{self.ends_on}"


class DutyPair(models.Model):
    """The weekly duty pair (päivystysvuoro) of a team: one social worker, one counsellor."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="duty_pairs", verbose_name=_("team")
    )
    week_start = models.DateField(_("week (Monday)"))
    social_worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("social worker")
    )
    counsellor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("social counsellor")
    )
    planned_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned by")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["team__name", "week_start"]
        verbose_name = _("duty pair")
        verbose_name_plural = _("duty pairs")
        constraints = [
            models.UniqueConstraint(fields=["team", "week_start"], name="one_duty_pair_per_week"),
            models.CheckConstraint(
                condition=~models.Q(social_worker=models.F("counsellor")),
                name="duty_pair_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.week_start:%G-W%V}"

    @property
    def members(self) -> tuple[Worker, Worker]:
        return (self.social_worker, self.counsellor)


class Notification(models.Model):
    """An in-app message to a worker (a new case, a consultation request …)."""

    recipient = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="notifications")
    # Facts, not a sentence: people.notifications renders them in the reader's language.
    kind = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(_("message"), max_length=300, blank=True)  # one without a kind
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.kind or self.text


class ApiToken(AbstractAuthToken):
    """A worker's REST API token: only its hash is stored (django-rest-knox), it expires,
    and it has a name so that its owner can tell their tokens apart and revoke one."""

    name = models.CharField(_("name"), max_length=100)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"
