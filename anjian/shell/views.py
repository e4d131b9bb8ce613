from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .context import tiles


@login_required
def home(request):
    """The workbench: the figures every app contributes for this user."""
    user = request.user
    today = timezone.localdate()
    ctx = {
        "cert_warning": user.cert_expiry and user.cert_expiry < today,
        "tiles": tiles(user),
    }
    return render(request, "shell/home.html", ctx)
