"""Demo scenario on top of the synthetic registry.

Each app may contribute with `anjian/<app>/demo.py: build(ctx)`; they run in DEMO_APPS order and
must be idempotent (running the demo twice adds nothing twice). `ctx` is a dict shared between
them (e.g. ctx["enterprise"], the demo enterprise user's enterprise).
"""

import importlib

from anjian.registry.models import Enterprise

DEMO_APPS = [
    "checklists",
    "campaigns",
    "inspections",
    "hazards",
    "tasks",
    "duty",
    "notifications",
    "tips",
    "accidents",
    "enforcement",
    "records",
    "lawreview",
    "stats",
    "portal",
    "visits",  # last: its published limits then hold the inspections made before them
]


def demo_enterprise():
    """The enterprise the demo enterprise user belongs to."""
    return (
        Enterprise.objects.filter(primary_sector__name="工贸", region__code__startswith="510904001")
        .order_by("id")
        .first()
        or Enterprise.objects.order_by("id").first()
    )


def build_demo(ent) -> None:
    """Run every app's demo builder (after the demo users exist)."""
    ctx = {"enterprise": ent}
    for app in DEMO_APPS:
        try:
            mod = importlib.import_module(f"anjian.{app}.demo")
        except ModuleNotFoundError:
            continue
        mod.build(ctx)
