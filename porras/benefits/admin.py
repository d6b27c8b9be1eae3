from django.contrib import admin

from porras.benefits.models import BenefitRules, ExpenseCategory, PaymentAccount
from porras.people.admin_scope import CountyScopedAdmin


@admin.register(ExpenseCategory)
class ExpenseCategoryAdmin(CountyScopedAdmin):
    """The categories of expense in the calculation. Never deleted (old calculations name
    them): one no longer used is taken out of use."""

    list_display = ["code", "name_fi", "name_sv", "order", "active"]
    list_filter = ["county", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BenefitRules)
class BenefitRulesAdmin(CountyScopedAdmin):
    list_display = ["county", "raise_when_social_worker_case", "payment_days_after_decision"]


@admin.register(PaymentAccount)
class PaymentAccountAdmin(CountyScopedAdmin):
    """The county's account that pays income support (the payer of the SEPA file)."""

    list_display = ["name", "iban", "bic", "county"]
