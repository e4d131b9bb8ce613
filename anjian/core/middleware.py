from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .context import RequestMeta, reset_meta, set_meta


def client_ip(request) -> str:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. waitress trusted_proxy).
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    """Makes the caller's IP and user agent available to audit records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_meta(
            RequestMeta(
                ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200]
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_meta(token)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user picked English with the language switch (its cookie).

    The browser's Accept-Language is deliberately ignored: the UI's default is the seeds'
    Chinese, and shared office machines often carry an English browser locale.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else None
        except LookupError:
            language = None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
