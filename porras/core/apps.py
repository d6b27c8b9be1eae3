from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, using="default", **kwargs) -> None:
    """A database cache (the production default) needs its table: `porras migrate` makes it."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "porras.core"
    label = "core"
    verbose_name = _("Porras core")

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
