from django.urls import path

from porras.casework import views
from porras.casework.casefile import decisions as case_decisions
from porras.casework.casefile import views as casefile

app_name = "casework"
case = "cases/<uuid:case_id>/"
urlpatterns = [
    path("distribution/", views.board, name="board"),
    path("distribution/accept-all/", views.accept_all, name="accept_all"),
    path("distribution/items/<uuid:item_id>/<str:action>/", views.item_action, name="action"),
    path("cases/mine/", casefile.my_cases, name="mine"),
    path("cases/reviews/", casefile.overdue_reviews, name="overdue_reviews"),
    path("cases/retention/", casefile.retention, name="retention"),
    path(case, views.case_detail, name="case"),
    path(case + "reason/", views.case_reason, name="case_reason"),
    path(case + "appointments/", casefile.appointments, name="appointments"),
    path(
        case + "appointments/<uuid:appointment_id>/outcome/",
        casefile.appointment_outcome,
        name="appointment_outcome",
    ),
    path(case + "assessment/", casefile.assessment, name="assessment"),
    path(
        case + "assessment/<uuid:assessment_id>/",
        casefile.assessment_detail,
        name="assessment_detail",
    ),
    path(case + "plan/", casefile.plan, name="plan"),
    path(case + "plan/draft/", casefile.plan_draft, name="plan_draft"),
    path(case + "plan/refuse/", casefile.plan_refuse, name="plan_refuse"),
    path(case + "plan/review/", casefile.plan_review, name="plan_review"),
    path(case + "plan/compare/", casefile.plan_compare, name="plan_compare"),
    path(case + "plan/<int:number>/", casefile.plan_version, name="plan_version"),
    path(case + "plan/<int:number>/pdf/<str:language>/", casefile.plan_pdf, name="plan_pdf"),
    path(case + "packages/", casefile.package_start, name="package_start"),
    path(case + "packages/<int:package_id>/end/", casefile.package_end, name="package_end"),
    path(case + "narrative/", casefile.narrative, name="narrative"),
    path(case + "narrative/<uuid:entry_id>/", casefile.narrative_edit, name="narrative_edit"),
    path(case + "decisions/", case_decisions.decisions, name="decisions"),
    path(
        case + "decisions/<uuid:decision_id>/<str:language>.pdf",
        case_decisions.decision_document,
        name="decision_pdf",
    ),
    path(
        case + "decisions/<uuid:decision_id>/<str:action>/",
        case_decisions.decision_action,
        name="decision_action",
    ),
    path(case + "close/", casefile.close, name="close"),
    path(case + "<str:action>/", views.case_action, name="case_action"),
    path("workload/", views.workload, name="workload"),
    path("workload/<int:worker_id>/move/", views.move_cases, name="move_cases"),
]
