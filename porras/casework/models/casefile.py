"""The responsible worker's work on a case: appointments, the service need assessment
(PTA), the client plan with its goals and measures, service packages, reviews and the
case narrative.

Each record is a client document (asiakasasiakirja, 703/2023 §§ 37–38): it carries its
Sosmeta document type, the service task, its author and the author's role, when it was
written and its revision.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.casework.models.distribution import Case
from porras.people.models import County, Worker


class DocumentType(models.TextChoices):
    """THL's document structures (Sosmeta) for working-age social services."""

    CASE_START = "case_start", _("Start of a client relationship")
    SERVICE_NEED_ASSESSMENT = (
        "service_need_assessment",
        _("Service need assessment of working-age social services"),
    )
    CLIENT_PLAN = "client_plan", _("Client plan of working-age social services")
    NARRATIVE = "narrative", _("Case narrative")
    CASE_END = "case_end", _("End of a client relationship")


class ServiceTask(models.TextChoices):
    """The service task (palvelutehtävä) a document belongs to."""

    WORKING_AGE = "working_age", _("Working-age social services")


class ClientDocument(models.Model):
    """What every client document records besides its content."""

    DOCUMENT_TYPE = ""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    document_type = models.CharField(
        _("document type"), max_length=32, choices=DocumentType.choices, editable=False
    )
    service_task = models.CharField(
        _("service task"),
        max_length=16,
        choices=ServiceTask.choices,
        default=ServiceTask.WORKING_AGE,
        editable=False,
    )
    author = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    author_role = models.CharField(_("author's role"), max_length=32)
    created_at = models.DateTimeField(_("written"))
    updated_at = models.DateTimeField(_("last changed"))
    # Edits by two people are detected by this number, never silently overwritten.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.document_type:
            self.document_type = self.DOCUMENT_TYPE
        super().save(*args, **kwargs)


# --- Appointments (tapaamiset) ---


class AppointmentPurpose(models.TextChoices):
    ASSESSMENT = "assessment", _("Service need assessment (first meeting)")
    PLAN = "plan", _("Client plan")
    REVIEW = "review", _("Review of the client plan")
    WORK = "work", _("Client work")
    NETWORK = "network", _("Network meeting")


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", _("At the office")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    KEPT = "kept", _("Kept")
    NO_SHOW = "no_show", _("The client did not come")
    CANCELLED_BY_CLIENT = "cancelled_by_client", _("Cancelled by the client")
    CANCELLED_BY_US = "cancelled_by_us", _("Cancelled by us")


APPOINTMENT_TRANSITIONS = {
    AppointmentStatus.BOOKED: {
        AppointmentStatus.KEPT,
        AppointmentStatus.NO_SHOW,
        AppointmentStatus.CANCELLED_BY_CLIENT,
        AppointmentStatus.CANCELLED_BY_US,
    },
}


