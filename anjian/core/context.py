"""Request-scoped context (who, from where) for audit entries, and template context."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip: str = ""
    user_agent: str = ""


_EMPTY = RequestMeta()
_meta: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar(
    "anjian_request_meta", default=None
)


def current_meta() -> RequestMeta:
    return _meta.get() or _EMPTY


def set_meta(meta: RequestMeta):
    return _meta.set(meta)


def reset_meta(token) -> None:
    _meta.reset(token)


NAV_APPS = [
    "campaigns",
    "checklists",
    "inspections",
    "hazards",
    "tasks",
    "duty",
    "notifications",
    "tips",
    "accidents",
    "enforcement",
    "stats",
]


def nav(request):
    """Navigation entries for the shell, by role. Each app may add entries in `<app>/nav.py`."""
    import importlib

    from django.urls import reverse
    from django.utils.translation import gettext as _

    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("首页"), reverse("home")), (_("企业名录"), reverse("registry:enterprise_list"))]
    for app in NAV_APPS:
        try:
            mod = importlib.import_module(f"anjian.{app}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(mod.items(user))
    if user.can_manage_registry:
        items.append((_("批量导入"), reverse("registry:import")))
        items.append((_("证照到期"), reverse("registry:expiring")))
    if user.role in ("awb", "inspector", "dept_leader"):
        items.append((_("名录库"), reverse("registry:tiers")))
    if user.role == "awb" or user.is_superuser:
        items.append((_("部门职责"), reverse("accounts:departments")))
        items.append((_("用户管理"), reverse("accounts:users")))
        items.append((_("审计日志"), reverse("audit:list")))
    return {"nav_items": items}
