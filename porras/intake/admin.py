from django.contrib import admin

from porras.intake.models import IntakeSettings, ServiceDirectoryEntry, ServiceTarget


@admin.register(ServiceDirectoryEntry)
class ServiceDirectoryEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "phone", "active", "county"]
    list_filter = ["category", "active", "county"]
    search_fields = ["name", "description"]


@admin.register(ServiceTarget)
class ServiceTargetAdmin(admin.ModelAdmin):
    list_display = ["kind", "urgent", "working_days", "county"]
    list_filter = ["county"]


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(admin.ModelAdmin):
    list_display = ["county", "contact_attempts", "repeat_window_days", "repeat_flag_threshold"]
