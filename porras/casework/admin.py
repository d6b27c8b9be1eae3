from django.contrib import admin

from porras.casework.models import CaseworkSettings, FourFieldAxes, QuadrantSetting, ServicePackage
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(QuadrantSetting)
class QuadrantSettingAdmin(CountyScopedAdmin):
    list_display = [
        "quadrant",
        "name",
        "role",
        "requires_public_office",
        "consult_social_worker",
        "county",
    ]
    list_filter = ["county"]


@admin.register(FourFieldAxes)
class FourFieldAxesAdmin(CountyScopedAdmin):
    list_display = ["county", "capacity_question", "breadth_question"]


@admin.register(CaseworkSettings)
class CaseworkSettingsAdmin(CountyScopedAdmin):
    list_display = ["county", "absence_horizon_days"]


@admin.register(ServicePackage)
class ServicePackageAdmin(CountyScopedAdmin):
    """The county's service packages: the four shipped ones can be renamed or taken out of
    use, and the county may add its own. Packages are never deleted: cases refer to them."""

    list_display = ["__str__", "code", "order", "active", "county"]
    list_filter = ["county", "active"]

    def has_delete_permission(self, request, obj=None):
        return False
