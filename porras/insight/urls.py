from django.urls import path

from porras.insight import views

app_name = "insight"
urlpatterns = [
    path("insight/", views.weekly, name="weekly"),
    path("insight/weekly.<str:file_format>", views.weekly_file, name="weekly_file"),
    path("insight/flow/", views.flow_page, name="flow"),
    path("insight/deadlines/", views.deadlines_board, name="deadlines"),
    path("insight/roles/", views.roles, name="roles"),
    path("insight/compare/", views.compare, name="compare"),
    path("insight/conformance/", views.conformance, name="conformance"),
]
