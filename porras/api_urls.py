"""The REST API, version 1: each room's endpoints, and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from porras.activation.api import AttendanceAPI, ParticipantsAPI, WorkPlanAPI, WorkPlanCreateAPI
from porras.audit.api import AccessLogAPI
from porras.benefits.api import ApplicationAPI, ApplicationDecisionAPI, DecisionDocumentAPI
from porras.casework.api import AssessmentAPI, AssignAPI, BoardAPI, RecommendationAPI
from porras.casework.casefile.api import AppointmentOutcomeAPI, CaseAppointmentsAPI, CaseFileAPI
from porras.clients.api import ClientDetailAPI, ClientStatedReasonAPI
from porras.insight.api import FlowAPI
from porras.intake.api import (
    IntakeAttachmentAPI,
    IntakeItemClaimAPI,
    IntakeItemCreateAPI,
    IntakeItemDetailAPI,
)
from porras.people.api import TeamListAPI

# The schema and its documentation are for signed-in workers and integrations only.
SIGNED_IN = {"permission_classes": [IsAuthenticated]}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**SIGNED_IN), name="api-schema"),
    path(
        "docs/",
        # The split view serves its script as a file: no inline script for the CSP.
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", **SIGNED_IN),
        name="api-docs",
    ),
    path("teams/", TeamListAPI.as_view(), name="api-teams"),
    path("activation/plans/", WorkPlanCreateAPI.as_view(), name="api-activation-plans"),
    path("activation/plans/<uuid:plan_id>/", WorkPlanAPI.as_view(), name="api-activation-plan"),
    path(
        "activation/plans/<uuid:plan_id>/attendance/",
        AttendanceAPI.as_view(),
        name="api-activation-attendance",
    ),
    path("activation/participants/", ParticipantsAPI.as_view(), name="api-activation-participants"),
    path("clients/<uuid:client_id>/", ClientDetailAPI.as_view(), name="api-client"),
    path(
        "clients/<uuid:client_id>/access-reason/",
        ClientStatedReasonAPI.as_view(),
        name="api-client-reason",
    ),
    path("audit/access-log/", AccessLogAPI.as_view(), name="api-access-log"),
    path("intake/items/", IntakeItemCreateAPI.as_view(), name="api-intake-items"),
    path("intake/items/<uuid:item_id>/", IntakeItemDetailAPI.as_view(), name="api-intake-item"),
    path(
        "intake/items/<uuid:item_id>/claim/", IntakeItemClaimAPI.as_view(), name="api-intake-claim"
    ),
    path(
        "intake/items/<uuid:item_id>/attachments/",
        IntakeAttachmentAPI.as_view(),
        name="api-intake-attachments",
    ),
    path("distribution/teams/<uuid:team_id>/board/", BoardAPI.as_view(), name="api-board"),
    path(
        "distribution/items/<uuid:item_id>/recommendation/",
        RecommendationAPI.as_view(),
        name="api-recommendation",
    ),
    path(
        "distribution/items/<uuid:item_id>/assessment/",
        AssessmentAPI.as_view(),
        name="api-assessment",
    ),
    path("distribution/items/<uuid:item_id>/assign/", AssignAPI.as_view(), name="api-assign"),
    path(
        "benefits/applications/<uuid:item_id>/",
        ApplicationAPI.as_view(),
        name="api-benefit-application",
    ),
    path(
        "benefits/applications/<uuid:item_id>/decision/",
        ApplicationDecisionAPI.as_view(),
        name="api-benefit-decision",
    ),
    path(
        "benefits/applications/<uuid:item_id>/decision.pdf",
        DecisionDocumentAPI.as_view(),
        name="api-benefit-decision-pdf",
    ),
    path("cases/<uuid:case_id>/", CaseFileAPI.as_view(), name="api-case"),
    path(
        "cases/<uuid:case_id>/appointments/",
        CaseAppointmentsAPI.as_view(),
        name="api-case-appointments",
    ),
    path(
        "appointments/<uuid:appointment_id>/outcome/",
        AppointmentOutcomeAPI.as_view(),
        name="api-appointment-outcome",
    ),
    path("insight/flow/", FlowAPI.as_view(), name="api-insight-flow"),
]
