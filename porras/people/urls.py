from django.urls import path

from porras.people import views

app_name = "people"
urlpatterns = [
    path("teams/<uuid:team_id>/rota/", views.rota, name="rota"),
    path("teams/<uuid:team_id>/rota/plan/", views.rota_plan, name="rota_plan"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:absence_id>/delete/", views.absence_delete, name="absence_delete"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
