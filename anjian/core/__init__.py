"""Shared kernel: scoping (restrict), optimistic locking, request context, service helpers."""
