"""Intake (vireilletulo) and service guidance (palveluohjaus)."""

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.clients.models import Client
from porras.people.models import County, Team, Worker


class Kind(models.TextChoices):
    CONTACT = "contact", _("Client's own contact")
    NOTIFICATION = "notification", _("Notification under the Social Welfare Act (section 35)")
    APPLICATION_SUPPLEMENTARY = (
        "application_supplementary",
        _("Application for supplementary income support"),
    )
    APPLICATION_PREVENTIVE = (
        "application_preventive",
        _("Application for preventive income support"),
    )
    ACTIVATION_PLAN = "activation_plan", _("Need for an activation plan")
    EMPLOYMENT_ASSESSMENT = (
        "employment_assessment",
        _("Request for a multi-agency employment assessment"),
    )


APPLICATION_KINDS = frozenset({Kind.APPLICATION_SUPPLEMENTARY, Kind.APPLICATION_PREVENTIVE})


class Track(models.TextChoices):
    """Which queue a matter waits in: the local team's service guidance, or the county's
    one regional queue of income support applications (seed 004) for benefit handlers."""

    GUIDANCE = "guidance", _("Service guidance of the local team")
    BENEFITS = "benefits", _("Benefit handlers' queue of the county")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    E_SERVICE = "e_service", _("E-service")
    LETTER = "letter", _("Letter")
    SECURE_EMAIL = "secure_email", _("Secure e-mail")
    INTEGRATION = "integration", _("Another system (interface)")


class Initiator(models.TextChoices):
    CLIENT = "client", _("The client")
    RELATIVE = "relative", _("A relative or close person")
    AUTHORITY = "authority", _("An authority or professional")
    OTHER = "other", _("Someone else")


class NotifierType(models.TextChoices):
    HEALTH_CARE = "health_care", _("Health care")
    POLICE = "police", _("Police")
    EMPLOYMENT = "employment", _("Employment services")
    KELA = "kela", _("Kela")
    EDUCATION = "education", _("School or educational institution")
    RESCUE = "rescue", _("Rescue services")
    ENFORCEMENT = "enforcement", _("Enforcement (ulosotto)")
    HOUSING = "housing", _("Housing")
    PRIVATE = "private", _("Private person")
    OTHER = "other", _("Other")


class Consent(models.TextChoices):
    WITH = "with", _("With the client's consent")
    WITHOUT = "without", _("Without consent")
    UNKNOWN = "unknown", _("Not known")


class Urgency(models.TextChoices):
    URGENT_NOW = "urgent_now", _("Needs urgent help now")
    URGENT = "urgent", _("Urgent")
    NOT_URGENT = "not_urgent", _("Not urgent")


URGENCY_ORDER = {Urgency.URGENT_NOW: 0, Urgency.URGENT: 1, Urgency.NOT_URGENT: 2}


class Motivation(models.TextChoices):
    WANTS = "wants", _("Wants to receive the service")
    AMBIVALENT = "ambivalent", _("Unsure")
    REFUSES = "refuses", _("Does not want the service")
    UNKNOWN = "unknown", _("Could not be assessed")


class Status(models.TextChoices):
    QUEUED = "queued", _("In the queue")
    IN_GUIDANCE = "in_guidance", _("In service guidance")
    WAITING_COMPLETION = "waiting_completion", _("Waiting for completion")
    FORWARDED = "forwarded", _("Forwarded to distribution")
    ASSIGNED = "assigned", _("Distributed to a responsible worker")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved with guidance")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_REACHED = "not_reached", _("Not reached")
    REFUSED = "refused", _("Client refused the service")
    FORWARDED = "forwarded", _("Forwarded to distribution")
    DECIDED = "decided", _("Decided")


# Which status may follow which: anything else is refused with a message.
TRANSITIONS = {
    Status.QUEUED: {Status.IN_GUIDANCE},
    Status.IN_GUIDANCE: {Status.QUEUED, Status.WAITING_COMPLETION, Status.FORWARDED, Status.CLOSED},
    Status.WAITING_COMPLETION: {Status.IN_GUIDANCE},
    Status.FORWARDED: {Status.ASSIGNED},
    Status.ASSIGNED: set(),
    Status.CLOSED: set(),
}
OPEN_STATUSES = frozenset({Status.QUEUED, Status.IN_GUIDANCE, Status.WAITING_COMPLETION})


class IntakeItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="intake_items", verbose_name=_("team")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="intake_items", verbose_name=_("client")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    track = models.CharField(
        _("queue"), max_length=12, choices=Track.choices, default=Track.GUIDANCE
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    pending_date = models.DateField(_("became pending"))
    initiator = models.CharField(
        _("initiated by"), max_length=16, choices=Initiator.choices, default=Initiator.CLIENT
    )
    description = models.TextField(_("description"))
    urgent = models.BooleanField(_("marked urgent on arrival"), default=False)
    statutory_group = models.BooleanField(
        _("over 75, highest care allowance or disabled person"), default=False
    )
    kela_forwarded = models.BooleanField(_("forwarded by Kela"), default=False)
    personal_discussion_requested = models.BooleanField(
        _("client asked for a personal discussion"), default=False
    )
    notifier_type = models.CharField(
        _("notifier's organisation"), max_length=16, choices=NotifierType.choices, blank=True
    )
    notifier_name = models.CharField(_("notifier"), max_length=200, blank=True)
    notifier_contact = models.CharField(_("notifier's contact data"), max_length=200, blank=True)
    consent = models.CharField(_("consent"), max_length=8, choices=Consent.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    claimed_by = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_items",
        verbose_name=_("handled by"),
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    urgency = models.CharField(
        _("assessed urgency"), max_length=16, choices=Urgency.choices, blank=True
    )
    motivation = models.CharField(
        _("motivation"), max_length=16, choices=Motivation.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_rule = models.CharField(_("deadline rule"), max_length=40, blank=True)
    completion_requested_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # A personal discussion the client asked for (income support § 14 d) has its own
    # deadline beside the decision's: both are kept.
    discussion_requested_on = models.DateField(null=True, blank=True)
    discussion_due = models.DateField(
        _("personal discussion at the latest on"), null=True, blank=True
    )
    discussion_held_on = models.DateField(_("personal discussion held on"), null=True, blank=True)
    related_items = models.ManyToManyField("self", blank=True, symmetrical=True)
    # Scoped to the sender: a key is one sender's retry of one request.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("intake item")
        verbose_name_plural = _("intake items")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                name="one_item_per_sender_idempotency_key",
                condition=models.Q(idempotency_key__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=list(Status.values)), name="intake_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CLOSED) | ~models.Q(outcome=""),
                name="closed_item_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["county", "track", "status"]),
            models.Index(fields=["client", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pending_date:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_application(self) -> bool:
        return self.kind in APPLICATION_KINDS

    @property
    def in_benefits(self) -> bool:
        return self.track == Track.BENEFITS


class Attachment(models.Model):
    item = models.ForeignKey(IntakeItem, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="intake/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name


class ContactAttempt(models.Model):
    item = models.ForeignKey(IntakeItem, on_delete=models.PROTECT, related_name="attempts")
    at = models.DateTimeField()
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    reached = models.BooleanField(_("reached"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'reached' if self.reached else 'not reached'}"


class GuidanceCategory(models.TextChoices):
    INCOME = "income", _("Income and benefits (e.g. basic income support from Kela)")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Work and employment services")
    HEALTH = "health", _("Health and substance use services")
    DEBT = "debt", _("Debts and financial counselling")
    SOCIAL = "social", _("Social relationships and everyday life")
    WAITING = "waiting", _("What to do while waiting")
    OTHER = "other", _("Other")


class Guidance(models.Model):
    item = models.ForeignKey(IntakeItem, on_delete=models.PROTECT, related_name="guidance")
    categories = models.JSONField(default=list)
    text = models.TextField(_("guidance given"))
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"guidance {self.at:%Y-%m-%d}"


class ServiceCategory(models.TextChoices):
    KELA = "kela", _("Kela")
    EMPLOYMENT = "employment", _("Employment services")
    HEALTH = "health", _("Health care")
    SUBSTANCE = "substance", _("Substance use and mental health services")
    HOUSING = "housing", _("Housing services")
    DEBT = "debt", _("Debt and financial counselling")
    NGO = "ngo", _("Organisation (NGO)")
    OTHER = "other", _("Other service")


class ServiceDirectoryEntry(models.Model):
    """A service that guidance refers clients to; kept by the county's administrators."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=ServiceCategory.choices)
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("service directory entry")
        verbose_name_plural = _("service directory")

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    item = models.ForeignKey(IntakeItem, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(
        ServiceDirectoryEntry, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"referral to {self.service_id}"


class ServiceTarget(models.Model):
    """The county's own target, in working days, for matters without a legal deadline."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        ordering = ["kind", "urgent"]
        verbose_name = _("service target")
        verbose_name_plural = _("service targets")
        constraints = [
            models.UniqueConstraint(fields=["county", "kind", "urgent"], name="one_target_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {'urgent' if self.urgent else ''}: {self.working_days}"


class IntakeSettings(models.Model):
    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    contact_attempts = models.PositiveSmallIntegerField(
        _("contact attempts before 'not reached'"), default=3
    )
    repeat_window_days = models.PositiveSmallIntegerField(
        _("days within which matters count as repeats"), default=90
    )
    repeat_flag_threshold = models.PositiveSmallIntegerField(
        _("matters in the window that flag an unreached client"), default=3
    )
    guidance_grace_minutes = models.PositiveSmallIntegerField(
        _("minutes the guidance team still sees a client after the matter leaves guidance"),
        default=0,
        validators=[MaxValueValidator(8 * 60)],
        help_text=_("At most one working day (480 minutes); 0 ends the access at once."),
    )

    class Meta:
        verbose_name = _("intake settings")
        verbose_name_plural = _("intake settings")

    def __str__(self) -> str:
        return f"intake settings of {self.county_id}"


class ClientFlag(models.Model):
    """A client about whom matters keep coming but who cannot be reached or refuses."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    # The facts; the queue says them in the reader's language.
    matters = models.PositiveSmallIntegerField()
    window_days = models.PositiveSmallIntegerField(default=90)
    created_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"flag {self.client_id}"


DEFAULT_TARGETS = {
    # kind: (not urgent, urgent) working days to the first contact
    Kind.CONTACT: (5, 1),
    Kind.NOTIFICATION: (3, 0),
    Kind.ACTIVATION_PLAN: (10, 5),
    Kind.EMPLOYMENT_ASSESSMENT: (10, 5),
}
