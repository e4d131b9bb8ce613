"""Inspection models are defined by the inspections work (I1–I3)."""
