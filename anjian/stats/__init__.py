"""S1–S4: the official statistics tables computed from the records, dashboard, work report."""
