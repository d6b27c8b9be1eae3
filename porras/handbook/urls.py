from django.urls import path

from porras.handbook import views
from porras.handbook.models import Document, Process

app_name = "handbook"
urlpatterns = [
    path("handbook/", views.index, name="index"),
    path("handbook/new/", views.process_new, name="process_new"),
    path("handbook/site.zip", views.site_zip, name="site_zip"),
    path("handbook/<uuid:obj_id>/", views.detail, name="detail"),
    path("handbook/<uuid:obj_id>/edit/", views.process_edit, name="process_edit"),
    path("handbook/<uuid:obj_id>/model/", views.modeler, name="modeler"),
    path("handbook/<uuid:obj_id>/steps/", views.steps, name="steps"),
    path("handbook/<uuid:obj_id>/diagram.bpmn", views.diagram, name="diagram"),
    path("handbook/<uuid:obj_id>/notes/", views.note_pin, name="note_pin"),
    path("handbook/notes/<int:note_id>/", views.note_update, name="note_update"),
    path("handbook/<uuid:obj_id>/move/", views.move, {"model": Process}, name="move"),
    path(
        "handbook/<uuid:obj_id>/new-version/",
        views.new_version,
        {"model": Process},
        name="new_version",
    ),
    path("handbook/<uuid:obj_id>/compare/", views.compare, {"model": Process}, name="compare"),
    path("handbook/documents/", views.documents, name="documents"),
    path("handbook/documents/new/", views.document_new, name="document_new"),
    path("handbook/documents/<uuid:obj_id>/", views.document, name="document"),
    path("handbook/documents/<uuid:obj_id>/edit/", views.document_edit, name="document_edit"),
    path("handbook/documents/<uuid:obj_id>/file", views.document_file, name="document_file"),
    path(
        "handbook/documents/<uuid:obj_id>/move/",
        views.move,
        {"model": Document},
        name="document_move",
    ),
    path(
        "handbook/documents/<uuid:obj_id>/new-version/",
        views.new_version,
        {"model": Document},
        name="document_new_version",
    ),
    path(
        "handbook/documents/<uuid:obj_id>/compare/",
        views.compare,
        {"model": Document},
        name="document_compare",
    ),
]
