"""What core keeps: the one-time tokens of creating forms."""

import uuid

from django.db import models


class FormSubmission(models.Model):
    """A creating form's one-time token, spent by the first submission that used it.

    A second submission of the same form (a double click, the back button and submit
    again) finds the token spent and is led to what the first one created.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.token} → {self.result_url}"
