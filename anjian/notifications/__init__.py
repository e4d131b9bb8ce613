"""P3 reminders: in-app inbox and e-mail; the idempotent daily `anjian tick`."""
