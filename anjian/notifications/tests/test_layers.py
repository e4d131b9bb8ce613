"""Notifications is a low service: it imports no app above it; the apps register with it."""

import ast
from pathlib import Path

import anjian.notifications

ALLOWED = {"core", "accounts", "audit", "notifications"}


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
        if "tests" in path.parts:
            continue
        assert _imported_apps(path) <= ALLOWED, path


def test_apps_register_their_reminder_sources():
    from anjian.notifications.sources import SOURCES

    assert {"tasks", "duty", "hazards", "hazard_escalations", "licences"} <= set(SOURCES)


def test_inbox_filter_and_huge_ids(world):
    from django.test import Client

    from anjian.notifications.services import notify

    n, _ = notify(world.ent_user, kind="other", key="x:1", title="示例提醒")
    c = Client()
    c.force_login(world.ent_user)
    page = c.get("/notifications/?show=unread").content.decode()
    assert "示例提醒" in page and 'id="inbox"' in page
    assert c.get("/notifications/?show=bogus").status_code == 400
    assert c.post(f"/api/notifications/{2**64}/read").json() == {"updated": 0}
    assert c.post(f"/notifications/{2**64}/open/").status_code == 404
    resp = c.post(f"/notifications/{n.pk}/open/")
    assert resp.status_code == 302 and resp["Location"] == "/notifications/"
