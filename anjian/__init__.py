"""Anjian (安监): safety-production supervision and enforcement."""
