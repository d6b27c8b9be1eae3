"""Administrative decisions (hallintopäätös) and the county's delegation rules.

A decision is immutable once made: a correction is a new decision that names the one it
corrects. Only its notification (when and how it was sent) is added afterwards, once.
The rooms above (casework, benefits) refer to it by id; it does not know them."""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from porras.clients.models import Client
from porras.people.models import County, Role, Worker


class DecisionType(models.TextChoices):
    INCOME_SUPPLEMENTARY = "income_supplementary", _("Supplementary income support")
    INCOME_PREVENTIVE = "income_preventive", _("Preventive income support")
    SERVICE = "service", _("Service decision")
    OTHER = "other", _("Other decision")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")
    DISMISSED = "dismissed", _("Dismissed without consideration")


class NotificationWay(models.TextChoices):
    LETTER = "letter", _("By letter")
    ELECTRONIC = "electronic", _("Electronically")
    IN_PERSON = "in_person", _("In person")


class Decision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="decisions")
    # The matter or case it belongs to, by id: decisions sit below those rooms.
    item_id = models.UUIDField(null=True, blank=True, db_index=True)
    case_id = models.UUIDField(null=True, blank=True, db_index=True)
    decision_type = models.CharField(_("type"), max_length=24, choices=DecisionType.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    legal_bases = models.JSONField(_("legal basis"), default=list)  # codes of legal.LEGAL_BASES
    reasoning = models.TextField(_("reasons"))
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    special_support_need = models.BooleanField(default=False)
    # A service decision is implemented at the latest 3 months after the matter became
    # pending (SHL § 45): the due date is kept, and the day it was implemented.
    pending_since = models.DateField(_("matter pending since"), null=True, blank=True)
    implementation_due = models.DateField(_("to be implemented by"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    decided_by_role = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    # Notification (tiedoksianto), recorded once after the decision is sent.
    notified_on = models.DateField(_("sent on"), null=True, blank=True)
    notification_way = models.CharField(
        _("sent"), max_length=12, choices=NotificationWay.choices, blank=True
    )
    received_on = models.DateField(_("deemed received on"), null=True, blank=True)
    rectification_due = models.DateField(
        _("request for rectification at the latest on"), null=True, blank=True
    )

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="decision_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="decision_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()} {self.decided_on:%d.%m.%Y}"


class DelegationRule(models.Model):
    """Who may decide what, by the county's administrative rules (delegointi): a role,
    a decision type, an outcome (blank: any) and an upper amount (blank: no limit)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    decision_type = models.CharField(
        _("decision type"), max_length=24, choices=DecisionType.choices
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, help_text=_("Blank: any.")
    )
    max_amount = models.DecimalField(
        _("up to (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Blank: no limit."),
    )
    public_office_required = models.BooleanField(_("public office required"), default=False)

    class Meta:
        ordering = ["decision_type", "role", "outcome"]
        verbose_name = _("delegation rule")
        verbose_name_plural = _("delegation rules")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.get_decision_type_display()}"


class Resolution(models.TextChoices):
    UPHELD = "upheld", _("Rejected: the decision stands")
    CHANGED = "changed", _("Accepted: the decision is changed")
    DISMISSED = "dismissed", _("Dismissed: arrived late or not a request for rectification")


class RectificationRequest(models.Model):
    """A request for rectification (oikaisuvaatimus) against a decision: when it arrived,
    whether it came after the deadline (then it is dismissed), and what it asks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="rectification_requests"
    )
    arrived_on = models.DateField(_("arrived on"))
    late = models.BooleanField(_("arrived late"), default=False)
    demands = models.TextField(_("what should change and why"))
    registered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    # The body's decision on it, recorded once; a change is a new decision correcting the old.
    resolution = models.CharField(
        _("decision on the request"), max_length=12, choices=Resolution.choices, blank=True
    )
    resolution_reasoning = models.TextField(_("reasons"), blank=True)
    resolved_on = models.DateField(_("decided on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrected_by = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectified_request",
    )

    class Meta:
        ordering = ["arrived_on", "registered_at"]
        verbose_name = _("request for rectification")
        verbose_name_plural = _("requests for rectification")

    def __str__(self) -> str:
        return f"{self.decision} / {self.arrived_on:%d.%m.%Y}"


class RectificationBody(models.Model):
    """Where a request for rectification is sent and who decides it (the county names it
    in its administrative rules); printed on every decision's instructions."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    name_fi = models.CharField(_("body in Finnish"), max_length=200)
    name_sv = models.CharField(_("body in Swedish"), max_length=200)
    address = models.TextField(_("postal address"))
    email = models.EmailField(_("e-mail of the registry"), blank=True)

    class Meta:
        verbose_name = _("body deciding requests for rectification")
        verbose_name_plural = _("bodies deciding requests for rectification")

    def __str__(self) -> str:
        return self.name_fi

    def name(self, language: str) -> str:
        return self.name_sv if language.startswith("sv") else self.name_fi
