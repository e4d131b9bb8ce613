"""Demo: publish the demo's decided cases (idempotent, like the daily `publish_decisions`)."""

from .services import publish_due


def build(ctx: dict) -> None:
    publish_due()
