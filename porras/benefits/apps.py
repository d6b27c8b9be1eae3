from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "porras.benefits"
    label = "benefits"
    verbose_name = _("Income support")

    def ready(self):
        from porras.clients.tracking import register_record_type

        register_record_type("benefits.queue", _("Income support applications queue"))
        register_record_type("benefits.application", _("Income support application"))
        register_record_type("benefits.calculation", _("Income support calculation"))
        register_record_type("benefits.decision", _("Income support decision"))
        register_record_type("benefits.decision_pdf", _("Decision letter (PDF)"))
        register_record_type("benefits.commitment_pdf", _("Payment commitment (PDF)"))
        register_record_type("benefits.payment_batch", _("Payment batch file for the bank"))
        register_record_type(
            "api.benefits.application", _("Application through the interface (API)")
        )
