from django.contrib import admin

from porras.handbook.models import HandbookSettings
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(HandbookSettings)
class HandbookSettingsAdmin(CountyScopedAdmin):
    """The county's step limits; the handbook's content is kept in its own pages."""

    list_display = ["county", "main_min_steps", "main_max_steps", "sub_max_steps"]
