from django.conf import settings
from django.http import HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """Finnish unless the user chose otherwise with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but a
    county's workstations are often set to English while the working language
    is Finnish: only an explicit choice (the language cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread serves the next request (or a test's next line): leave no language.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeMiddleware:
    """Refuse a too large request by its declared size, before a byte of it is read.

    Django would read (and keep in memory or on disk) an upload before any view could
    refuse it; here the refusal costs nothing. The API gets JSON, pages a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.PORRAS_MAX_REQUEST_BYTES:
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        from django.template.defaultfilters import filesizeformat
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _

        from porras.core.api import is_api, json_error

        message = _("The request is too large: at most %(size)s can be sent at once.") % {
            "size": filesizeformat(settings.PORRAS_MAX_REQUEST_BYTES)
        }
        if is_api(request):
            return json_error(message, 413)
        return HttpResponse(render_to_string("413.html", {"message": message}), status=413)
