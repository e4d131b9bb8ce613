"""Run the daily reminder job once so the demo inboxes are not empty (idempotent)."""

from .services import tick


def build(ctx: dict) -> None:
    tick()
