"""A view that reads a client without the selectors: the access log must still see it."""

from django.http import HttpResponse
from django.urls import include, path

from porras.clients.models import Client


def sloppy(request, client_id):
    return HttpResponse(Client.objects.get(pk=client_id).last_name)


urlpatterns = [
    path("sloppy/<uuid:client_id>/", sloppy, name="sloppy"),
    path("", include("porras.urls")),
]
