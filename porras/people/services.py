"""Writes to the organisation. Each service checks permission and rules itself."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.people import permissions, selectors
from porras.people.models import Absence, ApiToken, DutyPair, Role, Team, Worker, role_in_sentence

# An absence is entered for the recent past or the next two years, a year at most.
ABSENCE_PAST = dt.timedelta(days=366)
ABSENCE_AHEAD = dt.timedelta(days=2 * 366)
ABSENCE_LONGEST = dt.timedelta(days=366)


def absence_create(
    *,
    worker: Worker,
    starts_on: dt.date,
    ends_on: dt.date,
    kind: str,
    note: str = "",
    acting_user: Worker,
) -> Absence:
    permissions.require(
        permissions.can_manage_absences(acting_user, worker),
        _("You may enter absences only for yourself or for members of the team you manage."),
    )
    if ends_on < starts_on:
        raise DomainError(_("The last day cannot be before the first day."), field="ends_on")
    today = clock.today()
    if not today - ABSENCE_PAST <= starts_on <= today + ABSENCE_AHEAD:
        raise DomainError(
            _("The first day must be between %(first)s and %(last)s: check the year.")
            % {
                "first": date_format(today - ABSENCE_PAST, "SHORT_DATE_FORMAT"),
                "last": date_format(today + ABSENCE_AHEAD, "SHORT_DATE_FORMAT"),
            },
            field="starts_on",
        )
    if ends_on - starts_on > ABSENCE_LONGEST:
        raise DomainError(_("An absence is entered for at most a year at a time."), field="ends_on")
    with transaction.atomic():
        # Lock the worker row so that two overlapping entries cannot both pass the check.
        Worker.objects.select_for_update().get(pk=worker.pk)
        clash = selectors.absences_overlapping([worker], starts_on, ends_on).first()
        if clash is not None:
            raise DomainError(
                _("%(name)s already has an absence %(first)s–%(last)s that overlaps these days.")
                % {
                    "name": worker,
                    "first": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                    "last": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
                },
                field="starts_on",
            )
        return Absence.objects.create(
            worker=worker,
            starts_on=starts_on,
            ends_on=ends_on,
            kind=kind,
            note=note,
            created_by=acting_user,
        )


def absence_delete(*, absence: Absence, acting_user: Worker) -> None:
    permissions.require(
        permissions.can_manage_absences(acting_user, absence.worker),
        _("You may remove absences only for yourself or for members of the team you manage."),
    )
    absence.delete()


def _check_pair_member(*, worker: Worker, role: str, team: Team, week_start: dt.date) -> None:
    field = "social_worker" if role == Role.SOCIAL_WORKER else "counsellor"
    if worker.role != role or not worker.is_active:
        raise DomainError(
            _("%(name)s cannot be in the duty pair as %(role)s: their role is %(actual)s.")
            % {
                "name": worker,
                "role": role_in_sentence(role),
                "actual": role_in_sentence(worker.role),
            },
            field=field,
        )
    if not permissions.is_member(worker, team):
        raise DomainError(
            _("%(name)s is not a member of the team %(team)s.") % {"name": worker, "team": team},
            field=field,
        )
    friday = week_start + dt.timedelta(days=4)
    absent = selectors.absent_working_days(worker, week_start, friday)
    if absent:
        raise DomainError(
            _("%(name)s is absent during week %(week)s (%(days)s).")
            % {
                "name": worker,
                "week": week_start.isocalendar().week,
                "days": ", ".join(date_format(d, "SHORT_DATE_FORMAT") for d in absent),
            },
            field=field,
        )


def duty_pair_plan(
    *,
    team: Team,
    week_start: dt.date,
    social_worker: Worker,
    counsellor: Worker,
    acting_user: Worker,
    expected_version: int | None = None,
) -> DutyPair:
    """Set the duty pair of `team` for the week starting `week_start`.

    `expected_version` is the version the user saw (None when they saw an empty
    week); a pair changed by someone else meanwhile is refused, not overwritten.
    """
    permissions.require(
        permissions.can_plan_rota(acting_user, team),
        _("Only the manager of this team may plan its duty rota."),
    )
    if week_start.weekday() != 0:
        raise DomainError(_("A duty week starts on a Monday."))
    if week_start < clock.week_start(clock.today()):
        raise DomainError(_("A past week's duty pair cannot be changed."))
    _check_pair_member(
        worker=social_worker, role=Role.SOCIAL_WORKER, team=team, week_start=week_start
    )
    _check_pair_member(worker=counsellor, role=Role.COUNSELLOR, team=team, week_start=week_start)
    try:
        with transaction.atomic():
            pair = (
                DutyPair.objects.select_for_update()
                .filter(team=team, week_start=week_start)
                .first()
            )
            if pair is None:
                if expected_version is not None:
                    raise _rota_conflict(week_start)
                return DutyPair.objects.create(
                    team=team,
                    week_start=week_start,
                    social_worker=social_worker,
                    counsellor=counsellor,
                    planned_by=acting_user,
                )
            if expected_version != pair.version:
                raise _rota_conflict(week_start)
            if (pair.social_worker_id, pair.counsellor_id) == (social_worker.pk, counsellor.pk):
                return pair
            pair.social_worker = social_worker
            pair.counsellor = counsellor
            pair.planned_by = acting_user
            pair.version += 1
            pair.save()
            return pair
    except IntegrityError as exc:
        # Two managers created the same week at once: the unique constraint caught it.
        raise _rota_conflict(week_start) from exc


def duty_pair_remove(
    *, team: Team, week_start: dt.date, acting_user: Worker, expected_version: int | None
) -> None:
    permissions.require(
        permissions.can_plan_rota(acting_user, team),
        _("Only the manager of this team may plan its duty rota."),
    )
    if week_start < clock.week_start(clock.today()):
        raise DomainError(_("A past week's duty pair cannot be changed."))
    with transaction.atomic():
        pair = DutyPair.objects.select_for_update().filter(team=team, week_start=week_start).first()
        if pair is None:
            return
        if expected_version != pair.version:
            raise _rota_conflict(week_start)
        pair.delete()


def _rota_conflict(week_start: dt.date) -> ConflictError:
    return ConflictError(
        _(
            "Someone else changed the duty pair of week %(week)s while you were editing. "
            "Check the current pair and save again."
        )
        % {"week": week_start.isocalendar().week}
    )


def api_token_create(
    *, worker: Worker, name: str, days: int, acting_user: Worker
) -> tuple[ApiToken, str]:
    """A new API token for `worker`: returns it and its secret, which is never shown again."""
    permissions.require(
        acting_user.is_active and acting_user.pk == worker.pk,
        _("Each worker creates their own API tokens."),
    )
    name = name.strip()
    if not name:
        raise DomainError(_("Name the token, e.g. after the system that uses it."), field="name")
    if not 1 <= days <= settings.PORRAS_API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("A token is valid for 1–%(max)s days.") % {"max": settings.PORRAS_API_TOKEN_MAX_DAYS},
            field="days",
        )
    with transaction.atomic():
        return ApiToken.objects.create(user=worker, expiry=dt.timedelta(days=days), name=name)


def api_token_revoke(*, token: ApiToken, acting_user: Worker) -> None:
    permissions.require(
        token.user_id == acting_user.pk, _("Each worker revokes their own API tokens.")
    )
    ApiToken.objects.filter(pk=token.pk).delete()


# What a county's administrator (pääkäyttäjä) keeps in the admin: the configuration of
# their own county (the admin scopes every list and choice by county).
COUNTY_ADMIN_MODELS = {
    "people": (
        "municipality",
        "team",
        "teamarea",
        "membership",
        "worker",
        "absence",
        "dutypair",
        "apitoken",
    ),
    "intake": ("servicedirectoryentry", "servicetarget", "intakesettings"),
    "casework": ("quadrantsetting", "fourfieldaxes", "caseworksettings", "servicepackage"),
    "handbook": ("handbooksettings",),
    "decisions": ("delegationrule", "rectificationbody"),
    "benefits": ("expensecategory", "benefitrules", "paymentaccount"),
}


def county_administrators_group():
    """The group that makes a staff user their county's administrator (never a superuser)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="County administrators")
    permissions_ = Permission.objects.filter(
        content_type__app_label__in=list(COUNTY_ADMIN_MODELS),
    ).select_related("content_type")
    group.permissions.set(
        [
            p
            for p in permissions_
            if p.content_type.model in COUNTY_ADMIN_MODELS[p.content_type.app_label]
        ]
        + list(Permission.objects.filter(codename__in=["view_county", "change_county"]))
    )
    return group
