"""One-time tokens for creating forms: a form submitted twice creates one thing.

The form carries a fresh token (`OnceField`); the view spends it in the same
transaction as the creation (`spend`) and notes where the result is
(`remember`). A second submission with the spent token gets that address back
instead of creating again; two simultaneous ones meet at the primary key.
"""

import uuid

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
