from django.urls import path

from porras.benefits import views

app_name = "benefits"
urlpatterns = [
    path("benefits/", views.queue, name="queue"),
    path("benefits/payments/", views.payment_list, name="payments"),
    path(
        "benefits/payments/<uuid:batch_id>/<str:file_format>/",
        views.batch_download,
        name="batch_file",
    ),
    path("benefits/statistics/", views.statistics, name="statistics"),
    path("benefits/<uuid:item_id>/", views.application, name="application"),
    path("benefits/<uuid:item_id>/calculation/", views.calculation, name="calculation"),
    path("benefits/<uuid:item_id>/reason/", views.item_reason, name="reason"),
    path("benefits/<uuid:item_id>/decision/", views.decide, name="decide"),
    path(
        "benefits/<uuid:item_id>/decision/<str:language>.pdf",
        views.decision_document,
        name="decision_pdf",
    ),
    path(
        "benefits/<uuid:item_id>/commitments/<uuid:payment_id>/<str:language>.pdf",
        views.commitment_document,
        name="commitment_pdf",
    ),
    path("benefits/<uuid:item_id>/<str:action>/", views.application_action, name="action"),
]
