from django.urls import path
from django.views.generic import TemplateView

from porras.home import views

app_name = "home"
urlpatterns = [
    path("", views.front, name="front"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("clients/<uuid:client_id>/overview/", views.client_overview, name="client_overview"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="home/accessibility.html"),
        name="accessibility",
    ),
]
