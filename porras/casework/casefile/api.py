"""REST API of the case file: a case with its stage, deadlines and documents; its
appointments, booked and their outcome recorded. Every call reads the client through
`client_for_user`, so it is access-logged and refused like the pages."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.casework.api import CaseOutput
from porras.casework.casefile import selectors, services
from porras.casework.models import (
    Appointment,
    AppointmentMode,
    AppointmentPurpose,
    AppointmentStatus,
    Case,
)
from porras.clients import selectors as client_selectors
from porras.core.api import FIELD_ERRORS, ErrorOutput, refusal
from porras.core.errors import DomainError
from porras.people.models import Worker


class DeadlineOutput(serializers.Serializer):
    rule = serializers.CharField(help_text="The deadline engine's rule code.")
    label = serializers.CharField(help_text="The rule in the caller's language.")
    due = serializers.DateField()
    overdue = serializers.BooleanField()


class DocumentOutput(serializers.Serializer):
    document_type = serializers.CharField(help_text="Sosmeta document type.")
    type_label = serializers.CharField()
    title = serializers.CharField()
    service_task = serializers.CharField(default="working_age")
    author = serializers.CharField(source="author.username", allow_null=True, default=None)
    author_role = serializers.CharField()
    written = serializers.DateTimeField()
    revision = serializers.IntegerField()


class AppointmentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    purpose = serializers.CharField()
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    mode = serializers.CharField()
    place = serializers.CharField()
    client_takes_part = serializers.BooleanField()
    workers = serializers.SerializerMethodField()
    partners = serializers.CharField()
    status = serializers.CharField()
    outcome_note = serializers.CharField()
    outcome_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField()

    def get_workers(self, appointment) -> list[str]:
        return [w.username for w in appointment.workers.all()]


class CaseFileOutput(CaseOutput):
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.CharField()
    previous_case = serializers.UUIDField(source="previous_case_id", allow_null=True)
    version = serializers.IntegerField()
    deadlines = DeadlineOutput(many=True)
    next_appointment = AppointmentOutput(allow_null=True)
    documents = DocumentOutput(many=True)


class BookingInput(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=AppointmentPurpose.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(default=60, min_value=5, max_value=480)
    mode = serializers.ChoiceField(choices=AppointmentMode.choices)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    client_takes_part = serializers.BooleanField(default=True)
    workers = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Usernames of the workers taking part (default: the case's workers).",
    )
    partners = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


OUTCOMES = [c for c in AppointmentStatus.choices if c[0] != AppointmentStatus.BOOKED]


class OutcomeInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=OUTCOMES)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    revision = serializers.IntegerField(
        required=False, help_text="The appointment's revision you saw; a newer one gives 409."
    )


def _case(request, case_id) -> Case:
    case = (
        Case.objects.filter(pk=case_id, county_id=request.user.county_id)
        .select_related("responsible", "co_worker", "closed_by")
        .first()
    )
    if case is None:
        raise client_selectors.ClientAccessDenied()
    client_selectors.client_for_user(
        user=request.user,
        client_id=case.client_id,
        record_type="casework.case",
        reason_url=reverse("casework:case_reason", kwargs={"case_id": case.pk}),
    )
    return case


class CaseFileAPI(APIView):
    @extend_schema(
        summary="A case: its stage, open deadlines, next appointment and client documents",
        responses={200: CaseFileOutput, 403: ErrorOutput},
    )
    def get(self, request, case_id):
        case = _case(request, case_id)
        case.deadlines = selectors.open_deadlines([case])[case.pk]
        case.next_appointment = selectors.next_appointments([case]).get(case.pk)
        case.documents = selectors.case_documents(case)
        return Response(CaseFileOutput(case).data)


class CaseAppointmentsAPI(APIView):
    @extend_schema(
        summary="The appointments of a case, newest first",
        responses={200: AppointmentOutput(many=True), 403: ErrorOutput},
    )
    def get(self, request, case_id):
        case = _case(request, case_id)
        rows = case.appointments.prefetch_related("workers").order_by("-starts_at")
        return Response(AppointmentOutput(rows, many=True).data)

    @extend_schema(
        summary="Book an appointment for a case",
        request=BookingInput,
        responses={201: AppointmentOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request, case_id):
        case = _case(request, case_id)
        data = BookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        usernames = values.pop("workers")
        workers = list(Worker.objects.filter(username__in=usernames, county_id=case.county_id))
        if len(workers) != len(set(usernames)):
            raise ValidationError({"workers": [_("Choose workers of your own county.")]})
        try:
            appointment = services.appointment_book(
                case=case,
                booking=services.Booking(workers=workers, **values),
                acting_user=request.user,
            )
        except DomainError as error:
            return refusal(error)
        return Response(AppointmentOutput(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentOutcomeAPI(APIView):
    @extend_schema(
        summary="Record what happened: kept, no-show, or cancelled by the client or by us",
        request=OutcomeInput,
        responses={200: AppointmentOutput, 400: FIELD_ERRORS, 403: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request, appointment_id):
        appointment = (
            Appointment.objects.filter(pk=appointment_id, county_id=request.user.county_id)
            .select_related("case")
            .first()
        )
        if appointment is None:
            raise client_selectors.ClientAccessDenied()
        _case(request, appointment.case_id)
        data = OutcomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            recorded = services.appointment_record_outcome(
                appointment=appointment,
                status=data.validated_data["status"],
                note=data.validated_data["note"],
                expected_revision=data.validated_data.get("revision"),
                acting_user=request.user,
            )
        except DomainError as error:
            return refusal(error)
        return Response(AppointmentOutput(recorded).data)
