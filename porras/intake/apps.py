from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "porras.intake"
    label = "intake"
    verbose_name = _("Intake and service guidance")

    def ready(self):
        from porras.clients.tracking import register_record_type

        register_record_type("intake.item", _("Matter in service guidance"))
        register_record_type("intake.queue", _("Service guidance queue"))
        register_record_type("intake.hint", _("Client check while receiving a matter"))
        register_record_type("api.intake.item", _("Matter through the interface (API)"))
        register_record_type(
            "intake.matter_for_existing_client",
            _("Matter recorded for an existing client of another team (opens access)"),
        )
