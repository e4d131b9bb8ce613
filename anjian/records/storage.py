"""Where the records' files live: `STORAGES["records"]` — the file system by default, an
S3-compatible object store (django-storages' S3Storage, boto3) when `ANJIAN_S3_BUCKET` is set
(settings.py). Resolved when first used, and again after a settings change (tests)."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class RecordsStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["records"]


records_storage = RecordsStorage()


def get_storage():
    """The FileField's storage (a callable, so migrations name the function, not a backend)."""
    return records_storage


def _reset(setting, **kwargs):
    if setting == "STORAGES":
        records_storage._wrapped = empty


setting_changed.connect(_reset)
