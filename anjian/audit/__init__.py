"""P2 audit trail: every change and login, hash-chained so edits and deletions show."""
