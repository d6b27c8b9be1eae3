from django.urls import path

from porras.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.search, name="search"),
    path("clients/new/", views.register, name="register"),
    path("clients/reason/", views.reason_by_hetu, name="reason_by_hetu"),
    path("clients/<uuid:client_id>/", views.detail, name="detail"),
    path("clients/<uuid:client_id>/edit/", views.edit, name="edit"),
    path("clients/<uuid:client_id>/identify/", views.identify, name="identify"),
    path("clients/<uuid:client_id>/reason/", views.reason, name="reason"),
]
