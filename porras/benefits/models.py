"""Supplementary and preventive income support: the application's handling by the
benefit handlers — Kela's basic-support decision as the starting point, the calculation
(laskelma), and the payments of a granted decision with their daily batches.

Money is `Decimal` with two places everywhere; nothing here is a float."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from porras.clients.models import Client
from porras.decisions.models import Decision
from porras.intake.models import IntakeItem
from porras.people.models import County, Worker

MONEY = {"max_digits": 10, "decimal_places": 2}


class ExpenseCategory(models.Model):
    """A category of expense in the calculation; the county keeps its own list."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=32)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("expense category")
        verbose_name_plural = _("expense categories")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="one_expense_category_per_code")
        ]

    def __str__(self) -> str:
        return self.name_fi

    def name(self, language: str) -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(language[:2], self.name_fi)


class BenefitRules(models.Model):
    """The county's rules for the benefit handlers' queue."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    raise_when_social_worker_case = models.BooleanField(
        _("raise to social work when a social worker is responsible for the client"),
        default=True,
        help_text=_(
            "A social worker is responsible for clients with special support need: their "
            "essential decisions are made in social work (Social Welfare Act, section 46)."
        ),
    )
    payment_days_after_decision = models.PositiveSmallIntegerField(
        _("payment date: working days after the decision"),
        default=1,
        validators=[MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("benefit rules")
        verbose_name_plural = _("benefit rules")

    def __str__(self) -> str:
        return f"benefit rules of {self.county_id}"


class PaymentAccount(models.Model):
    """The county's own account from which income support is paid (the debtor)."""

    county = models.OneToOneField(County, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("payer's name"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)

    class Meta:
        verbose_name = _("payment account")
        verbose_name_plural = _("payment accounts")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        try:
            self.iban = stdnum_iban.validate(self.iban)
        except StdnumError:
            raise ValidationError(
                {"iban": _("The account number is not a valid IBAN: check the check digits.")}
            ) from None


class Handling(models.Model):
    """One income support application as the benefit handlers work it: Kela's decision,
    the calculation and, once made, the decision. Edited with optimistic locking."""

    item = models.OneToOneField(IntakeItem, on_delete=models.PROTECT, related_name="handling")
    # Kela's decision on basic income support: the starting point of the calculation.
    kela_reference = models.CharField(_("Kela's decision number"), max_length=40, blank=True)
    kela_decided_on = models.DateField(_("Kela decided on"), null=True, blank=True)
    kela_basic_support = models.DecimalField(
        _("basic income support a month (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    kela_surplus = models.DecimalField(
        _("surplus of Kela's calculation a month (€)"),
        **MONEY,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Income above the basic support's expenses, counted against other costs."),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    preventive_grounds = models.TextField(_("grounds for preventive support"), blank=True)
    calculated_at = models.DateTimeField(null=True, blank=True)
    calculated_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="handling"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("handling of an application")
        verbose_name_plural = _("handlings of applications")

    def __str__(self) -> str:
        return f"handling of {self.item_id}"


class Relation(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other member")


class HouseholdMember(models.Model):
    handling = models.ForeignKey(Handling, on_delete=models.CASCADE, related_name="household")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.first_name


class Assessment(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REFUSED = "refused", _("Not accepted")


class LineKind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class CalculationLine(models.Model):
    """One monthly income, or one expense with how much of it is accepted and why."""

    handling = models.ForeignKey(Handling, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    category = models.ForeignKey(
        ExpenseCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), **MONEY, validators=[MinValueValidator(0)])
    assessment = models.CharField(
        _("assessment"), max_length=8, choices=Assessment.choices, blank=True
    )
    accepted_amount = models.DecimalField(
        _("accepted (€)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_amount_positive"),
            models.CheckConstraint(
                condition=Q(accepted_amount__isnull=True)
                | Q(accepted_amount__lte=models.F("amount")),
                name="accepted_at_most_claimed",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PayeeKind(models.TextChoices):
    CLIENT = "client", _("The client")
    LANDLORD = "landlord", _("Landlord (payment commitment)")
    PHARMACY = "pharmacy", _("Pharmacy (payment commitment)")
    OTHER = "other", _("Other payee (payment commitment)")


class PaymentBatch(models.Model):
    """One day's payments, exported once to the bank and the financial system."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("batch number"))
    pay_date = models.DateField(_("payment date"))
    lines = models.PositiveIntegerField(_("payments"))
    total = models.DecimalField(_("total (€)"), **MONEY)
    message_id = models.CharField(max_length=35)
    pain001 = models.TextField()
    csv = models.TextField()
    created_at = models.DateTimeField()
    # Blank: made by the county's scheduled run (the command line).
    created_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pay_date", "-number"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        constraints = [
            models.UniqueConstraint(fields=["county", "number"], name="one_batch_per_number"),
            models.UniqueConstraint(fields=["county", "pay_date"], name="one_batch_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.pay_date:%d.%m.%Y})"


class Payment(models.Model):
    """One payment of a granted decision: to the client, or to a landlord, pharmacy or
    other payee under a payment commitment (maksusitoumus). Paid in exactly one batch."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="payments")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    payee_kind = models.CharField(_("paid to"), max_length=10, choices=PayeeKind.choices)
    payee_name = models.CharField(_("payee"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    amount = models.DecimalField(
        _("amount (€)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    message = models.CharField(_("message"), max_length=140)
    pay_on = models.DateField(_("to be paid on"))
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pay_on", "created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]
        indexes = [models.Index(fields=["county", "batch", "pay_on"])]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.amount} €"

    @property
    def is_commitment(self) -> bool:
        return self.payee_kind != PayeeKind.CLIENT
