"""Rehabilitative work activity (kuntouttava työtoiminta, laki 189/2001): the organisers
and their places, the activation plan, the work activity plan with its agreement and
weekly schedule, attendance, evaluations, the end of a period and the monthly allowance.

A work activity plan is a measure of the client's plan: it belongs to the client's case.
The law's limits live in `activation/rules.py`; the services check them before a write.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from porras.benefits.models import Payment
from porras.casework.models import Case
from porras.clients.models import Client
from porras.decisions.models import Decision
from porras.people.models import County, Worker

MONEY = {"max_digits": 10, "decimal_places": 2}
HOURS = {"max_digits": 3, "decimal_places": 1}


class ActivationSettings(models.Model):
    """The county's own figures: the allowance is set in law (§ 14), the review interval
    of activation plans is the county's practice."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    allowance_per_day = models.DecimalField(
        _("activity allowance per day (€)"),
        **MONEY,
        default=9,
        validators=[MinValueValidator(0)],
        help_text=_("Toimintaraha: set in law, 9 € a day of participation since 2001."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("activation plans reviewed every (months)"),
        default=6,
        validators=[MinValueValidator(1)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before a due date"), default=7
    )

    class Meta:
        verbose_name = _("work activity settings")
        verbose_name_plural = _("work activity settings")

    def __str__(self) -> str:
        return str(self.county)


# --- Organisers and places ---


class OrganiserKind(models.TextChoices):
    COUNTY_UNIT = "county_unit", _("The county's own unit")
    NGO = "ngo", _("Association or foundation")
    COMPANY = "company", _("Company")
    PUBLIC = "public", _("Other public body")


class Organiser(models.Model):
    """Who arranges work activity under an agreement with the county (§ 7)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganiserKind.choices)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    staff = models.ManyToManyField(
        Worker,
        through="OrganiserStaff",
        related_name="+",
        blank=True,
        verbose_name=_("staff with a login"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work activity organiser")
        verbose_name_plural = _("work activity organisers")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="organiser_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganiserStaff(models.Model):
    """A login of the organiser's staff (role `organiser`): it sees only the organiser's
    own participants, and only their schedule and attendance."""

    organiser = models.ForeignKey(Organiser, on_delete=models.CASCADE, related_name="logins")
    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="organiser_staff")

    class Meta:
        verbose_name = _("organiser's login")
        verbose_name_plural = _("organiser's logins")

    def __str__(self) -> str:
        return f"{self.worker} – {self.organiser}"


class Place(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organiser = models.ForeignKey(
        Organiser, on_delete=models.PROTECT, related_name="places", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("tasks on offer"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact person's e-mail"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organiser__name", "name"]
        verbose_name = _("work activity place")
        verbose_name_plural = _("work activity places")
        constraints = [
            models.UniqueConstraint(fields=["organiser", "name"], name="place_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organiser.name})"


# --- The activation plan ---


class ActivationPlanKind(models.TextChoices):
    ACTIVATION = "activation", _("Activation plan (aktivointisuunnitelma)")
    MULTI_AGENCY = "multi_agency", _("Multi-agency employment plan (monialainen suunnitelma)")


class ReviewReason(models.TextChoices):
    INTERVAL = "interval", _("The county's review interval")
    MONTHS_24 = "months_24", _("24 months of work activity reached")
    DURATION_CHANGED = "duration_changed", _("The duration of the activity changed substantially")


class ActivationPlan(models.Model):
    """Made by the employment authority and the county together with the client (§ 2,
    the 2025 employment services reform), or a reference to the multi-agency plan."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="activation_plans")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivationPlanKind.choices)
    reference = models.CharField(
        _("reference of the employment authority"), max_length=60, blank=True
    )
    employment_authority = models.CharField(_("employment authority"), max_length=200)
    authority_person = models.CharField(_("who agreed for the authority"), max_length=120)
    agreed_on = models.DateField(_("agreed with the client on"))
    content = models.TextField(_("what was agreed"), blank=True)
    review_due = models.DateField(_("to be reviewed by"))
    review_reason = models.CharField(
        _("why then"), max_length=20, choices=ReviewReason.choices, default=ReviewReason.INTERVAL
    )
    made_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-agreed_on", "-created_at"]
        verbose_name = _("activation plan")
        verbose_name_plural = _("activation plans")
        indexes = [models.Index(fields=["county", "review_due"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agreed_on:%d.%m.%Y}"


class ActivationReview(models.Model):
    plan = models.ForeignKey(ActivationPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    reason = models.CharField(_("why"), max_length=20, choices=ReviewReason.choices)
    summary = models.TextField(_("what was agreed"))
    next_due = models.DateField(_("next review by"))
    reviewed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("review of an activation plan")
        verbose_name_plural = _("reviews of activation plans")

    def __str__(self) -> str:
        return f"{self.reviewed_on:%d.%m.%Y}"


# --- The work activity plan and agreement (§ 9) ---


class WorkPlanStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")
    INTERRUPTED = "interrupted", _("Interrupted")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("The period was completed")
    EMPLOYED = "employed", _("Employment")
    EDUCATION = "education", _("Studies or training")
    OTHER_SERVICE = "other_service", _("Moved to another service")
    HEALTH = "health", _("Health reasons")
    CLIENT_CHOICE = "client_choice", _("The participant ended it")
    ABSENCES = "absences", _("Repeated absences")
    ORGANISER = "organiser", _("The organiser could no longer arrange it")
    OTHER = "other", _("Other reason")


class WorkActivityPlan(models.Model):
    """One period of work activity: the plan of § 9 and the agreement with the organiser."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="work_activity_plans")
    activation_plan = models.ForeignKey(
        ActivationPlan,
        on_delete=models.PROTECT,
        related_name="work_plans",
        verbose_name=_("activation plan"),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_period",
        verbose_name=_("continues the period"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="plans", verbose_name=_("place")
    )
    counsellor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    goal = models.TextField(_("goal"))
    description = models.TextField(_("tasks and description"), blank=True)
    support = models.TextField(_("support and guidance during the activity"), blank=True)
    other_services = models.TextField(_("other services"), blank=True)
    starts_on = models.DateField(_("starts on"))
    months = models.PositiveSmallIntegerField(_("length (months)"))
    ends_on = models.DateField(_("ends on"))
    days_per_week = models.PositiveSmallIntegerField(_("days a week"))
    hours_per_day = models.DecimalField(_("hours a day"), **HOURS)
    mid_evaluation_on = models.DateField(_("mid-evaluation on"))
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    organiser_signatory = models.CharField(
        _("signed for the organiser by"), max_length=120, blank=True
    )
    # The allowance: the county pays toimintaraha to an income support recipient; Kela pays
    # ylläpitokorvaus to one on unemployment benefit (not paid here).
    activity_allowance = models.BooleanField(
        _("the county pays the activity allowance (income support recipient)"), default=True
    )
    fare_per_day = models.DecimalField(
        _("cheapest return fare a day (€)"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    monthly_ticket = models.DecimalField(
        _("cheapest monthly ticket (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    iban = models.CharField(_("account for the allowance (IBAN)"), max_length=34, blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision on work activity"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WorkPlanStatus.choices, default=WorkPlanStatus.IN_FORCE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=16, choices=EndReason.choices, blank=True
    )
    continuation = models.TextField(_("continuation plan"), blank=True)
    made_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        verbose_name = _("work activity plan")
        verbose_name_plural = _("work activity plans")
        indexes = [
            models.Index(fields=["place", "status", "starts_on"]),
            models.Index(fields=["counsellor", "status"]),
            models.Index(fields=["county", "mid_evaluation_on"]),
        ]
        constraints = [
            # § 13: a period of 3–24 months, 1–4 days a calendar week, 4–8 hours a day.
            models.CheckConstraint(
                condition=Q(months__gte=3, months__lte=24), name="work_plan_3_to_24_months"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=4),
                name="work_plan_1_to_4_days",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gte=4, hours_per_day__lte=8),
                name="work_plan_4_to_8_hours",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="work_plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status=WorkPlanStatus.IN_FORCE)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_work_plan_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place.name} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def last_day(self):
        """The last day of activity: the planned end, or the day it ended early."""
        return self.ended_on or self.ends_on


class ScheduleChange(models.Model):
    """The weekly schedule may vary within a period (e.g. fewer days at the start): from
    this day on, these days and hours."""

    plan = models.ForeignKey(WorkActivityPlan, on_delete=models.CASCADE, related_name="changes")
    starts_on = models.DateField(_("from"))
    days_per_week = models.PositiveSmallIntegerField(_("days a week"))
    hours_per_day = models.DecimalField(_("hours a day"), **HOURS)

    class Meta:
        ordering = ["plan", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "starts_on"], name="schedule_change_once"),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=4),
                name="schedule_1_to_4_days",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gte=4, hours_per_day__lte=8),
                name="schedule_4_to_8_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}: {self.days_per_week} × {self.hours_per_day}"


# --- Attendance ---


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    AGREED = "agreed", _("Agreed absence")
    JOB_SEEKING = "job_seeking", _("Job interview or other employment matter")
    UNANNOUNCED = "unannounced", _("Did not come and did not tell")
    OTHER = "other", _("Other reason")


class Attendance(models.Model):
    """One day of a period: present (hours) or absent (reason)."""

    plan = models.ForeignKey(WorkActivityPlan, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))
    hours = models.DecimalField(_("hours"), **HOURS, null=True, blank=True)
    absence_reason = models.CharField(
        _("reason for the absence"), max_length=16, choices=AbsenceReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    # The counsellor tells the employment authority of an absence when needed.
    authority_informed_on = models.DateField(
        _("employment authority informed on"), null=True, blank=True
    )
    authority_informed_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["plan", "day"], name="attendance_once_a_day"),
            models.CheckConstraint(
                condition=(
                    Q(present=True) & Q(hours__gt=0) & Q(hours__lte=8) & Q(absence_reason="")
                )
                | (Q(present=False) & Q(hours__isnull=True) & ~Q(absence_reason="")),
                name="attendance_hours_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["plan", "present", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {'+' if self.present else '-'}"


# --- Evaluations ---


class EvaluationKind(models.TextChoices):
    MID = "mid", _("Mid-evaluation")
    FINAL = "final", _("Final evaluation")


class Continuation(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    CHANGE = "change", _("Change the plan")
    END = "end", _("End the period")


class Evaluation(models.Model):
    plan = models.ForeignKey(WorkActivityPlan, on_delete=models.PROTECT, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=8, choices=EvaluationKind.choices)
    held_on = models.DateField(_("held on"))
    participant_view = models.TextField(_("the participant's own evaluation"), blank=True)
    organiser_view = models.TextField(_("the organiser's feedback"), blank=True)
    summary = models.TextField(_("evaluation"))
    outcome = models.CharField(
        _("what next"), max_length=8, choices=Continuation.choices, blank=True
    )
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "held_on"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(kind="final"), name="one_final_evaluation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"


# --- The monthly allowance ---


class AllowanceMonth(models.Model):
    """What one participant was paid for one month: the days of participation, the activity
    allowance and the travel costs at the cheapest fare, paid in the county's batches."""

    plan = models.ForeignKey(WorkActivityPlan, on_delete=models.PROTECT, related_name="allowances")
    month = models.DateField(_("month"))  # its first day
    days = models.PositiveSmallIntegerField(_("days of participation"))
    allowance = models.DecimalField(_("activity allowance (€)"), **MONEY)
    travel = models.DecimalField(_("travel costs (€)"), **MONEY)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "plan"]
        verbose_name = _("allowance of a month")
        verbose_name_plural = _("allowances of months")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="allowance_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.allowance + self.travel} €"
