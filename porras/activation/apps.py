from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivationConfig(AppConfig):
    name = "porras.activation"
    label = "activation"
    verbose_name = _("Rehabilitative work activity")

    def ready(self):
        import datetime as dt

        from django.utils import formats

        from porras.activation.models import AbsenceReason
        from porras.clients.tracking import register_record_type
        from porras.people.notifications import register

        def day(value: str) -> str:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")

        register_record_type("activation.case", _("Work activity of the case"))
        register_record_type("activation.plan", _("Work activity plan and attendance"))
        register_record_type("activation.participants", _("Work activity participants"))
        register_record_type("activation.overview", _("Own work activity participants"))
        register_record_type("activation.allowances", _("Work activity allowances of a month"))
        register_record_type("activation.report", _("Work activity report of an organiser"))
        register_record_type("api.activation.plan", _("Work activity plan through the API"))
        register_record_type(
            "api.activation.attendance", _("Work activity attendance through the API")
        )
        register(
            "work_activity_absence",
            lambda p: (
                _("A participant of %(place)s was absent on %(day)s (%(reason)s).")
                % {
                    "place": p["place"],
                    "day": day(p["day"]),
                    "reason": AbsenceReason(p["reason"]).label.lower(),
                }
            ),
        )
