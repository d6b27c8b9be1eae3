"""Distribution by the duty pair, the support-need four-field, cases and assignments."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from porras.clients.models import Client
from porras.intake.models import IntakeItem
from porras.people.models import County, Role, Team, Worker


class Quadrant(models.TextChoices):
    A = "A", _("A – guidance and advice")
    B = "B", _("B – social counsellor")
    C = "C", _("C – counsellor, social worker consulted")
    D = "D", _("D – special support: social worker")


def quadrant_of(*, special_difficulty: bool, broad_need: bool) -> str:
    """DOMAIN.md § 7: rows = seeking and using services, columns = breadth of need."""
    if special_difficulty:
        return Quadrant.D if broad_need else Quadrant.C
    return Quadrant.B if broad_need else Quadrant.A


class QuadrantSetting(models.Model):
    """A county's name for a quadrant and the role that carries it (defaults in code)."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("responsible role"), max_length=32, choices=Role.choices)
    requires_public_office = models.BooleanField(_("requires public office"), default=False)
    consult_social_worker = models.BooleanField(_("social worker consulted"), default=False)

    class Meta:
        ordering = ["quadrant"]
        verbose_name = _("four-field quadrant")
        verbose_name_plural = _("four-field quadrants")
        constraints = [
            models.UniqueConstraint(fields=["county", "quadrant"], name="one_setting_per_quadrant")
        ]

    def __str__(self) -> str:
        return f"{self.quadrant}: {self.name}"


class FourFieldAxes(models.Model):
    """A county's words for the two axes of the four-field (defaults in code)."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    capacity_question = models.CharField(_("question of the first axis"), max_length=200)
    capacity_yes = models.CharField(_("answer: manages"), max_length=200)
    capacity_no = models.CharField(_("answer: special difficulty"), max_length=200)
    breadth_question = models.CharField(_("question of the second axis"), max_length=200)
    breadth_narrow = models.CharField(_("answer: narrow need"), max_length=200)
    breadth_broad = models.CharField(_("answer: several or long-term needs"), max_length=200)

    class Meta:
        verbose_name = _("four-field axes")
        verbose_name_plural = _("four-field axes")

    def __str__(self) -> str:
        return f"axes of {self.county_id}"


class CaseworkSettings(models.Model):
    """Workload weights and how far ahead absences keep a worker out of distribution."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    quadrant_weights = models.JSONField(_("weights by quadrant"), default=dict, blank=True)
    stage_weights = models.JSONField(_("weights by stage"), default=dict, blank=True)
    absence_horizon_days = models.PositiveSmallIntegerField(
        _("working days ahead an absence keeps a worker out"), default=3
    )
    # The law says "without undue delay" (SHL § 36): the county's target closes the gap.
    assessment_completion_months = models.PositiveSmallIntegerField(
        _("months to complete a service need assessment"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    plan_review_months = models.PositiveSmallIntegerField(
        _("months to the first review of a client plan"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    retention_years = models.PositiveSmallIntegerField(
        _("years client documents are kept after the last entry"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("casework settings")
        verbose_name_plural = _("casework settings")

    def __str__(self) -> str:
        return f"casework settings of {self.county_id}"


class SupportNeedAssessment(models.Model):
    """One four-field assessment; re-done when the need changes, history kept."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        IntakeItem, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    special_difficulty = models.BooleanField(_("special difficulty seeking or using services"))
    broad_need = models.BooleanField(_("several or long-term needs"))
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    reasons = models.TextField(_("reasons"))
    assessed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.quadrant} {self.assessed_at:%Y-%m-%d}"


class Stage(models.TextChoices):
    ASSESSMENT = "assessment", _("Service need assessment")
    PLANNING = "planning", _("Client plan")
    MEASURES = "measures", _("Measures")
    REVIEW = "review", pgettext_lazy("stage of a case", "Review")


# Seed 003, figure 5: assessment → plan → measures → review (→ measures or a new plan);
# a new assessment may start at any point when the client's situation changes.
STAGE_TRANSITIONS = {
    Stage.ASSESSMENT: {Stage.PLANNING},
    Stage.PLANNING: {Stage.MEASURES, Stage.ASSESSMENT},
    Stage.MEASURES: {Stage.REVIEW, Stage.PLANNING, Stage.ASSESSMENT},
    Stage.REVIEW: {Stage.MEASURES, Stage.PLANNING, Stage.ASSESSMENT},
}


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("The goals were reached")
    MOVED_AWAY = "moved_away", _("The client moved away")
    CLIENT_REFUSED = "client_refused", _("The client refused the service")
    NOT_REACHED = "not_reached", _("The client could not be reached")
    TRANSFERRED = "transferred", _("Transferred to another service")
    DIED = "died", _("The client died")
    OTHER = "other", _("Other reason")


class Case(models.Model):
    """A client relationship (asiakkuus) carried by a responsible worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("client")
    )
    responsible = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        related_name="responsible_cases",
        verbose_name=_("responsible worker"),
    )
    co_worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_worker_cases",
        verbose_name=_("co-worker"),
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.ASSESSMENT
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    origin_items = models.ManyToManyField(IntakeItem, related_name="cases", blank=True)
    # A matter of a client whose earlier case was closed starts a new case linked to it.
    previous_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_cases",
        verbose_name=_("previous case"),
    )
    # SHL § 36: the statutory groups' assessment starts within 7 working days.
    assessment_start_due = models.DateField(
        _("service need assessment to start by"), null=True, blank=True
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=16, choices=ClosureReason.choices, blank=True
    )
    closing_summary = models.TextField(_("closing summary"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["responsible", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(co_worker=models.F("responsible")),
                name="co_worker_is_another_person",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="case_stage_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status=CaseStatus.OPEN, closed_at__isnull=True)
                | (
                    models.Q(status=CaseStatus.CLOSED, closed_at__isnull=False)
                    & ~models.Q(closure_reason="")
                ),
                name="closed_case_has_time_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.pk}"


class Assignment(models.Model):
    """Who carried the case when, and why: opening, overrides and reassignments."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recommended = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The recommendation's reason as facts; its sentence is made in the reader's language.
    recommendation_facts = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    class Meta:
        ordering = ["assigned_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.worker_id}"


class Consultation(models.Model):
    """A question on a case to a social worker or colleague, and the answer."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    asked_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("consultant")
    )
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"consultation on {self.case_id}"
