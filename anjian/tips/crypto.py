"""Field-level encryption of the reporter's identity (AES-256-GCM).

Key management
--------------
* Production: set ``ANJIAN_TIP_KEY`` to a base64-encoded 32-byte key, e.g.
  ``python -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"``.
  Keep it apart from the database backups: whoever holds both can read the identities.
* Development / tests: without ``ANJIAN_TIP_KEY`` a key is derived from ``settings.SECRET_KEY``
  with HKDF-SHA256 (salt ``anjian-tip-identity``, info ``reporter identity v1``). Changing the
  SECRET_KEY then makes stored identities unreadable, so production must set the key.

Stored format: ``b"\\x01" + nonce (12 bytes) + ciphertext-with-tag``. The associated data is
the tip's tracking code, so a ciphertext copied into another row fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
ENV_KEY = "ANJIAN_TIP_KEY"


class IdentityUnreadable(Exception):
    """The ciphertext does not belong to this row or the key is wrong."""


@sensitive_variables()
def _key() -> bytes:
    raw = os.environ.get(ENV_KEY, "").strip()
    if raw:
        try:
            key = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"{ENV_KEY} must be base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"{ENV_KEY} must decode to 32 bytes")
        return key
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"anjian-tip-identity",
        info=b"reporter identity v1",
    ).derive(settings.SECRET_KEY.encode())


def _aad(code: str) -> bytes:
    return f"anjian.tip:{code}".encode()


@sensitive_variables()
def encrypt_identity(identity: dict, code: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(identity, ensure_ascii=False, sort_keys=True).encode()
    return FORMAT_VERSION + nonce + AESGCM(_key()).encrypt(nonce, plain, _aad(code))


@sensitive_variables()
def decrypt_identity(blob: bytes, code: str) -> dict:
    blob = bytes(blob)
    if not blob.startswith(FORMAT_VERSION) or len(blob) < 1 + NONCE_BYTES + 16:
        raise IdentityUnreadable("unknown ciphertext format")
    nonce, ct = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        plain = AESGCM(_key()).decrypt(nonce, ct, _aad(code))
    except InvalidTag as exc:
        raise IdentityUnreadable("identity does not decrypt for this tip") from exc
    return json.loads(plain)
