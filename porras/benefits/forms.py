"""Forms of the benefit handlers' pages. They check the shape of what was typed (a number
is a number); the services say what is missing or not allowed, beside its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from porras.benefits.models import Assessment, LineKind, PayeeKind, Relation
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import NotificationWay, Outcome, Resolution
from porras.intake.models import Urgency
from porras.people.forms import DateInput

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": 0}


def money(label, *, required=True):
    return forms.DecimalField(
        label=label, required=required, **MONEY, widget=forms.NumberInput(attrs={"step": "0.01"})
    )


class VersionedForm(forms.Form):
    """Carries the version the page showed: saving over someone's newer save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class KelaForm(VersionedForm):
    kela_reference = forms.CharField(label=_("Kela's decision number"), max_length=40)
    kela_decided_on = forms.DateField(label=_("Kela decided on"), widget=DateInput())
    kela_basic_support = money(_("Basic income support a month (€)"))
    kela_surplus = money(_("Surplus of Kela's calculation a month (€)"))


class CompletionRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What the application lacks (one specific request)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CompletedForm(forms.Form):
    completed_on = forms.DateField(
        label=_("The completed application arrived on"), widget=DateInput()
    )


class DiscussionRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("The client asked on"), widget=DateInput())


class DiscussionHeldForm(forms.Form):
    held_on = forms.DateField(label=_("The discussion was held on"), widget=DateInput())


class RaiseForm(forms.Form):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    note = forms.CharField(
        label=_("Why the application goes to social work"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PeriodForm(VersionedForm):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("Period until"), widget=DateInput(), required=False)
    preventive_grounds = forms.CharField(
        label=_("Grounds for preventive support"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class MemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices])
    first_name = forms.CharField(label=_("First name"), max_length=100)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)


class LineForm(forms.Form):
    # "—" first: an empty row the browser submits stays unchanged, and is left out.
    kind = forms.ChoiceField(label=_("Income or expense"), choices=[("", "—"), *LineKind.choices])
    category = forms.ChoiceField(label=_("Category"), required=False)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = money(_("Amount a month (€)"))
    assessment = forms.ChoiceField(
        label=_("Assessment"), choices=[("", "—"), *Assessment.choices], required=False
    )
    accepted_amount = money(_("Accepted (€)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories]


MemberFormSet = forms.formset_factory(MemberForm, extra=2, max_num=20)
LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=60)


class PayeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Paid to"), choices=[("", "—"), *PayeeKind.choices])
    name = forms.CharField(label=_("Payee"), max_length=70)
    iban = forms.CharField(label=_("Account number (IBAN)"), max_length=42)
    amount = money(_("Amount (€)"))


PayeeFormSet = forms.formset_factory(PayeeForm, extra=2, max_num=10)


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    legal_bases = forms.MultipleChoiceField(
        label=_("Legal basis"),
        choices=[(code, basis.label) for code, basis in LEGAL_BASES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasoning = forms.CharField(
        label=_("Reasons (the facts and the provisions applied)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    amount = money(_("Amount granted (€)"), required=False)


class NotifyForm(forms.Form):
    way = forms.ChoiceField(
        label=_("Sent"), choices=NotificationWay.choices, widget=forms.RadioSelect
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())


class ExportForm(forms.Form):
    pay_date = forms.DateField(label=_("Payment date"), widget=DateInput())


class RectificationForm(forms.Form):
    """A request for rectification arrived against the decision."""

    arrived_on = forms.DateField(label=_("Arrived on"), widget=DateInput())
    demands = forms.CharField(
        label=_("What should change and why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class RectificationDecisionForm(forms.Form):
    """The body's decision on a request; accepted, it changes the decision's outcome and
    amount (a new decision naming the old)."""

    request = forms.UUIDField(widget=forms.HiddenInput)
    resolution = forms.ChoiceField(
        label=_("Decision on the request"), choices=Resolution.choices, widget=forms.RadioSelect
    )
    resolution_reasoning = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    outcome = forms.ChoiceField(
        label=_("Changed outcome"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
        help_text=_("Only when the decision is changed."),
    )
    amount = money(_("Changed amount (€)"), required=False)
