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
