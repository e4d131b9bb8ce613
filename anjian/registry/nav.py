from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.accounts.models import Role


def items(user) -> list[tuple[str, str]]:
    out = [(_("企业名录"), reverse("registry:enterprise_list"))]
    if user.can_manage_registry:
        out.append((_("批量导入"), reverse("registry:import")))
        out.append((_("证照到期"), reverse("registry:expiring")))
    if user.is_superuser or user.role in (Role.AWB, Role.INSPECTOR, Role.DEPT_LEADER):
        out.append((_("名录库"), reverse("registry:tiers")))
    return out


REGISTRY_CAP = 9999


def tiles(user) -> list[tuple[str, object, str]]:
    """Workbench figures: enterprises in scope, the 重点 list, expired licences — capped counts
    ("9999+"), so that the home page of a province does not count its whole registry."""
    from django.utils import timezone

    from anjian.core.context import TILE_CAP, capped_count

    from .models import Enterprise, EnterpriseTier
    from .views import expired_certificates, expired_licences

    out = []
    if user.role != Role.ENTERPRISE:
        url = reverse("registry:enterprise_list")
        key = EnterpriseTier.objects.restrict(user).filter(tier="key")
        ents = Enterprise.objects.restrict(user)
        out.append((_("监管范围内企业"), capped_count(ents, REGISTRY_CAP), url))
        keys = key.values("enterprise").distinct()
        out.append((_("重点检查企业"), capped_count(keys, REGISTRY_CAP), url + "?tier=key"))
    if user.can_manage_registry:
        today = timezone.localdate()
        a, b = (capped_count(qs) for qs in (expired_licences(user, today),
                                            expired_certificates(user, today)))  # fmt: skip
        n = a + b if isinstance(a, int) and isinstance(b, int) else f"{TILE_CAP}+"
        out.append((_("过期证照"), n, reverse("registry:expiring") + "?expired=1"))
    return out
