"""Reminder sources: the apps that own the records say which reminders they call for.

Notifications is a low service: it knows users and departments, nothing of hazards, tasks or
licences. Each app registers a source from its `AppConfig.ready()`:

    from anjian.notifications.sources import register
    register("tasks", task_reminders)

A source is `fn(today, recipients) -> iterable of Candidate`; `tick` collects every source's
candidates once a day and creates each reminder once per (recipient, key). `recipients` is a
shared, cached `Recipients` (who hears about an enterprise, a department, a sector).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from anjian.accounts.models import Department, Role, User

# days before a due date that a reminder starts (by subject)
SOON_DAYS = {"hazard": 3, "task": 3, "report": 3, "licence": 30, "cert": 30}


@dataclass
class Candidate:
    user_id: int
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    due: date | None = None


class Recipients:
    """Cached lookups of who should hear about an enterprise, department or sector."""

    def __init__(self):
        self._ent_all: dict[int, list[int]] | None = None
        self._dept: dict[int, list[int]] = {}
        self._sector_region: dict[tuple[int, str], list[int]] = {}
        self._depts = list(Department.objects.select_related("region").prefetch_related("sectors"))

    def enterprise_users(self, ent_id: int) -> list[int]:
        if self._ent_all is None:  # every enterprise account at once, not a query per enterprise
            self._ent_all = {}
            for eid, uid in User.objects.filter(
                enterprise_id__isnull=False, role=Role.ENTERPRISE, is_active=True
            ).values_list("enterprise_id", "pk"):
                self._ent_all.setdefault(eid, []).append(uid)
        return self._ent_all.get(ent_id, [])

    def department_users(self, dept_id: int) -> list[int]:
        if dept_id not in self._dept:
            self._dept[dept_id] = list(
                User.objects.filter(
                    department_id=dept_id,
                    role__in=[Role.INSPECTOR, Role.DEPT_LEADER],
                    is_active=True,
                ).values_list("pk", flat=True)
            )
        return self._dept[dept_id]

    def supervisors(self, sector_id: int, region_code: str) -> list[int]:
        """Staff of the departments supervising a sector where the enterprise is."""
        k = (sector_id, region_code[:6])
        if k not in self._sector_region:
            ids: list[int] = []
            for d in self._depts:
                if region_code.startswith(d.region.prefix) and any(
                    s.id == sector_id for s in d.sectors.all()
                ):
                    ids += self.department_users(d.pk)
            self._sector_region[k] = ids
        return self._sector_region[k]


Source = Callable[[date, Recipients], Iterable[Candidate]]
SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> Source:
    """Add (or replace) a reminder source; called from the owning app's `AppConfig.ready()`."""
    SOURCES[name] = source
    return source
