"""One-time tokens for creating forms: a form submitted twice creates one thing.

The form carries a fresh token (`OnceField`); the view spends it in the same
transaction as the creation (`spend`) and notes where the result is
(`remember`). A second submission with the spent token gets that address back
instead of creating again; two simultaneous ones meet at the primary key.
"""

import uuid
from contextlib import contextmanager

from django import forms
from django.db import IntegrityError, transaction

from porras.core.models import FormSubmission


class OnceField(forms.UUIDField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class OnceForm(forms.Form):
    """Mix into a creating form: `once` is a new token each time the form is shown."""

    once = OnceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["once"] = uuid.uuid4()


class Spent(Exception):
    """The token was spent by an earlier submission; `url` is what it created."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def spent_url(token, user) -> str | None:
    """Where an earlier submission with this token led (None: not spent yet)."""
    try:
        token = uuid.UUID(str(token)) if token else None
    except ValueError:
        return None  # not a token of ours: the form's own check will say so
    if token is None:
        return None
    return (
        FormSubmission.objects.filter(token=token, user_id=user.pk)
        .values_list("result_url", flat=True)
        .first()
    )


def spend(token, user) -> FormSubmission | None:
    """Spend the token in the caller's transaction; Spent when it was spent before."""
    if token is None:
        return None
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user_id=user.pk)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token, user_id=user.pk).first()
        raise Spent(earlier.result_url if earlier else "") from None


def remember(submission: FormSubmission | None, url: str) -> None:
    if submission is not None:
        FormSubmission.objects.filter(pk=submission.pk).update(result_url=url[:500])


class _Result:
    url = ""


@contextmanager
def spending(token, user):
    """Create something once: spend the form's token and the creation in one transaction.

        with once.spending(form.cleaned_data["once"], request.user) as result:
            thing = services.thing_create(...)
            result.url = reverse(...)   # where a repeated submission is led

    Raises Spent (before anything is created) when the token was spent already.
    """
    with transaction.atomic():
        submission = spend(token, user)
        result = _Result()
        yield result
        remember(submission, result.url)


def already_sent(request, url: str, fallback: str):
    """Answer a repeated submission: say so, and show what the first one created."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    messages.info(request, _("The form was already sent: it was saved once."))
    return redirect(url or fallback)
