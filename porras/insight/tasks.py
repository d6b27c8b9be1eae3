"""The scheduled task that keeps the aggregates filled: it runs on the task runner
(django-tasks with its database backend; `porras db_worker`) and enqueues its next
run a minute later, so one enqueued run keeps it going."""

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from porras.insight import aggregates

INTERVAL = dt.timedelta(minutes=1)


KEEP_RESULTS = dt.timedelta(days=1)


@task()
def refresh_figures() -> int:
    try:
        added = aggregates.fill_all()
        # A run a minute leaves a result a minute: keep a day's, for the operator to see.
        DBTaskResult.objects.filter(
            task_path=refresh_figures.module_path,
            status=TaskResultStatus.SUCCESSFUL,
            finished_at__lt=timezone.now() - KEEP_RESULTS,
        ).delete()
    finally:
        # The next run is enqueued even when this one failed: the chain never stops.
        if refresh_figures.get_backend().supports_defer:
            # The runner keeps real time, whatever the clock of the demo or the tests says.
            refresh_figures.using(run_after=timezone.now() + INTERVAL).enqueue()
    return added


def schedule() -> bool:
    """Enqueue the task unless a run is already waiting; whether one was enqueued."""
    waiting = DBTaskResult.objects.filter(
        task_path=refresh_figures.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()
    if not waiting:
        refresh_figures.enqueue()
    return not waiting
