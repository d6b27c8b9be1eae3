from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.audit import selectors
from porras.core.api import FIELD_ERRORS, ErrorOutput
from porras.core.routers import reads_from_replica


class AccessLogEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(source="username")
    user_name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()
    client = serializers.UUIDField(source="client_id", allow_null=True)
    record_type = serializers.CharField()
    purpose = serializers.CharField()
    reason = serializers.CharField()
    outcome = serializers.CharField()
    flagged = serializers.BooleanField()
    request_id = serializers.CharField()


class AccessLogQuery(serializers.Serializer):
    client = serializers.UUIDField()


class AccessLogAPI(APIView):
    @extend_schema(
        summary="A client's access log entries (data protection officer only)",
        parameters=[OpenApiParameter("client", str, required=True, description="client id")],
        responses={200: AccessLogEntryOutput(many=True), 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    @reads_from_replica
    def get(self, request):
        selectors.entries_of_county(request.user)  # refuses anyone but the officer
        query = AccessLogQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        client = selectors.client_of_county(request.user, client_id=query.validated_data["client"])
        if client is None:
            return Response([])  # not a client of this county: nothing to show
        entries = list(selectors.entries_for(request.user, client=client)[:5000])
        selectors.declare_supervision([client.pk])
        return Response(AccessLogEntryOutput(entries, many=True).data)
