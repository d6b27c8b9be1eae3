from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.audit import selectors
from porras.clients.models import Client
from porras.core.api import FIELD_ERRORS, ErrorOutput
from porras.people import permissions


class AccessLogEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(source="username")
    user_name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()
    client = serializers.UUIDField(source="client_id")
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
    def get(self, request):
        permissions.require(
            permissions.can_read_access_log(request.user),
            _("Only the data protection officer may read the access log."),
        )
        query = AccessLogQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        client_id = query.validated_data["client"]
        client = Client.objects.filter(pk=client_id, county_id=request.user.county_id).first()
        entries = list(selectors.entries_for(client=client, client_id=client_id)[:5000])
        selectors.declare_supervision([client_id])
        return Response(AccessLogEntryOutput(entries, many=True).data)
