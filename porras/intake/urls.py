from django.urls import path

from porras.intake import views

app_name = "intake"
urlpatterns = [
    path("intake/", views.queue, name="queue"),
    path("intake/new/", views.receive, name="receive"),
    path("intake/hint/", views.client_hint, name="hint"),
    path("intake/items/<uuid:item_id>/", views.item, name="item"),
    path("intake/items/<uuid:item_id>/reason/", views.item_reason, name="reason"),
    path("intake/items/<uuid:item_id>/<str:action>/", views.item_action, name="action"),
]
