import csv
import datetime as dt
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from porras.core.routers import reads_from_replica
from porras.eventlog.activities import Activity
from porras.insight import conformance as conformance_check
from porras.insight import deadlines
from porras.insight import roles as role_figures
from porras.insight import weekly as weekly_table
from porras.insight.flow import flow
from porras.insight.forms import ConformanceForm, ScopeForm
from porras.insight.templatetags.insight import span
from porras.people import permissions

VARIANTS_SHOWN = 15


def _scope_form(request, form_class=ScopeForm, **options) -> tuple[ScopeForm, object]:
    """The filter form as the user sees it (defaults filled in) and its scope, or None when
    the input was wrong (the form then shows why, with what was typed)."""
    permissions.require(
        permissions.insight_teams(request.user).exists()
        or permissions.sees_county_figures(request.user),
        _("You belong to no team whose figures to show."),
    )
    options["user"] = request.user
    form = form_class(request.GET, **options)
    if not form.is_valid():
        return form, None
    # The form shows the defaults it chose (period, team) where nothing was typed.
    shown = request.GET.copy()
    for name, value in form.cleaned_data.items():
        if isinstance(value, dt.date):
            shown[name] = value.isoformat()
        elif hasattr(value, "pk"):
            shown[name] = str(value.pk)
    form.data = shown
    return form, form.scope()


def _label(code: str) -> str:
    try:
        return str(Activity(code).label)
    except ValueError:
        return code


@login_required
@reads_from_replica
def flow_page(request):
    form, scope = _scope_form(request, kinds=True)
    result = None
    if scope is not None:
        result = flow(scope)
        for edge in result["edges"]:
            edge["source_label"] = _label(edge["source"])
            edge["target_label"] = _label(edge["target"])
        result["variants_shown"] = [
            {"count": v["count"], "steps": [_label(code) for code in v["activities"]]}
            for v in result["variants"][:VARIANTS_SHOWN]
        ]
        for key in ("start_activities", "end_activities"):
            result[key] = [(_label(code), count) for code, count in result[key].items()]
    return render(request, "insight/flow.html", {"form": form, "result": result})


@login_required
@reads_from_replica
def weekly(request):
    form, scope = _scope_form(request)
    table = weekly_table.weekly(scope) if scope is not None else None
    return render(
        request,
        "insight/weekly.html",
        {
            "form": form,
            "table": table,
            "load": weekly_table.load_now(scope) if scope is not None else [],
            "query": request.GET.urlencode(),
        },
    )


@login_required
@reads_from_replica
def weekly_file(request, file_format):
    """The weekly table as CSV or XLSX: a column per week, the figures as numbers."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form, scope = _scope_form(request)
    if scope is None:
        return render(request, "insight/weekly.html", {"form": form, "table": None}, status=400)
    table = weekly_table.weekly(scope)
    # The code column names each figure for programs reading the file in any language.
    header = [_("Code"), _("Group"), _("Figure"), *(monday.isoformat() for monday in table.weeks)]
    lines = [
        [row.key, str(row.group), str(row.label), *(_number(row.kind, c) for c in row.cells)]
        for row in table.rows
    ]
    name = f"porras-weekly-{scope.since:%Y%m%d}-{scope.until:%Y%m%d}.{file_format}"
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *lines])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _workbook(header, lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _number(kind: str, cell):
    """A cell as a number for a spreadsheet: a count, a share 0–1, or the median days."""
    value = cell.value(kind)
    return value if value is None or kind == "count" else round(value, 4 if kind == "share" else 2)


def _workbook(header: list, lines: list) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Weekly team table"))[:31]
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    sheet.freeze_panes = "D2"
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()


@login_required
@reads_from_replica
def deadlines_board(request):
    form, scope = _scope_form(request, period=False)
    board = deadlines.board(scope) if scope is not None else None
    return render(request, "insight/deadlines.html", {"form": form, "board": board})


@login_required
@reads_from_replica
def roles(request):
    form, scope = _scope_form(request)
    table = role_figures.role_table(scope) if scope is not None else None
    return render(request, "insight/roles.html", {"form": form, "table": table})


@login_required
@reads_from_replica
def compare(request):
    """Before and after (seed 001, measuring the change): the weekly table's totals and
    the flow of two periods side by side."""
    form, scope = _scope_form(request, compare=True)
    context = {"form": form}
    if scope is not None:
        before_scope = form.before_scope()
        before, after = weekly_table.weekly(before_scope), weekly_table.weekly(scope)
        context["rows"] = [
            {
                "row": row,
                "before": weekly_table.Cell.total(old.cells),
                "after": weekly_table.Cell.total(row.cells),
            }
            for old, row in zip(before.rows, after.rows, strict=False)
            if old.key == row.key
        ]
        flows = {"before": flow(before_scope), "after": flow(scope)}
        waits = {
            name: {(e["source"], e["target"]): e for e in result["edges"]}
            for name, result in flows.items()
        }
        pairs = sorted(
            set(waits["before"]) | set(waits["after"]),
            key=lambda pair: (
                -max(
                    waits["before"].get(pair, {}).get("count", 0),
                    waits["after"].get(pair, {}).get("count", 0),
                )
            ),
        )[: VARIANTS_SHOWN * 2]
        context |= {
            "before_scope": before_scope,
            "after_scope": scope,
            "flows": flows,
            "edges": [
                {
                    "source": _label(pair[0]),
                    "target": _label(pair[1]),
                    "before": waits["before"].get(pair),
                    "after": waits["after"].get(pair),
                }
                for pair in pairs
            ],
        }
    return render(request, "insight/compare.html", context)


@login_required
@reads_from_replica
def conformance(request):
    """The handbook held against what happened: the share of matters that followed the
    process's documented order, the commonest departures with example matters, and the
    waits drawn on the diagram."""
    form, scope = _scope_form(request, ConformanceForm)
    result = None
    if scope is not None:
        process = form.cleaned_data["process"]
        result = conformance_check.check(process, scope)
        if result is not None:
            for deviation in result["deviations"]:
                deviation["kind_label"] = conformance_check.KIND_LABELS[deviation["kind"]]
                deviation["source_label"] = _label(deviation["source"] or "")
                deviation["target_label"] = _label(deviation["target"])
            for task in result["tasks"].values():
                task["label"] = _label(task["activity"])
                task["median_text"] = span(task.get("median_seconds"))
            result["process"] = process
    overlays = {
        element: _("%(median)s · %(count)s×")
        % {"median": task["median_text"], "count": task["count"]}
        for element, task in (result or {}).get("tasks", {}).items()
        if task["count"]
    }
    return render(
        request,
        "insight/conformance.html",
        {"form": form, "result": result, "overlays": overlays},
    )
