from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    """A refusal or conflict, in the user's language."""

    detail = serializers.CharField()


# A 400 answers with the messages of each field that was wrong, in the user's
# language: {"field": ["message", …], …} (nested for nested input).
FIELD_ERRORS = OpenApiResponse(description="Field errors by field name, in Finnish by default.")
