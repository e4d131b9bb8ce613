"""Statistics are computed from the other contexts; snapshots of submitted tables live here."""
