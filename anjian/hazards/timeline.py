"""一企一档: one timeline of everything that happened at an enterprise.

A provider registry: each app registers `provider(enterprise, user) -> list[Event]` with
`register(fn)`; providers must return only what `user` may see (use `restrict`). The hazards
app registers its own events here; inspections, cases, accidents and tips add theirs.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

PROVIDERS: list = []


@dataclass
class Event:
    date: datetime | date
    kind: str  # short category label shown as a badge, e.g. "隐患", "检查", "案件"
    title: str
    url: str = ""
    detail: str = ""
    files: list = field(default_factory=list)  # [(label, url)]

    @property
    def shown(self) -> str:
        """Local date and time for instants, the date alone for day-precise events (a decision
        date has no time of day)."""
        d = self.date
        if isinstance(d, datetime):
            return (
                timezone.localtime(d).strftime("%Y-%m-%d %H:%M")
                if timezone.is_aware(d)
                else (d.strftime("%Y-%m-%d %H:%M"))
            )
        return d.strftime("%Y-%m-%d")

    @property
    def sort_key(self) -> datetime:
        d = self.date
        if isinstance(d, datetime):
            return d if timezone.is_aware(d) else timezone.make_aware(d)
        return timezone.make_aware(datetime.combine(d, time.min))


def register(provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def events_for(enterprise, user, limit: int | None = None) -> list[Event]:
    """All providers' events for the enterprise, newest first."""
    out: list[Event] = []
    for provider in PROVIDERS:
        out.extend(provider(enterprise, user))
    out.sort(key=lambda e: e.sort_key, reverse=True)
    return out[:limit] if limit else out


def hazard_events(enterprise, user) -> list[Event]:
    from .models import HazardEvent, OnSiteMeasure

    events = []
    qs = (
        HazardEvent.objects.restrict(user, "view")
        .filter(hazard__enterprise=enterprise)
        .select_related("hazard", "actor")
        .prefetch_related("files")
        .order_by("-at")[:1000]
    )
    for ev in qs:
        h = ev.hazard
        url = reverse("hazards:detail", args=[h.pk])
        who = _("（%(name)s）") % {"name": ev.actor.display_name} if ev.actor_id else ""
        events.append(
            Event(
                date=ev.at,
                kind=_("隐患"),
                title=_("%(step)s：%(level)s隐患“%(text)s”")
                % {
                    "step": _(ev.get_kind_display()),
                    "level": _(h.get_level_display()),
                    "text": h.description[:40],
                },
                url=url,
                detail=f"{ev.note}{who}",
                files=[
                    (f.basename, reverse("hazards:evidence", args=[f.pk])) for f in ev.files.all()
                ],
            )
        )
    for m in (
        OnSiteMeasure.objects.restrict(user, "view")
        .filter(enterprise=enterprise, hazard__isnull=True)
        .order_by("-decided_at")[:200]
    ):
        kind = _(m.get_kind_display())
        events.append(
            Event(date=m.decided_at, kind=_("现场处理措施"), title=f"{kind} {m.target}".strip())
        )
        if m.lifted_at:
            events.append(
                Event(
                    date=m.lifted_at,
                    kind=_("现场处理措施"),
                    title=_("解除%(kind)s") % {"kind": kind},
                    detail=m.lift_note,
                )
            )
    return events
