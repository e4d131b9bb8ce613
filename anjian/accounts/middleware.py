from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """Users holding an initial password must change it before doing anything else."""

    allowed_names = (
        "accounts:password_change",
        "accounts:logout",
        "accounts:login",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in {reverse(n) for n in self.allowed_names}
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
