from django.contrib import admin

from porras.decisions.models import DelegationRule, RectificationBody
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(DelegationRule)
class DelegationRuleAdmin(CountyScopedAdmin):
    """The county's delegation of decisions (hallintosääntö): who may decide what, up to
    which amount. Without rules the shipped defaults are written on first use."""

    list_display = ["role", "decision_type", "outcome", "max_amount", "public_office_required"]
    list_filter = ["county", "role", "decision_type"]


@admin.register(RectificationBody)
class RectificationBodyAdmin(CountyScopedAdmin):
    """Who decides requests for rectification, printed on every decision's instructions."""

    list_display = ["name_fi", "name_sv", "county"]
