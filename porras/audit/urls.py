from django.urls import path

from porras.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.log_search, name="search"),
    path("audit/review/", views.review_queue, name="review_queue"),
    path("audit/review/<int:entry_id>/", views.review, name="review"),
    path("audit/extract/<uuid:client_id>/", views.client_extract, name="extract"),
]
