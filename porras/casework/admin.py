from django.contrib import admin

from porras.casework.models import CaseworkSettings, FourFieldAxes, QuadrantSetting
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
