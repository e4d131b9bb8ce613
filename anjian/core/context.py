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


# The shell's two-level menu: a row of sections, and the current section's pages below it.
# Each app contributes its pages in `<app>/nav.py`; the app decides the section.
NAV_SECTIONS = [
    ("registry", "企业"),
    ("inspect", "检查"),
    ("hazards", "隐患"),
    ("enforce", "执法"),
    ("tips", "举报与事故"),
    ("stats", "统计"),
    ("tasks", "任务"),
    ("system", "系统"),
]
NAV_APPS = {
    "campaigns": "inspect",
    "checklists": "inspect",
    "inspections": "inspect",
    "hazards": "hazards",
    "tasks": "tasks",
    "duty": "registry",
    "notifications": "tasks",
    "tips": "tips",
    "accidents": "tips",
    "enforcement": "enforce",
    "stats": "stats",
}


TILE_CAP = 999


def capped_count(qs, cap: int = TILE_CAP):
    """A workbench figure that stays cheap on millions of rows: the count up to `cap`, else
    the string "999+" (COUNT over a LIMIT subquery)."""
    n = qs[: cap + 1].count()
    return f"{cap}+" if n > cap else n


def tiles(user) -> list[tuple[str, object, str]]:
    """The workbench figures the apps contribute (`tiles(user)` in `<app>/nav.py`)."""
    import importlib

    out = []
    for app in NAV_APPS:
        try:
            mod = importlib.import_module(f"anjian.{app}.nav")
        except ModuleNotFoundError:
            continue
        if hasattr(mod, "tiles"):
            out.extend(mod.tiles(user))
    return out


def _current(path: str, urls: list[str]) -> str | None:
    """The page the path belongs to: the longest menu URL it starts with ("/" only exactly)."""
    best = None
    for url in urls:
        if (path == url or (url != "/" and path.startswith(url))) and (
            best is None or len(url) > len(best)
        ):
            best = url
    return best


def nav(request):
    """Navigation for the shell, by role: `nav_sections` (label, first URL, active) and
    `nav_pages` (label, URL, current) of the active section; `nav_items` is the flat list."""
    import importlib

    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "nav_pages": []}
    pages: dict[str, list[tuple[str, str]]] = {key: [] for key, _label in NAV_SECTIONS}
    pages["registry"].append((_("企业名录"), reverse("registry:enterprise_list")))
    for app, section in NAV_APPS.items():
        try:
            mod = importlib.import_module(f"anjian.{app}.nav")
        except ModuleNotFoundError:
            continue
        pages[section].extend(mod.items(user))
    if user.can_manage_registry:
        pages["registry"].append((_("批量导入"), reverse("registry:import")))
        pages["registry"].append((_("证照到期"), reverse("registry:expiring")))
    if user.role in ("awb", "inspector", "dept_leader"):
        pages["registry"].append((_("名录库"), reverse("registry:tiers")))
    if user.role == "awb" or user.is_superuser:
        pages["system"].append((_("部门职责"), reverse("accounts:departments")))
        pages["system"].append((_("用户管理"), reverse("accounts:users")))
        pages["system"].append((_("审计日志"), reverse("audit:list")))
    home = (_("首页"), reverse("home"))
    flat = [home] + [item for key, _label in NAV_SECTIONS for item in pages[key]]
    current = _current(request.path, [url for _label, url in flat])
    sections, active_pages = [], []
    for key, label in NAV_SECTIONS:
        items = pages[key]
        if not items:
            continue
        active = any(url == current for _l, url in items)
        sections.append((pgettext("menu section", label), items[0][1], active))
        if active:
            active_pages = [(lbl, url, url == current) for lbl, url in items]
    return {
        "nav_items": flat,
        "nav_home": (home[0], home[1], current == home[1]),
        "nav_sections": sections,
        "nav_pages": active_pages,
    }
