from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from porras.core.errors import ConflictError, DomainError, MissingContent, RateLimited

API_PREFIX = "/api/"


class ErrorOutput(serializers.Serializer):
    """A refusal or conflict, in the user's language."""

    detail = serializers.CharField()


# A 400 answers with the messages of each field that was wrong, in the user's
# language: {"field": ["message", …], …} (nested for nested input).
FIELD_ERRORS = OpenApiResponse(description="Field errors by field name, in Finnish by default.")


def exception_handler(exc, context):
    """DRF's handler, and too many attempts answered 429 like the pages answer them."""
    if isinstance(exc, RateLimited):
        return Response({"detail": str(exc.args[0])}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return drf_exception_handler(exc, context)


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(message, status_code: int) -> JsonResponse:
    """An error of the API outside its views (unknown address, too large a body): JSON too."""
    return JsonResponse({"detail": str(message)}, status=status_code)


def refusal(error: DomainError):
    """A service's refusal as the API answers it: 409 for a conflict, otherwise 400 with
    each message under its field."""
    if isinstance(error, ConflictError):
        return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(error, MissingContent):
        raise ValidationError({k: [v] for k, v in error.errors.items()})
    raise ValidationError({error.field or "detail": [error.message]})
