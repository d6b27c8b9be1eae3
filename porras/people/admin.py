from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from porras.people.admin_scope import CountyScopedAdmin, CountyScopedInline
from porras.people.models import (
    Absence,
    ApiToken,
    County,
    DutyPair,
    Membership,
    Municipality,
    Team,
    TeamArea,
    Worker,
)


@admin.register(County)
class CountyAdmin(CountyScopedAdmin):
    county_path = "pk"

    list_display = ["name", "service_area"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(CountyScopedAdmin):
    list_display = ["name_fi", "name_sv", "code", "county"]
    list_filter = ["county"]
    search_fields = ["name_fi", "name_sv", "code"]


class TeamAreaInline(CountyScopedInline):
    model = TeamArea
    extra = 1


class MembershipInline(CountyScopedInline):
    model = Membership
    extra = 1


@admin.register(Team)
class TeamAdmin(CountyScopedAdmin):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name"]
    inlines = [TeamAreaInline, MembershipInline]


@admin.register(Worker)
class WorkerAdmin(CountyScopedAdmin, UserAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A county's administrator cannot make a platform superuser.
            fields += ["is_superuser", "user_permissions"]
        return fields


@admin.register(Absence)
class AbsenceAdmin(CountyScopedAdmin):
    county_path = "worker__county"

    list_display = ["worker", "starts_on", "ends_on", "kind", "created_by"]
    list_filter = ["kind"]
    date_hierarchy = "starts_on"

    # Absences are entered through the staff UI, where the permission rules apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DutyPair)
class DutyPairAdmin(CountyScopedAdmin):
    county_path = "team__county"

    list_display = ["team", "week_start", "social_worker", "counsellor", "planned_by"]
    list_filter = ["team"]

    # The rota is planned by each team's manager in the staff UI, where the rules apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(CountyScopedAdmin):
    """Tokens are listed and revoked here, never shown: only their hash is stored."""

    county_path = "user__county"
    list_display = ["name", "user", "created", "expiry", "last_used_at"]
    list_filter = ["expiry"]
    search_fields = ["name", "user__username"]
    fields = ["name", "user", "created", "expiry", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # created by their owner ("API tokens") or `porras apitoken`

    def has_change_permission(self, request, obj=None) -> bool:
        return False
