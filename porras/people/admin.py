from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from porras.people.models import (
    Absence,
    County,
    DutyPair,
    Membership,
    Municipality,
    Team,
    TeamArea,
    Worker,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "code", "county"]
    list_filter = ["county"]
    search_fields = ["name_fi", "name_sv", "code"]


class TeamAreaInline(admin.TabularInline):
    model = TeamArea
    extra = 1
    autocomplete_fields = ["municipality"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["worker", "team"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name"]
    inlines = [TeamAreaInline, MembershipInline]


@admin.register(Worker)
class WorkerAdmin(UserAdmin):
    list_display = [
        "username",
        "last_name",
        "first_name",
        "role",
        "public_office",
        "capacity",
        "is_active",
    ]
    list_filter = ["role", "public_office", "is_active", "county"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Work"), {"fields": ("county", "role", "public_office", "capacity", "title")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (
            _("Work"),
            {
                "fields": (
                    "county",
                    "role",
                    "public_office",
                    "capacity",
                    "first_name",
                    "last_name",
                    "email",
                )
            },
        ),
    )
    inlines = [MembershipInline]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["worker", "starts_on", "ends_on", "kind", "created_by"]
    list_filter = ["kind"]
    date_hierarchy = "starts_on"

    # Absences are entered through the staff UI, where the permission rules apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DutyPair)
class DutyPairAdmin(admin.ModelAdmin):
    list_display = ["team", "week_start", "social_worker", "counsellor", "planned_by"]
    list_filter = ["team"]

    # The rota is planned by each team's manager in the staff UI, where the rules apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
