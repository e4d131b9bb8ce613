"""The shell's navigation and the workbench figures, composed from what each app contributes.

Each app lists its pages in `<app>/nav.py` (`items(user)`, optionally `tiles(user)`); the shell
sits above every app and is the only place that knows them all.
"""

import importlib

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The shell's two-level menu: a row of sections, and the current section's pages below it.
# Each app contributes its pages in `<app>/nav.py`; the app decides the section.
NAV_SECTIONS = [
    ("registry", pgettext_lazy("menu section", "企业")),
    ("inspect", pgettext_lazy("menu section", "检查")),
    ("hazards", pgettext_lazy("menu section", "隐患")),
    ("enforce", pgettext_lazy("menu section", "执法")),
    ("tips", pgettext_lazy("menu section", "举报与事故")),
    ("stats", pgettext_lazy("menu section", "统计")),
    ("tasks", pgettext_lazy("menu section", "任务")),
    ("system", pgettext_lazy("menu section", "系统")),
]
NAV_APPS = {
    "registry": "registry",
    "campaigns": "inspect",
    "checklists": "inspect",
    "inspections": "inspect",
    "visits": "inspect",
    "hazards": "hazards",
    "tasks": "tasks",
    "duty": "registry",
    "notifications": "tasks",
    "tips": "tips",
    "accidents": "tips",
    "enforcement": "enforce",
    "lawreview": "enforce",
    "records": "enforce",
    "portal": "enforce",
    "stats": "stats",
    "accounts": "system",
}


def tiles(user) -> list[tuple[str, object, str]]:
    """The workbench figures the apps contribute (`tiles(user)` in `<app>/nav.py`)."""
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
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "nav_pages": []}
    pages: dict[str, list[tuple[str, str]]] = {key: [] for key, _label in NAV_SECTIONS}
    for app, section in NAV_APPS.items():
        try:
            mod = importlib.import_module(f"anjian.{app}.nav")
        except ModuleNotFoundError:
            continue
        pages[section].extend(mod.items(user))
    home = (_("首页"), reverse("home"))
    flat = [home] + [item for key, _label in NAV_SECTIONS for item in pages[key]]
    current = _current(request.path, [url for _label, url in flat])
    sections, active_pages = [], []
    for key, label in NAV_SECTIONS:
        items = pages[key]
        if not items:
            continue
        active = any(url == current for _l, url in items)
        sections.append((str(label), items[0][1], active))
        if active:
            active_pages = [(lbl, url, url == current) for lbl, url in items]
    return {
        "nav_items": flat,
        "nav_home": (home[0], home[1], current == home[1]),
        "nav_sections": sections,
        "nav_pages": active_pages,
    }
