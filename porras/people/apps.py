from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _refresh_county_administrators(sender, **kwargs):
    """Keep the county administrators' permissions current: a release that adds a
    configurable model gives it to them at `porras migrate`."""
    from porras.people.services import COUNTY_ADMIN_MODELS, county_administrators_group

    if sender.label in COUNTY_ADMIN_MODELS:
        county_administrators_group()


class PeopleConfig(AppConfig):
    name = "porras.people"
    label = "people"
    verbose_name = _("Organisation and staff")

    def ready(self):
        post_migrate.connect(
            _refresh_county_administrators, dispatch_uid="porras.county_administrators"
        )