class Appointment(ClientDocument):
    DOCUMENT_TYPE = DocumentType.NARRATIVE

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appointments")
    purpose = models.CharField(_("purpose"), max_length=16, choices=AppointmentPurpose.choices)
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    mode = models.CharField(_("how"), max_length=16, choices=AppointmentMode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    client_takes_part = models.BooleanField(_("the client takes part"), default=True)
    workers = models.ManyToManyField(
        Worker, related_name="appointments", verbose_name=_("workers taking part")
    )
    partners = models.CharField(_("partners taking part"), max_length=300, blank=True)
    status = models.CharField(
        _("outcome"),
        max_length=24,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    outcome_note = models.TextField(_("notes"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["case", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AppointmentStatus.values),
                name="appointment_status_is_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status=AppointmentStatus.BOOKED, outcome_at__isnull=True)
                | (~models.Q(status=AppointmentStatus.BOOKED) & models.Q(outcome_at__isnull=False)),
                name="appointment_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.starts_at:%Y-%m-%d %H:%M}"


# --- Service need assessment (palvelutarpeen arviointi, SHL §§ 36–37) ---


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


# The initial survey of seed 003 (alkukartoitus), in the order the form asks.
SURVEY_DOMAINS = (
    "housing",
    "relationships",
    "education_work",
    "finances",
    "health",
    "substance_use",
    "authority_network",
)


class ServiceNeedAssessment(ClientDocument):
    DOCUMENT_TYPE = DocumentType.SERVICE_NEED_ASSESSMENT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="service_need_assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.IN_PROGRESS,
    )
    started_on = models.DateField(_("started"))
    completion_due = models.DateField(_("to be completed by"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    housing = models.TextField(_("housing"), blank=True)
    relationships = models.TextField(_("relationships and close network"), blank=True)
    education_work = models.TextField(_("education and work history"), blank=True)
    finances = models.TextField(_("finances and debts"), blank=True)
    health = models.TextField(_("health and functional capacity"), blank=True)
    substance_use = models.TextField(_("substance use"), blank=True)
    authority_network = models.TextField(_("authority network"), blank=True)
    situation_summary = models.TextField(_("summary of the client's situation"), blank=True)
    client_view = models.TextField(_("the client's own view"), blank=True)
    needs_client_relationship = models.BooleanField(
        _("the client needs social services (the case continues)"), null=True, blank=True
    )
    special_support_need = models.BooleanField(
        _("the client has a special support need"), null=True, blank=True
    )
    special_support_grounds = models.TextField(
        _("grounds for the special support need"), blank=True
    )
    needs_responsible_worker = models.BooleanField(
        _("the client needs a responsible worker (omatyöntekijä)"), null=True, blank=True
    )
    proposed_services = models.TextField(_("proposed services"), blank=True)
    proposed_packages = models.ManyToManyField(
        "ServicePackage", blank=True, related_name="+", verbose_name=_("proposed service packages")
    )

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = _("service need assessment")
        verbose_name_plural = _("service need assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=AssessmentStatus.IN_PROGRESS),
                name="one_assessment_in_progress_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(status=AssessmentStatus.IN_PROGRESS, completed_on__isnull=True)
                | models.Q(
                    status=AssessmentStatus.COMPLETED,
                    completed_on__isnull=False,
                    completed_by__isnull=False,
                    needs_client_relationship__isnull=False,
                    special_support_need__isnull=False,
                    needs_responsible_worker__isnull=False,
                ),
                name="completed_assessment_has_conclusions",
            ),
        ]

    def __str__(self) -> str:
        return f"PTA {self.started_on}"


# --- Service packages (palvelupaketit, seed 002) ---


# Seed 002 (Varkaus 2018): the four packages every county starts with.
SHIPPED_PACKAGES = {
    "guidance": (
        _("Guidance support package"),
        _("Advice and guidance, a one-off look at the finances, information on services."),
    ),
    "intensive": (
        _("Intensive support package"),
        _("Close work with the client, outreach work, network work."),
    ),
    "rehabilitative": (
        _("Rehabilitative support package"),
        _(
            "Social rehabilitation and day activity, activation plans, rehabilitative work "
            "activity."
        ),
    ),
    "employment": (
        _("Employment support package"),
        _("Guidance to employment services; social work coordinates."),
    ),
}


class ServicePackage(models.Model):
    """A county's service package; the four of seed 002 are made for every county."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=32)
    # Blank for the shipped packages: their names come in the reader's language.
    name = models.CharField(_("name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service package")
        verbose_name_plural = _("service packages")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="one_package_per_code"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """The county's own name, or the shipped package's name in the reader's language."""
        if self.name or self.code not in SHIPPED_PACKAGES:
            return self.name or self.code
        return SHIPPED_PACKAGES[self.code][0]

    @property
    def explanation(self):
        if self.description or self.code not in SHIPPED_PACKAGES:
            return self.description
        return SHIPPED_PACKAGES[self.code][1]


class CasePackage(ClientDocument):
    """A service package a case is in, from start to end."""

    DOCUMENT_TYPE = DocumentType.CLIENT_PLAN

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="packages")
    package = models.ForeignKey(
        ServicePackage, on_delete=models.PROTECT, related_name="+", verbose_name=_("package")
    )
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("service package of a case")
        verbose_name_plural = _("service packages of cases")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "package"],
                condition=models.Q(ended_on__isnull=True),
                name="package_running_once_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="package_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package} {self.started_on}"


# --- Client plan (asiakassuunnitelma, SHL § 39) ---


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded by a newer version")
    REFUSED = "refused", _("The client refused a plan")


class ClientPlan(ClientDocument):
    """One version of a case's client plan; a new version is made from the one in force."""

    DOCUMENT_TYPE = DocumentType.CLIENT_PLAN

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    life_situation = models.TextField(_("life situation"), blank=True)
    strengths = models.TextField(_("strengths and resources"), blank=True)
    client_view = models.TextField(_("the client's own view and proposals"), blank=True)
    meeting_frequency = models.CharField(_("how often we meet"), max_length=200, blank=True)
    estimated_duration = models.CharField(_("estimated duration"), max_length=200, blank=True)
    follow_up = models.TextField(_("how progress is followed and evaluated"), blank=True)
    invited = models.CharField(_("who is invited to the review"), max_length=300, blank=True)
    review_due = models.DateField(_("review date"), null=True, blank=True)
    client_agrees = models.BooleanField(_("the client agrees with the plan"), null=True, blank=True)
    made_on = models.DateField(_("made"), null=True, blank=True)
    made_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(_("why the client refused a plan"), blank=True)

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = _("client plan")
        verbose_name_plural = _("client plans")
        indexes = [models.Index(fields=["status", "review_due"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_once"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["draft"]),
                name="one_plan_draft_per_case",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["in_force"]),
                name="one_plan_in_force_per_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.IN_FORCE)
                | models.Q(made_on__isnull=False, review_due__isnull=False),
                name="plan_in_force_has_dates",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.REFUSED) | ~models.Q(refusal_reason=""),
                name="refused_plan_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.number} of {self.case_id}"


class Performer(models.TextChoices):
    CLIENT = "client", _("The client")
    WORKER = "worker", _("The worker")
    PARTNER = "partner", _("A partner")


class PlanGoal(models.Model):
    plan = models.ForeignKey(ClientPlan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("goal"))

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanMeasure(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("measure"))
    performer = models.CharField(_("who does it"), max_length=16, choices=Performer.choices)
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    package = models.ForeignKey(
        ServicePackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service package"),
    )

    class Meta:
        ordering = ["goal", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class GoalOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")
    DROPPED = "dropped", _("No longer a goal")


class PlanReview(ClientDocument):
    """The review of a plan in force: what was reached and when to review next."""

    DOCUMENT_TYPE = DocumentType.CLIENT_PLAN

    plan = models.ForeignKey(ClientPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed"))
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    summary = models.TextField(_("summary of the review"))
    plan_continues = models.BooleanField(_("the plan continues as it is"), default=True)
    next_review_due = models.DateField(_("next review date"))

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self) -> str:
        return f"review {self.reviewed_on}"


class GoalReview(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(PlanGoal, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("reached?"), max_length=16, choices=GoalOutcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["goal__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_reviewed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.outcome}"


# --- Case narrative (asiakaskertomus) ---


class NarrativeEntry(ClientDocument):
    """A dated entry; changed only by its author within 24 hours, then corrected by a
    new entry that names the one it corrects."""

    DOCUMENT_TYPE = DocumentType.NARRATIVE

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="narrative")
    entry_date = models.DateField(_("date of the events"))
    text = models.TextField(_("entry"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects the entry"),
    )

    class Meta:
        ordering = ["-entry_date", "-created_at"]
        verbose_name = _("narrative entry")
        verbose_name_plural = _("narrative entries")

    def __str__(self) -> str:
        return f"{self.entry_date} {self.author_id}"
