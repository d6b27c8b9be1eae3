from django.urls import path

from porras.activation import views

app_name = "activation"

urlpatterns = [
    path("activation/", views.overview, name="overview"),
    path("activation/participants/", views.participants, name="participants"),
    path("activation/cases/<uuid:case_id>/", views.case_plans, name="case"),
    path(
        "activation/reviews/<uuid:activation_id>/",
        views.activation_review,
        name="activation_review",
    ),
    path("activation/plans/<uuid:plan_id>/", views.plan, name="plan"),
    path("activation/plans/<uuid:plan_id>/change/", views.plan_change, name="plan_change"),
    path("activation/plans/<uuid:plan_id>/agreement/", views.agreement, name="agreement"),
    path("activation/plans/<uuid:plan_id>/decision/", views.decision_link, name="decision"),
    path(
        "activation/plans/<uuid:plan_id>/mid-evaluation/",
        views.mid_evaluation,
        name="mid_evaluation",
    ),
    path("activation/plans/<uuid:plan_id>/end/", views.end, name="end"),
    path("activation/plans/<uuid:plan_id>/continue/", views.continue_period, name="continue"),
    path("activation/plans/<uuid:plan_id>/pay/", views.allowance_pay, name="pay"),
    path(
        "activation/plans/<uuid:plan_id>/week/<str:monday>/",
        views.attendance_week,
        name="attendance_week",
    ),
    path("activation/absences/<int:attendance_id>/informed/", views.informed, name="informed"),
    path("activation/organisers/", views.directory, name="directory"),
    path("activation/organisers/<uuid:organiser_id>/", views.organiser, name="organiser"),
    path(
        "activation/organisers/<uuid:organiser_id>/report/<str:month>/",
        views.organiser_report,
        name="report",
    ),
    path("activation/places/<uuid:place_id>/", views.place, name="place"),
    path("activation/allowances/", views.allowances, name="allowances"),
]
