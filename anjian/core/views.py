from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from anjian.registry.models import Enterprise, EnterpriseTier
from anjian.registry.views import expired_certificates, expired_licences

from .context import tiles


@login_required
def home(request):
    user = request.user
    ents = Enterprise.objects.restrict(user)
    today = timezone.localdate()
    ctx = {
        "enterprise_count": ents.count(),
        "key_count": EnterpriseTier.objects.restrict(user)
        .filter(tier="key")
        .values("enterprise")
        .distinct()
        .count(),
        # 过期证照: enterprise licences and personnel certificates, as the linked page lists
        "expired_licences": expired_licences(user, today).count()
        + expired_certificates(user, today).count(),
        "cert_warning": user.cert_expiry and user.cert_expiry < today,
        "tiles": tiles(user),
    }
    return render(request, "home.html", ctx)
