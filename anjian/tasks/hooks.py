"""Registration hooks for the apps above tasks (tasks imports nothing from them).

A reporting obligation may be the monthly submission of an official table (统计汇总表 /
月度调度表) that the stats app receives and freezes. Its status is then the stats app's: the
obligation page, its API and the reminders read the status stats computes for /stats/submissions/
(one source of truth), through the provider stats registers in its `AppConfig.ready()`.

The provider is an object with

* ``tables() -> list[tuple[str, str]]`` — (key, label) of the tables an obligation may be linked to;
* ``due(table, year, month) -> date`` — the deadline of the table of that month;
* ``status(table, unit, year, month, today) -> LinkedStatus`` — the unit's status for the month.
* ``table_url(table) -> str`` — the page where units submit the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class LinkedStatus:
    status: str  # done, late_done, overdue, pending (tasks' status keys)
    due: date
    submitted_at: object = None  # aware datetime or None
    submitted_by: object = None  # user or None
    url: str = ""  # the unit's table page


_provider = None


def register_report_status(provider) -> None:
    global _provider
    _provider = provider


def report_status_provider():
    return _provider


def linked_tables() -> list[tuple[str, str]]:
    return list(_provider.tables()) if _provider is not None else []
