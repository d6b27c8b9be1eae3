from django.contrib import admin

from porras.intake.models import IntakeSettings, ServiceDirectoryEntry, ServiceTarget
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(ServiceDirectoryEntry)
class ServiceDirectoryEntryAdmin(CountyScopedAdmin):
    list_display = ["name", "category", "phone", "active", "county"]
    list_filter = ["category", "active", "county"]
    search_fields = ["name", "description"]


@admin.register(ServiceTarget)
class ServiceTargetAdmin(CountyScopedAdmin):
    list_display = ["kind", "urgent", "working_days", "county"]
    list_filter = ["county"]


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(CountyScopedAdmin):
    list_display = ["county", "contact_attempts", "repeat_window_days", "repeat_flag_threshold"]
