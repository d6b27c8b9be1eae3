from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from porras.core import once
from porras.core.api import is_api, json_error
from porras.core.errors import ConflictError, DomainError, MissingContent, RateLimited


def permission_denied(request, exception=None):
    """The Finnish 403 page; a refusal may offer a way forward (e.g. stating a reason).

    Too many attempts are answered 429 with the same page and their own message."""
    message = exception.args[0] if exception is not None and exception.args else ""
    status = 429 if isinstance(exception, RateLimited) else 403
    if is_api(request):
        return json_error(message or _("You do not have the right to do this."), status)
    return render(
        request,
        "403.html",
        {"message": message, "reason_url": getattr(exception, "reason_url", "")},
        status=status,
    )


def page_not_found(request, exception=None):
    """Not found: the API answers in JSON, as its schema says (also for a malformed id)."""
    if is_api(request):
        return json_error(_("Not found."), 404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if is_api(request):
        return json_error(_("The request could not be understood."), 400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if is_api(request):
        return json_error(_("Porras could not complete the request."), 500)
    return defaults.server_error(request)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (resolved when asked: the
    static file's hashed name exists only after collectstatic)."""
    return redirect(static("porras/favicon.svg"), permanent=True)


def post_only(page):
    """An action answers POST only; opened as an address (a reload after a refusal, a
    bookmark, the back button) it leads to the page it belongs to instead of an error.

    `page` is a URL name, or a function of the view's keyword arguments giving the URL.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(page(**kwargs) if callable(page) else reverse(page))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def apply_error(form, error: DomainError) -> None:
    """Put a refusal beside its field (or above the form), keeping what was typed."""
    if isinstance(error, MissingContent):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


def error_status(error: DomainError) -> int:
    return 409 if isinstance(error, ConflictError) else 400


def submit_form(request, form, write, *, done, message):
    """Validate the form and run `write(cleaned_data)`; a creating form's one-time token
    is spent with it. Answers (response, status): a redirect to `done` (a URL, or a
    function of what the write returned) with `message` when it went through or was sent
    before; otherwise no response and 400 or 409, each refusal beside its field."""
    if not form.is_valid():
        return None, 400
    data = form.cleaned_data
    try:
        with once.spending(data.get("once"), request.user) as result:
            written = write(data)
            url = done(written) if callable(done) else done
            result.url = url
    except once.Spent as spent:
        fallback = done if isinstance(done, str) else request.path
        return once.already_sent(request, spent.url, fallback), None
    except DomainError as error:
        apply_error(form, error)
        return None, error_status(error)
    messages.success(request, message)
    return redirect(url), None
