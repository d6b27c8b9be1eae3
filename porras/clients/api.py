from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.clients import selectors, services
from porras.clients.models import Client, ReasonKind
from porras.clients.tracking import DeclaredAccess, declare
from porras.core.api import FIELD_ERRORS, ErrorOutput
from porras.core.errors import DomainError
from porras.people.permissions import AccessPurpose


class ClientOutput(serializers.Serializer):
    """A client as the caller may see it: address and contact are null under non-disclosure."""

    id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    hetu = serializers.CharField(allow_null=True)
    hetu_temporary = serializers.BooleanField()
    birth_date = serializers.DateField(allow_null=True)
    is_identified = serializers.BooleanField()
    unidentified_description = serializers.CharField()
    language = serializers.CharField()
    non_disclosure = serializers.BooleanField()
    contact_visible = serializers.BooleanField()
    street_address = serializers.CharField(allow_null=True)
    postal_code = serializers.CharField(allow_null=True)
    post_office = serializers.CharField(allow_null=True)
    municipality = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    merged_into_id = serializers.UUIDField(allow_null=True)
    access_purpose = serializers.CharField(help_text="The ground on which access was granted.")


class ClientDetailAPI(APIView):
    @extend_schema(
        summary="A client's basic data",
        responses={
            200: ClientOutput,
            403: OpenApiResponse(
                ErrorOutput,
                description=(
                    "No client relationship (also for an unknown id); the refusal is logged."
                ),
            ),
        },
    )
    def get(self, request, client_id):
        client, access = selectors.client_for_user(
            user=request.user, client_id=client_id, record_type="api.client"
        )
        return Response(ClientOutput(selectors.present(client, access)).data)


class StatedReasonInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReasonKind.choices)
    explanation = serializers.CharField(max_length=500)


class ClientStatedReasonAPI(APIView):
    @extend_schema(
        summary="State a reason to access a client without a relationship",
        request=StatedReasonInput,
        responses={201: ClientOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request, client_id):
        data = StatedReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        client = Client.objects.filter(pk=client_id, county_id=request.user.county_id).first()
        if client is None:
            declare(
                DeclaredAccess(
                    client_id,
                    "api.client.stated_reason",
                    AccessPurpose.STATED_REASON,
                    "refused",
                    reason=data.validated_data["explanation"],
                    flagged=True,
                )
            )
            raise selectors.ClientAccessDenied(client_id)
        try:
            services.stated_reason_create(worker=request.user, client=client, **data.validated_data)
        except DomainError as error:
            raise serializers.ValidationError({error.field or "detail": [error.message]}) from None
        client, access = selectors.client_for_user(
            user=request.user, client_id=client.pk, record_type="api.client.stated_reason"
        )
        return Response(ClientOutput(selectors.present(client, access)).data, status=201)
