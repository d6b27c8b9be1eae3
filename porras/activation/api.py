"""REST API of work activity: make a plan (the case's workers), read a participant's plan
and attendance, and record attendance (the organiser's own systems with an organiser's
token, or the case's workers). Reads are access-logged like the pages."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.activation import rules, selectors, services
from porras.activation.models import AbsenceReason, ActivationPlan, Place, WorkActivityPlan
from porras.casework.models import Case, CaseStatus
from porras.clients import selectors as client_selectors
from porras.core.api import (
    FIELD_ERRORS,
    PAGE_PARAMETERS,
    PAGED_HEADERS,
    ErrorOutput,
    paged,
    refusal,
)
from porras.core.errors import DomainError
from porras.people import permissions


class WeekInput(serializers.Serializer):
    starts_on = serializers.DateField(help_text="The first day of the changed schedule.")
    days_per_week = serializers.IntegerField()
    hours_per_day = serializers.DecimalField(max_digits=3, decimal_places=1)


class WorkPlanInput(serializers.Serializer):
    """The law's limits are checked by the service, which names the limit broken."""

    client = serializers.UUIDField()
    case = serializers.UUIDField(
        required=False, help_text="Default: the client's open case you work on."
    )
    activation_plan = serializers.UUIDField(
        required=False, help_text="Default: the case's newest activation plan."
    )
    previous = serializers.UUIDField(
        required=False,
        help_text="A consecutive period: the plan it continues (start the day after it ends).",
    )
    place = serializers.UUIDField()
    start = serializers.DateField()
    months = serializers.IntegerField(help_text="3–24 (section 13).")
    days_per_week = serializers.IntegerField(help_text="1–4 days a calendar week.")
    hours_per_day = serializers.DecimalField(
        max_digits=3, decimal_places=1, help_text="4–8 hours a day."
    )
    goal = serializers.CharField(max_length=4000)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    support = serializers.CharField(required=False, allow_blank=True, default="")
    other_services = serializers.CharField(required=False, allow_blank=True, default="")
    mid_evaluation_on = serializers.DateField(required=False, allow_null=True, default=None)
    schedule_changes = WeekInput(many=True, required=False, default=list)
    activity_allowance = serializers.BooleanField(default=True)
    fare_per_day = serializers.DecimalField(max_digits=8, decimal_places=2, default=0)
    monthly_ticket = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True, default=None
    )
    iban = serializers.CharField(required=False, allow_blank=True, default="")


class WeekOutput(serializers.Serializer):
    starts_on = serializers.DateField()
    days_per_week = serializers.IntegerField()
    hours_per_day = serializers.DecimalField(max_digits=3, decimal_places=1)


