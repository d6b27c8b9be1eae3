"""REST API of distribution: the board, a recommendation, assigning, reading a case."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.casework import selectors, services
from porras.clients import selectors as client_selectors
from porras.core.api import FIELD_ERRORS, PAGE_PARAMETERS, PAGED_HEADERS, ErrorOutput, paged
from porras.core.errors import ConflictError, DomainError
from porras.intake import selectors as intake_selectors
from porras.intake.models import IntakeItem
from porras.people import permissions
from porras.people.models import Team, Worker


class RecommendationOutput(serializers.Serializer):
    quadrant = serializers.CharField()
    role = serializers.CharField(source="rule.role")
    requires_public_office = serializers.BooleanField(source="rule.requires_public_office")
    worker = serializers.CharField(source="worker.username", allow_null=True, default=None)
    reason = serializers.CharField(help_text="In the caller's language (Finnish by default).")
    facts = serializers.DictField(help_text="What the reason says, as data.")


class BoardItemOutput(serializers.Serializer):
    id = serializers.UUIDField(source="item.pk")
    kind = serializers.CharField(source="item.kind")
    urgency = serializers.CharField(source="item.urgency")
    pending_date = serializers.DateField(source="item.pending_date")
    due_date = serializers.DateField(source="item.due_date", allow_null=True)
    client = serializers.UUIDField(source="item.client_id")
    quadrant = serializers.CharField(allow_null=True)
    recommendation = RecommendationOutput(allow_null=True)


class CaseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    client = serializers.UUIDField(source="client_id")
    team = serializers.UUIDField(source="team_id")
    responsible = serializers.CharField(source="responsible.username")
    responsible_role = serializers.CharField(source="responsible.role")
    co_worker = serializers.CharField(source="co_worker.username", allow_null=True, default=None)
    quadrant = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()


class AssessmentInput(serializers.Serializer):
    special_difficulty = serializers.BooleanField(
        help_text="Special difficulty seeking or using services (the four-field's first axis)."
    )
    broad_need = serializers.BooleanField(
        help_text="Several or long-term needs (the four-field's second axis)."
    )
    reasons = serializers.CharField(max_length=2000)


class AssessmentOutput(serializers.Serializer):
    quadrant = serializers.CharField()
    recommendation = RecommendationOutput()


class AssignInput(serializers.Serializer):
    worker = serializers.CharField(help_text="Username of the responsible worker.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _team(request, team_id) -> Team:
    team = Team.objects.filter(pk=team_id, county_id=request.user.county_id).first()
    permissions.require(
        team is not None and permissions.can_distribute(request.user, team),
        _("Only this week's duty pair of the team (or its manager) distributes its matters."),
    )
    return team


def _item(request, item_id) -> IntakeItem:
    item = IntakeItem.objects.filter(pk=item_id, county_id=request.user.county_id).first()
    permissions.require(
        item is not None and permissions.can_distribute(request.user, item.team),
        _("Only this week's duty pair of the team (or its manager) distributes its matters."),
    )
    return item


class BoardAPI(APIView):
    @extend_schema(
        summary="The distribution board of a team, a page at a time",
        description=PAGED_HEADERS,
        parameters=PAGE_PARAMETERS,
        responses={200: BoardItemOutput(many=True), 403: ErrorOutput},
    )
    def get(self, request, team_id):
        team = _team(request, team_id)
        page, headers = paged(request, selectors.board_items(team))
        items = list(page)
        intake_selectors.visible_names(
            request.user, [i.client for i in items], record_type="casework.board"
        )
        rows = [
            {
                "item": row.item,
                "quadrant": row.assessment.quadrant if row.assessment else None,
                "recommendation": row.recommendation,
            }
            for row in selectors.board_rows(team, items)
        ]
        return Response(BoardItemOutput(rows, many=True).data, headers=headers)


class RecommendationAPI(APIView):
    @extend_schema(
        summary="The recommended responsible worker for a forwarded matter",
        responses={200: RecommendationOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def get(self, request, item_id):
        item = _item(request, item_id)
        assessment = selectors.latest_assessment(item)
        if assessment is None:
            raise ValidationError({"detail": [_("Assess the support need (four-field) first.")]})
        return Response(
            RecommendationOutput(selectors.recommend(item.team, assessment.quadrant)).data
        )


class AssessmentAPI(APIView):
    @extend_schema(
        summary="Assess the support need of a forwarded matter (four-field)",
        request=AssessmentInput,
        responses={201: AssessmentOutput, 400: FIELD_ERRORS, 403: ErrorOutput},
    )
    def post(self, request, item_id):
        item = _item(request, item_id)
        client_selectors.client_for_user(
            user=request.user, client_id=item.client_id, record_type="casework.board"
        )
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            assessment = services.support_need_assess(
                item=item, acting_user=request.user, **data.validated_data
            )
        except DomainError as error:
            raise ValidationError({error.field or "detail": [error.message]}) from None
        recommendation = selectors.recommend(item.team, assessment.quadrant)
        return Response(
            AssessmentOutput(
                {"quadrant": assessment.quadrant, "recommendation": recommendation}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class AssignAPI(APIView):
    @extend_schema(
        summary="Assign the responsible worker (opens the case)",
        request=AssignInput,
        responses={201: CaseOutput, 400: FIELD_ERRORS, 403: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request, item_id):
        item = _item(request, item_id)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        worker = Worker.objects.filter(
            username=data.validated_data["worker"], county_id=request.user.county_id
        ).first()
        if worker is None:
            raise ValidationError({"worker": [_("No such worker in this county.")]})
        try:
            case = services.case_assign(
                item=item,
                worker=worker,
                acting_user=request.user,
                reason=data.validated_data.get("reason", ""),
            )
        except ConflictError as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        except DomainError as error:
            raise ValidationError({error.field or "detail": [error.message]}) from None
        return Response(CaseOutput(case).data, status=status.HTTP_201_CREATED)
