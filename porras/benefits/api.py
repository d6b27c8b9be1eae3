"""REST API of income support: an application with its deadlines, calculation, decision
and payments; recording a decision (for an integration working on the handler's behalf);
the decision letter as PDF. Every call reads the client through `item_with_client`, so it
is access-logged and refused like the pages."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.benefits import selectors, services
from porras.benefits.models import Assessment, LineKind, PayeeKind
from porras.core.api import FIELD_ERRORS, ErrorOutput, refusal
from porras.core.errors import DomainError
from porras.decisions import pdf as decision_pdf
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import Outcome
from porras.intake import selectors as intake_selectors
from porras.intake.models import IntakeItem, Track

MONEY = {"max_digits": 10, "decimal_places": 2}


class LineOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    description = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    assessment = serializers.ChoiceField(choices=Assessment.choices, allow_blank=True)
    accepted_amount = serializers.DecimalField(**MONEY, allow_null=True)
    reason = serializers.CharField()


class MemberOutput(serializers.Serializer):
    relation = serializers.CharField()
    first_name = serializers.CharField()
    birth_year = serializers.IntegerField()


class ResultOutput(serializers.Serializer):
    expenses_claimed = serializers.DecimalField(**MONEY)
    expenses_accepted = serializers.DecimalField(**MONEY)
    income = serializers.DecimalField(**MONEY, help_text="A month, Kela's surplus included.")
    monthly = serializers.DecimalField(**MONEY)
    months = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)


class DecisionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    decision_type = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    legal_bases = serializers.ListField(child=serializers.CharField())
    reasoning = serializers.CharField()
    amount = serializers.DecimalField(**MONEY, allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField()
    decided_by = serializers.CharField(source="decided_by.username")
    decided_by_role = serializers.CharField()
    notified_on = serializers.DateField(allow_null=True)
    notification_way = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    rectification_due = serializers.DateField(allow_null=True)


class PaymentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    payee_kind = serializers.ChoiceField(choices=PayeeKind.choices)
    payee_name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    pay_on = serializers.DateField()
    batch = serializers.IntegerField(source="batch.number", allow_null=True, default=None)


class ApplicationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="item.pk")
    kind = serializers.CharField(source="item.kind")
    client = serializers.UUIDField(source="item.client_id")
    status = serializers.CharField(source="item.status")
    received_at = serializers.DateTimeField(source="item.received_at")
    handled_by = serializers.CharField(
        source="item.claimed_by.username", allow_null=True, default=None
    )
    due_date = serializers.DateField(source="item.due_date")
    due_rule = serializers.CharField(source="item.due_rule")
    discussion_due = serializers.DateField(source="item.discussion_due", allow_null=True)
    discussion_held_on = serializers.DateField(source="item.discussion_held_on", allow_null=True)
    kela_reference = serializers.CharField(source="view.handling.kela_reference", default="")
    kela_basic_support = serializers.DecimalField(
        source="view.handling.kela_basic_support", **MONEY, allow_null=True, default=None
    )
    kela_surplus = serializers.DecimalField(
        source="view.handling.kela_surplus", **MONEY, allow_null=True, default=None
    )
    period_start = serializers.DateField(
        source="view.handling.period_start", allow_null=True, default=None
    )
    period_end = serializers.DateField(
        source="view.handling.period_end", allow_null=True, default=None
    )
    household = MemberOutput(source="view.household", many=True)
    lines = LineOutput(source="view.lines", many=True)
    result = ResultOutput(source="view.result", allow_null=True)
    decision = DecisionOutput(source="view.decision", allow_null=True)
    payments = PaymentOutput(source="view.payments", many=True)
    version = serializers.IntegerField(
        source="view.handling.version", allow_null=True, default=None
    )


class PayeeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PayeeKind.choices)
    name = serializers.CharField(max_length=70)
    iban = serializers.CharField(max_length=42)
    amount = serializers.DecimalField(**MONEY, min_value=0)


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    legal_bases = serializers.ListField(
        child=serializers.ChoiceField(choices=list(LEGAL_BASES)), allow_empty=True
    )
    reasoning = serializers.CharField(allow_blank=True, max_length=10000)
    amount = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None)
    payees = PayeeInput(many=True, required=False, default=list)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The version you saw; a newer one gives 409.",
    )


def _application(request, item_id) -> IntakeItem:
    item = IntakeItem.objects.filter(
        pk=item_id, county_id=request.user.county_id, track=Track.BENEFITS
    ).first()
    if item is None:
        raise Http404
    found, _client = intake_selectors.item_with_client(
        user=request.user, item_id=item.pk, record_type="api.benefits.application"
    )
    return found


def _output(item) -> dict:
    return ApplicationOutput({"item": item, "view": selectors.application(item)}).data


class ApplicationAPI(APIView):
    @extend_schema(
        summary="An income support application with its deadlines, calculation, decision "
        "and payments",
        responses={200: ApplicationOutput, 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request, item_id):
        return Response(_output(_application(request, item_id)))


class ApplicationDecisionAPI(APIView):
    @extend_schema(
        summary="Decide the application (the calling worker holds it and decides within "
        "their delegation); a granted amount is paid to the payees",
        request=DecisionInput,
        responses={
            201: ApplicationOutput,
            400: FIELD_ERRORS,
            403: ErrorOutput,
            404: ErrorOutput,
            409: ErrorOutput,
        },
    )
    def post(self, request, item_id):
        item = _application(request, item_id)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.application_decide(
                item=item,
                acting_user=request.user,
                decision=services.ApplicationDecision(
                    outcome=values["outcome"],
                    reasoning=values["reasoning"],
                    legal_bases=values["legal_bases"],
                    amount=values["amount"],
                    payees=[services.PayeeInput(**p) for p in values["payees"]],
                ),
                version=values["version"],
            )
        except DomainError as error:
            return refusal(error)
        item.refresh_from_db()
        return Response(_output(item), status=status.HTTP_201_CREATED)


class DecisionDocumentAPI(APIView):
    @extend_schema(
        summary="The decision letter with the instructions for requesting rectification",
        parameters=[
            OpenApiParameter("language", str, enum=list(decision_pdf.LANGUAGES), default="fi")
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            403: ErrorOutput,
            404: ErrorOutput,
        },
    )
    def get(self, request, item_id):
        item = _application(request, item_id)
        language = request.query_params.get("language", "fi")
        decision = selectors.application(item).decision
        if decision is None or language not in decision_pdf.LANGUAGES:
            raise Http404
        return HttpResponse(
            decision_pdf.decision_pdf(decision, language), content_type="application/pdf"
        )
