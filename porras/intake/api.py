"""REST API of intake: receive a matter (idempotent), read it, claim it, add attachments."""

import base64
import binascii
import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.clients.hetu import parse_hetu
from porras.core import clock
from porras.core.api import FIELD_ERRORS, ErrorOutput
from porras.core.errors import ConflictError, DomainError
from porras.intake import selectors, services
from porras.intake.models import Channel, Consent, Initiator, IntakeItem, Kind, NotifierType
from porras.people.models import Municipality, Team


class HetuSerializerField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            try:
                return parse_hetu(value, today=clock.today()).value
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return value


class ClientRefInput(serializers.Serializer):
    hetu = HetuSerializerField(required=False, allow_blank=True, max_length=11)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    unidentified_description = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )
    municipality_code = serializers.RegexField(r"^\d{3}$", required=False, allow_blank=True)
    postal_code = serializers.RegexField(r"^\d{5}$", required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("hetu") and not attrs.get("unidentified_description", "").strip():
            raise serializers.ValidationError(
                _("Give the personal identity code, or describe the unidentified person.")
            )
        return attrs


class NotifierInput(serializers.Serializer):
    notifier_type = serializers.ChoiceField(choices=NotifierType.choices)
    notifier_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    notifier_contact = serializers.CharField(required=False, allow_blank=True, max_length=200)
    consent = serializers.ChoiceField(choices=Consent.choices, required=False, allow_blank=True)


class AttachmentInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(help_text="The file's bytes, base64-encoded.")


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit UTC offset: a bare local time is ambiguous around DST."""

    def to_internal_value(self, value):
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible (30 February): the parent says so
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            raise serializers.ValidationError(
                _("Give the time with its UTC offset, e.g. 2026-11-25T09:30:00+02:00.")
            )
        return super().to_internal_value(value)


class IntakeItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = OffsetDateTimeField(
        help_text="ISO 8601 with offset; its Helsinki date is the date the matter became pending."
    )
    urgent = serializers.BooleanField(default=False)
    client = ClientRefInput()
    description = serializers.CharField(max_length=10000)
    initiator = serializers.ChoiceField(choices=Initiator.choices, default=Initiator.CLIENT)
    notifier = NotifierInput(required=False)
    team = serializers.UUIDField(
        required=False,
        help_text="When the sender knows the local "
        "team; otherwise the client's "
        "municipality decides.",
    )
    statutory_group = serializers.BooleanField(default=False)
    kela_forwarded = serializers.BooleanField(default=False)
    personal_discussion_requested = serializers.BooleanField(default=False)
    attachments = AttachmentInput(many=True, required=False)


class IntakeItemOutput(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    team = serializers.UUIDField(
        source="team_id",
        allow_null=True,
        help_text="Null when the team was chosen from the address of a non-disclosure client "
        "whose contact data the caller may not see.",
    )
    client = serializers.UUIDField(source="client_id")
    received_at = serializers.DateTimeField()
    pending_date = serializers.DateField()
    urgent = serializers.BooleanField()
    urgency = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    due_rule = serializers.CharField(help_text="The rule that set the due date.")
    claimed_by = serializers.CharField(source="claimed_by.username", allow_null=True, default=None)
    outcome = serializers.CharField()
    attachments = serializers.IntegerField(source="attachments.count")


def _item_output(user, item: IntakeItem, *, team_given: bool = False) -> dict:
    output = IntakeItemOutput(item).data
    # The team chosen from a non-disclosure client's address would reveal where they live.
    if not team_given and not selectors.team_reveals_nothing(user, item):
        output["team"] = None
    return output


def _domain_error(error: DomainError) -> ValidationError:
    return ValidationError({error.field or "detail": [error.message]})


class IntakeItemCreateAPI(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Receive a matter (contact, notification, application, …)",
        request=IntakeItemInput,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Retries with the same key return the same item, never a duplicate.",
            )
        ],
        responses={
            201: IntakeItemOutput,
            200: IntakeItemOutput,
            400: FIELD_ERRORS,
            409: OpenApiResponse(
                ErrorOutput, description="The Idempotency-Key was used for a different request."
            ),
        },
    )
    def post(self, request):
        data = IntakeItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        county = request.user.county
        ref = values["client"]
        details = {}
        if ref.get("municipality_code"):
            municipality = Municipality.objects.filter(
                county=county, code=ref["municipality_code"]
            ).first()
            if municipality is None:
                raise ValidationError(
                    {"client": {"municipality_code": [_("No such municipality in this county.")]}}
                )
            details["municipality"] = municipality
        if ref.get("postal_code"):
            details["postal_code"] = ref["postal_code"]
        team = None
        if values.get("team"):
            team = Team.objects.filter(pk=values["team"], county=county).first()
            if team is None:
                raise ValidationError({"team": [_("No such team in this county.")]})
        uploads = []
        for attachment in values.get("attachments", []):
            try:
                content = base64.b64decode(attachment["content_base64"], validate=True)
            except (binascii.Error, ValueError):
                raise ValidationError(
                    {
                        "attachments": [
                            _("The attachment %(name)s is not valid base64.")
                            % {"name": attachment["name"]}
                        ]
                    }
                ) from None
            uploads.append(services.Upload(attachment["name"], content))
        key = request.headers.get("Idempotency-Key") or None
        if key and len(key) > 200:
            raise ValidationError({"Idempotency-Key": [_("At most 200 characters.")]})
        fingerprint = hashlib.sha256(
            json.dumps(request.data, sort_keys=True, default=str).encode()
        ).hexdigest()
        try:
            item, created = services.item_receive(
                county=county,
                acting_user=request.user,
                kind=values["kind"],
                channel=values["channel"],
                received_at=values["received_at"],
                description=values["description"],
                urgent=values["urgent"],
                team=team,
                initiator=values["initiator"],
                notifier=values.get("notifier"),
                statutory_group=values["statutory_group"],
                kela_forwarded=values["kela_forwarded"],
                personal_discussion_requested=values["personal_discussion_requested"],
                client=services.ClientRef(
                    hetu=ref.get("hetu", ""),
                    first_name=ref.get("first_name", ""),
                    last_name=ref.get("last_name", ""),
                    unidentified_description=ref.get("unidentified_description", ""),
                    details=details,
                ),
                attachments=uploads,
                idempotency_key=key,
                idempotency_fingerprint=fingerprint if key else "",
            )
        except ConflictError as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(
            _item_output(request.user, item, team_given=team is not None),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class IntakeItemDetailAPI(APIView):
    @extend_schema(summary="A matter", responses={200: IntakeItemOutput, 403: ErrorOutput})
    def get(self, request, item_id):
        item, _client = selectors.item_with_client(
            user=request.user, item_id=item_id, record_type="api.intake.item"
        )
        return Response(_item_output(request.user, item))


class IntakeItemClaimAPI(APIView):
    @extend_schema(
        summary="Take the matter from the queue",
        request=None,
        responses={200: IntakeItemOutput, 409: ErrorOutput, 403: ErrorOutput},
    )
    def post(self, request, item_id):
        item, _client = selectors.item_with_client(
            user=request.user, item_id=item_id, record_type="api.intake.item"
        )
        try:
            item = services.item_claim(item=item, acting_user=request.user)
        except ConflictError as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        return Response(_item_output(request.user, item))


class AttachmentUploadInput(serializers.Serializer):
    file = serializers.FileField()


class IntakeAttachmentAPI(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Add an attachment (PDF, JPEG or PNG)",
        request={"multipart/form-data": AttachmentUploadInput},
        responses={201: IntakeItemOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request, item_id):
        item, _client = selectors.item_with_client(
            user=request.user, item_id=item_id, record_type="api.intake.item"
        )
        data = AttachmentUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            services.attachment_add(
                item=item,
                acting_user=request.user,
                upload=services.Upload(upload.name, upload.read()),
            )
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(_item_output(request.user, IntakeItem.objects.get(pk=item.pk)), status=201)
