from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "porras.home"
    label = "home"
    verbose_name = _("Front page")

    def ready(self):
        from porras.clients.tracking import register_record_type

        register_record_type("home.own_work", _("The worker's own list of work"))
        register_record_type("home.client_overview", _("Overview of the client's matters"))
