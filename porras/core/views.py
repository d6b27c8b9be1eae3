from django.shortcuts import render


def permission_denied(request, exception=None):
    """The Finnish 403 page; a refusal may offer a way forward (e.g. stating a reason)."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return render(
        request,
        "403.html",
        {"message": message, "reason_url": getattr(exception, "reason_url", "")},
        status=403,
    )
