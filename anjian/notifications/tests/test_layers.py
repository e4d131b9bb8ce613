"""Notifications is a low service: it imports no app above it; the apps register with it."""

import ast
from pathlib import Path

import anjian.notifications

ALLOWED = {"core", "accounts", "audit", "notifications"}
# TEMPORARY: the sources of apps that do not register their own yet (see the module)
LEGACY = {"legacy_sources.py"}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n.split(".")[1] for n in names if n.startswith("anjian.") and n.count(".") >= 1}


def test_notifications_imports_no_higher_app():
    root = Path(anjian.notifications.__file__).parent
    for path in root.rglob("*.py"):
        if path.name in LEGACY or "tests" in path.parts:
            continue
        assert _imported_apps(path) <= ALLOWED, path


def test_apps_register_their_reminder_sources():
    from anjian.notifications.sources import SOURCES

    assert {"tasks", "duty"} <= set(SOURCES)
