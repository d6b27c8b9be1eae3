from django.urls import path

from porras.casework import views

app_name = "casework"
urlpatterns = [
    path("distribution/", views.board, name="board"),
    path("distribution/accept-all/", views.accept_all, name="accept_all"),
    path("distribution/items/<uuid:item_id>/<str:action>/", views.item_action, name="action"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/reason/", views.case_reason, name="case_reason"),
    path("cases/<uuid:case_id>/<str:action>/", views.case_action, name="case_action"),
    path("workload/", views.workload, name="workload"),
    path("workload/<int:worker_id>/move/", views.move_cases, name="move_cases"),
]
