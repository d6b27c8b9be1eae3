from django.contrib import admin

from porras.activation.models import ActivationSettings, Organiser, OrganiserStaff, Place
from porras.people.admin_scope import CountyChoicesMixin, CountyScopedAdmin
from porras.people.models import Role, Worker


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0
    fields = ["name", "address", "contact_name", "contact_phone", "contact_email", "active"]


class StaffInline(CountyChoicesMixin, admin.TabularInline):
    """Logins of the organiser's staff: workers of the county with the organiser role."""

    model = OrganiserStaff
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "worker":
            workers = Worker.objects.filter(role=Role.ORGANISER)
            if not request.user.is_superuser:
                workers = workers.filter(county_id=request.user.county_id)
            kwargs["queryset"] = workers
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organiser)
class OrganiserAdmin(CountyScopedAdmin):
    """The directory of work activity organisers, their places and their staff's logins.
    Never deleted (plans name them): one no longer used is taken out of use."""

    list_display = ["name", "kind", "business_id", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    exclude = ["staff"]
    inlines = [PlaceInline, StaffInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivationSettings)
class ActivationSettingsAdmin(CountyScopedAdmin):
    list_display = ["county", "allowance_per_day", "review_interval_months", "reminder_days"]
