from django.urls import path

from porras.handbook import views

app_name = "handbook"
urlpatterns = [
    path("handbook/", views.index, name="index"),
    path("handbook/<uuid:process_id>/", views.detail, name="detail"),
    path("handbook/<uuid:process_id>/diagram.bpmn", views.diagram, name="diagram"),
]
