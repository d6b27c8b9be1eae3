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
        register_notifications()


def register_notifications() -> None:
    """The sentences of casework's notifications, made in the reader's language."""
    import datetime as dt

    from django.utils import formats

    from porras.intake.models import Kind
    from porras.people.notifications import register

    def day(value: str) -> str:
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")

    register(
        "case_assigned",
        lambda p: (
            _("You are the responsible worker of a new case (%(kind)s, %(date)s).")
            % {"kind": Kind(p["matter"]).label, "date": day(p["pending"])}
        ),
    )
    register(
        "case_reassigned",
        lambda p: (
            _("You are now the responsible worker of a case (previously %(name)s).")
            % {"name": p["previous"]}
        ),
    )
    register("co_worker_set", lambda p: _("You are now the co-worker of a case."))
    register(
        "consultation_asked",
        lambda p: _("%(name)s asks for your consultation on a case.") % {"name": p["asked_by"]},
    )
    register(
        "consultation_answered",
        lambda p: _("%(name)s answered your consultation.") % {"name": p["answered_by"]},
    )
