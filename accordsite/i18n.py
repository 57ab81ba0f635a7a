"""The language of a page is its address's: English unprefixed, the others
under /he/, /ar/, /ru/ (``i18n_patterns`` in urls.py). The admin, never
shared or cached, is in the language the editor's browser asks for."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

ADMIN_PREFIX = "/admin/"


def editors_screen(request) -> bool:
    return request.path_info.startswith(ADMIN_PREFIX)


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (the language from the URL prefix, English
    without one), less the ``Vary: Accept-Language`` it adds to unprefixed
    answers: ``/`` is English whatever a reader's browser asks, so shared
    caches need not keep a copy per ``Accept-Language``. A view whose answer
    does depend on that header (the API's languages) says so itself.

    The admin is the exception: its address has no prefix, and its answers
    are for one signed-in editor only, so it follows ``Accept-Language`` (or
    the language cookie) and says so in ``Vary``."""

    def process_request(self, request):
        if not editors_screen(request):
            return super().process_request(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if editors_screen(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