class AttendanceOutput(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.BooleanField()
    hours = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    absence_reason = serializers.CharField()
    note = serializers.CharField()
    authority_informed_on = serializers.DateField(allow_null=True)


class WorkPlanOutput(serializers.Serializer):
    id = serializers.UUIDField()
    client = serializers.UUIDField(source="client_id")
    participant = serializers.CharField(help_text="The participant's name.")
    case = serializers.UUIDField(source="case_id")
    activation_plan = serializers.UUIDField(source="activation_plan_id")
    previous = serializers.UUIDField(source="previous_id", allow_null=True)
    place = serializers.UUIDField(source="place_id")
    place_name = serializers.CharField(source="place.name")
    organiser = serializers.UUIDField(source="place.organiser_id")
    status = serializers.CharField()
    starts_on = serializers.DateField()
    months = serializers.IntegerField()
    ends_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    schedule = WeekOutput(many=True)
    mid_evaluation_on = serializers.DateField()
    goal = serializers.CharField()
    attendance = AttendanceOutput(many=True)
    revision = serializers.IntegerField()


class DayInput(serializers.Serializer):
    day = serializers.DateField()
    present = serializers.BooleanField()
    hours = serializers.DecimalField(
        max_digits=3, decimal_places=1, required=False, allow_null=True
    )
    absence_reason = serializers.ChoiceField(
        choices=AbsenceReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class AttendanceInput(serializers.Serializer):
    days = DayInput(many=True, help_text="One or more days; a day recorded again is corrected.")


class ParticipantOutput(serializers.Serializer):
    plan = serializers.UUIDField(source="plan.pk")
    participant = serializers.CharField(source="name")
    place = serializers.UUIDField(source="plan.place_id")
    place_name = serializers.CharField(source="plan.place.name")
    starts_on = serializers.DateField(source="plan.starts_on")
    last_day = serializers.DateField(source="plan.last_day")
    days_per_week = serializers.IntegerField(source="week.days_per_week")
    hours_per_day = serializers.DecimalField(
        source="week.hours_per_day", max_digits=3, decimal_places=1
    )


def _output(plan, client_view, attendance=None):
    plan.participant = client_view.display_name
    plan.schedule = [
        rules.Week(plan.starts_on, plan.days_per_week, plan.hours_per_day),
        *[rules.Week(c.starts_on, c.days_per_week, c.hours_per_day) for c in plan.changes.all()],
    ]
    plan.attendance_rows = attendance if attendance is not None else list(plan.attendance.all())
    return WorkPlanOutput(_as_dict(plan)).data


def _as_dict(plan) -> dict:
    return {
        "id": plan.pk,
        "client_id": plan.client_id,
        "participant": plan.participant,
        "case_id": plan.case_id,
        "activation_plan_id": plan.activation_plan_id,
        "previous_id": plan.previous_id,
        "place_id": plan.place_id,
        "place": plan.place,
        "status": plan.status,
        "starts_on": plan.starts_on,
        "months": plan.months,
        "ends_on": plan.ends_on,
        "ended_on": plan.ended_on,
        "schedule": plan.schedule,
        "mid_evaluation_on": plan.mid_evaluation_on,
        "goal": plan.goal,
        "attendance": plan.attendance_rows,
        "revision": plan.revision,
    }


def _case_for(request, client_id, case_id) -> Case:
    user = request.user
    cases = Case.objects.filter(
        client_id=client_id, county_id=user.county_id, status=CaseStatus.OPEN
    ).select_related("county", "client", "team")
    if case_id is not None:
        cases = cases.filter(pk=case_id)
    else:
        cases = cases.filter(Q(responsible=user) | Q(co_worker=user))
    case = cases.first()
    if case is None:
        raise ValidationError(
            {"case": [_("No open case of the client that you work on: give the case.")]}
        )
    return case


class WorkPlanCreateAPI(APIView):
    @extend_schema(
        summary="Make a work activity plan and agreement (one period, within section 13)",
        request=WorkPlanInput,
        responses={201: WorkPlanOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request):
        if permissions.is_organiser(request.user):
            raise PermissionDenied(_("The case's workers make the plan."))
        data = WorkPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        client, access = client_selectors.client_for_user(
            user=request.user, client_id=values["client"], record_type="api.activation.plan"
        )
        case = _case_for(request, client.pk, values.get("case"))
        place = (
            Place.objects.filter(pk=values["place"], organiser__county_id=request.user.county_id)
            .select_related("organiser")
            .first()
        )
        previous = None
        if values.get("previous"):
            previous = WorkActivityPlan.objects.filter(pk=values["previous"], case=case).first()
            if previous is None:
                raise ValidationError({"previous": [_("No such period in the case.")]})
        activation = None
        if values.get("activation_plan"):
            activation = ActivationPlan.objects.filter(
                pk=values["activation_plan"], case=case
            ).first()
            if activation is None:
                raise ValidationError(
                    {"activation_plan": [_("No such activation plan in the case.")]}
                )
        try:
            plan = services.work_plan_make(
                case=case,
                data=services.WorkPlanInput(
                    place=place,
                    starts_on=values["start"],
                    months=values["months"],
                    days_per_week=values["days_per_week"],
                    hours_per_day=values["hours_per_day"],
                    goal=values["goal"],
                    description=values["description"],
                    support=values["support"],
                    other_services=values["other_services"],
                    mid_evaluation_on=values["mid_evaluation_on"],
                    changes=[rules.Week(**w) for w in values["schedule_changes"]],
                    activity_allowance=values["activity_allowance"],
                    fare_per_day=values["fare_per_day"],
                    monthly_ticket=values["monthly_ticket"],
                    iban=values["iban"],
                ),
                acting_user=request.user,
                activation_plan=activation,
                previous=previous,
            )
        except DomainError as error:
            return refusal(_api_fields(error))
        return Response(
            _output(plan, client_selectors.present(client, access), []),
            status=status.HTTP_201_CREATED,
        )


# The service's field names where the API's differ.
_RENAMED = {"starts_on": "start"}


def _api_fields(error: DomainError) -> DomainError:
    if hasattr(error, "errors"):
        error.errors = {
            _RENAMED.get(k, k.replace("change_", "schedule_changes_")): v
            for k, v in error.errors.items()
        }
    elif error.field:
        error.field = _RENAMED.get(error.field, error.field)
    return error


class WorkPlanAPI(APIView):
    @extend_schema(
        summary="A participant's work activity plan, schedule and attendance",
        responses={200: WorkPlanOutput, 403: ErrorOutput},
    )
    def get(self, request, plan_id):
        plan, client, _access = selectors.plan_for_user(
            user=request.user, plan_id=plan_id, record_type="api.activation.plan"
        )
        return Response(_output(plan, client))


class AttendanceAPI(APIView):
    @extend_schema(
        summary="Record attendance: days present (hours) or absent (reason)",
        description="All days or none. An absence is told to the counsellor at once. Refused: a "
        "day outside the period, more days in a calendar week than the plan has (at most 4), "
        "more hours than the plan's day, another organiser's participant.",
        request=AttendanceInput,
        responses={201: AttendanceOutput(many=True), 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request, plan_id):
        plan, _client, _access = selectors.plan_for_user(
            user=request.user, plan_id=plan_id, record_type="api.activation.attendance"
        )
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            written = services.attendance_record(
                plan=plan,
                days=[services.DayInput(**d) for d in data.validated_data["days"]],
                acting_user=request.user,
            )
        except DomainError as error:
            return refusal(error)
        return Response(AttendanceOutput(written, many=True).data, status=status.HTTP_201_CREATED)


class ParticipantsAPI(APIView):
    @extend_schema(
        summary="The organiser's own participants (an organiser's token), a page at a time",
        description=PAGED_HEADERS,
        parameters=PAGE_PARAMETERS,
        responses={200: ParticipantOutput(many=True), 403: ErrorOutput},
    )
    def get(self, request):
        if not permissions.is_organiser(request.user):
            raise PermissionDenied(_("This is for the staff of work activity organisers."))
        page, headers = paged(request, selectors.organiser_plans(request.user))
        rows = selectors.participant_rows(request.user, page)
        return Response(ParticipantOutput(rows, many=True).data, headers=headers)
