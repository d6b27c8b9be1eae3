from django.contrib import admin

from porras.decisions.models import DelegationRule
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(DelegationRule)
class DelegationRuleAdmin(CountyScopedAdmin):
    """The county's delegation of decisions (hallintosääntö): who may decide what, up to
    which amount. Without rules the shipped defaults are written on first use."""

    list_display = ["role", "decision_type", "outcome", "max_amount", "public_office_required"]
    list_filter = ["county", "role", "decision_type"]
