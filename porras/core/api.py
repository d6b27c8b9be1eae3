from django.core.paginator import Paginator
from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
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


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="The page, from 1 (default 1)."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description="Rows a page (default 50, at most 200)."
    ),
]
PAGED_HEADERS = (
    "The body is the page's rows; `X-Total-Count` gives all rows, and `Link` the "
    "`next` and `prev` pages (RFC 8288)."
)


def paged(request, rows, *, per_page: int = 50, most: int = 200):
    """A page of `rows` for the API: (the page, its headers). A missing or malformed number
    gives the nearest page, as on the pages."""
    try:
        size = min(max(int(request.query_params.get("page_size", per_page)), 1), most)
    except ValueError:
        size = per_page
    page = Paginator(rows, size).get_page(request.query_params.get("page"))
    links = []
    for rel, present, number in (
        ("next", page.has_next(), page.number + 1),
        ("prev", page.has_previous(), page.number - 1),
    ):
        if present:
            query = request.query_params.copy()
            query["page"] = number
            links.append(
                f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="{rel}"'
            )
    headers = {"X-Total-Count": str(page.paginator.count)}
    if links:
        headers["Link"] = ", ".join(links)
    return page, headers
