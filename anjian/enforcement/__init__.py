"""E3–E8: cases with 一案双罚, escalations, transfers, numbered enforcement documents, publication."""
