import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Services speak the default language here, whatever an earlier test's request in this
    worker left active (LocaleMiddleware activates a request's language and keeps it)."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
