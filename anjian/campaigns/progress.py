"""Sections of a campaign's page that other apps provide.

Campaigns sit below inspections in the layers, so the campaign page cannot ask the inspections
app for its progress figures; instead an app that counts work towards a campaign's targets
appends a provider here from its `AppConfig.ready()`. A provider takes the request and the
campaign and returns a rendered section (HTML) or "" when the user is not to see one.
"""

from collections.abc import Callable

PROGRESS_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in PROGRESS_PROVIDERS:
        PROGRESS_PROVIDERS.append(provider)
    return provider


def progress_sections(request, campaign) -> list[str]:
    return [s for s in (p(request, campaign) for p in PROGRESS_PROVIDERS) if s]
