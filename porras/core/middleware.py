from django.conf import settings
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
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
