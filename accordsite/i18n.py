"""The language of a page is its address's: English unprefixed, the others
under /he/, /ar/, /ru/ (``i18n_patterns`` in urls.py)."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (the language from the URL prefix, English
    without one), less the ``Vary: Accept-Language`` it adds to unprefixed
    answers: ``/`` is English whatever a reader's browser asks, so shared
    caches need not keep a copy per ``Accept-Language``. A view whose answer
    does depend on that header (the API's languages) says so itself."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
