"""Figures of the event log for other tools: the flow of a team's matters in a period.
They name no client, so they are not access-logged; who sees which team is decided by
`permissions.insight_teams`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.core.api import FIELD_ERRORS
from porras.core.routers import reads_from_replica
from porras.insight.flow import flow
from porras.insight.forms import ScopeForm


class EdgeOutput(serializers.Serializer):
    source = serializers.CharField(help_text="Activity code of the step.")
    target = serializers.CharField(help_text="Activity code of the step that directly follows.")
    count = serializers.IntegerField()
    mean_seconds = serializers.FloatField(help_text="Mean wait from source to target.")
    median_seconds = serializers.FloatField()


class VariantOutput(serializers.Serializer):
    activities = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()


class DurationOutput(serializers.Serializer):
    mean_seconds = serializers.FloatField(allow_null=True)
    median_seconds = serializers.FloatField(allow_null=True)


class FlowOutput(serializers.Serializer):
    case_count = serializers.IntegerField(help_text="Traces: one per matter (see the docs).")
    event_count = serializers.IntegerField()
    edges = EdgeOutput(many=True)
    variants = VariantOutput(many=True)
    case_duration = DurationOutput()
    start_activities = serializers.DictField(child=serializers.IntegerField())
    end_activities = serializers.DictField(child=serializers.IntegerField())


def scope_from(request):
    form = ScopeForm(request.query_params, user=request.user, kinds=True)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.scope()


SCOPE_PARAMETERS = [
    OpenApiParameter(
        "team",
        OpenApiTypes.UUID,
        description="Default: the whole county (county-wide roles) or the worker's own team.",
    ),
    OpenApiParameter("since", OpenApiTypes.DATE, description="Default: 91 days before `until`."),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Default: today."),
    OpenApiParameter("kind", OpenApiTypes.STR, description="Only matters of this kind."),
]


class FlowAPI(APIView):
    @extend_schema(
        summary="Flow of matters: directly-follows graph, variants, durations",
        description=(
            "One trace per matter (intake item): its events and those of the case it opened, "
            "for the matters whose first event falls in the period. The same case notion as "
            "`porras export-events --format xes`."
        ),
        parameters=SCOPE_PARAMETERS,
        responses={200: FlowOutput, 400: FIELD_ERRORS, 403: OpenApiResponse()},
    )
    @reads_from_replica
    def get(self, request):
        return Response(FlowOutput(flow(scope_from(request))).data)
