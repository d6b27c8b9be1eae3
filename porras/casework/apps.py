from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "porras.casework"
    label = "casework"
    verbose_name = _("Distribution and casework")

    def ready(self):
        from porras.clients.tracking import register_record_type

        register_record_type("casework.board", _("Distribution board"))
        register_record_type("casework.case", _("Case (asiakkuus)"))
