"""The Django admin, scoped by county.

A county's administrator (pääkäyttäjä: staff, not superuser) configures their own
county and sees nothing of another's; the platform's superuser, who runs Porras for
several counties, sees all.
"""

from django.contrib import admin
from django.db import models

from porras.people.models import County, Municipality, Team, Worker

# How each model offered in a choice reaches its county.
CHOICE_SCOPES = {County: "pk", Municipality: "county", Team: "county", Worker: "county"}


def _platform(request) -> bool:
    return request.user.is_superuser


class CountyChoicesMixin:
    """Choices of counties, teams, municipalities and workers are the user's county's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def _scope_choices(db_field, request, kwargs) -> None:
        scope = CHOICE_SCOPES.get(db_field.related_model)
        if scope and not _platform(request):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{scope: request.user.county_id}
            )


class CountyScopedAdmin(CountyChoicesMixin, admin.ModelAdmin):
    county_path = "county"  # the lookup from the model to its county
    # A web address typed without a scheme is read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if _platform(request):
            return rows
        return rows.filter(**{self.county_path: request.user.county_id})

    def get_list_filter(self, request):
        """A filter by team or worker offers only those of the user's county (a plain
        related filter would list every county's)."""
        filters = super().get_list_filter(request)
        if _platform(request):
            return filters
        scoped = []
        for name in filters:
            related = (
                self.model._meta.get_field(name).related_model if isinstance(name, str) else None
            )
            if related is County:
                continue
            if related in CHOICE_SCOPES:
                scoped.append((name, admin.RelatedOnlyFieldListFilter))
            else:
                scoped.append(name)
        return scoped

    def save_model(self, request, obj, form, change):
        if not _platform(request) and self.county_path == "county":
            obj.county_id = request.user.county_id
        super().save_model(request, obj, form, change)


class CountyScopedInline(CountyChoicesMixin, admin.StackedInline):
    """Stacked, not tabular: every field keeps its own label (a screen reader needs it)."""
