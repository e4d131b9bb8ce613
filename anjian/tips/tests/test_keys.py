"""Issue 14: reporters' identities need their own key (nothing derived from another secret),
and the key can be rotated: old ciphertexts read until `anjian tips-rekey` re-encrypts them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from anjian.core.keys import new_key
from anjian.tips import crypto
from anjian.tips.models import Tip

from .conftest import NAME, public_tip


def test_no_identity_without_the_tip_key(world, settings):
    settings.ANJIAN_TIP_KEY = None
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_identity({"name": NAME}, "JB1")
    settings.ANJIAN_SECRET_KEY = "anything"  # the Django key opens nothing
    with pytest.raises(ImproperlyConfigured):
        crypto.current_key()


def test_rotation_keeps_identities_readable_then_rekeys(world, settings):
    tip, _secret = public_tip(world.food, named=True)
    old = settings.ANJIAN_TIP_KEY
    blob = bytes(Tip.objects.get(pk=tip.pk).reporter_cipher)
    settings.ANJIAN_TIP_KEY, settings.ANJIAN_TIP_KEYS_OLD = new_key(), [old]
    assert crypto.decrypt_identity(blob, tip.code)["name"] == NAME  # old key still reads
    assert crypto.needs_rekey(blob)
    call_command("tips-rekey")
    fresh = bytes(Tip.objects.get(pk=tip.pk).reporter_cipher)
    assert fresh != blob and not crypto.needs_rekey(fresh)
    settings.ANJIAN_TIP_KEYS_OLD = []  # the old key dropped: everything still reads
    assert crypto.decrypt_identity(fresh, tip.code)["name"] == NAME
    with pytest.raises(crypto.IdentityUnreadable):  # and the old ciphertext no longer does
        crypto.decrypt_identity(blob, tip.code)


def test_a_wrong_key_reads_nothing(world, settings):
    tip, _ = public_tip(world.food, named=True)
    blob = bytes(Tip.objects.get(pk=tip.pk).reporter_cipher)
    settings.ANJIAN_TIP_KEY = new_key()
    with pytest.raises(crypto.IdentityUnreadable):
        crypto.decrypt_identity(blob, tip.code)
