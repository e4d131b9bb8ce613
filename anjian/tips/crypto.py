"""Field-level encryption of the reporter's identity (AES-256-GCM), with key rotation.

Key management
--------------
* ``ANJIAN_TIP_KEY`` is the base64 of 32 random bytes, e.g.
  ``python3 -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"``. There is
  no default and nothing is derived from another secret: without it no identity is written or
  read (and `anjian serve` does not start). Keep it apart from the database and its backups:
  whoever holds both can read the identities.
* Rotation: put the old key into ``ANJIAN_TIP_KEYS_OLD`` (comma-separated), the new one into
  ``ANJIAN_TIP_KEY``, and run ``anjian tips-rekey``: every identity is re-encrypted under the
  new key; until then identities under an old key still read. Then drop the old key.

Stored format v2: ``b"\\x02" + key id (8 bytes: SHA-256 of the key, truncated) + nonce (12) +
ciphertext-with-tag``; v1 (``b"\\x01" + nonce + ciphertext``, written before rotation existed)
still reads with any configured key. The associated data is the tip's tracking code, so a
ciphertext copied into another row fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

V1, V2 = b"\x01", b"\x02"
NONCE_BYTES = 12
KEY_ID_BYTES = 8
ENV_KEY = "ANJIAN_TIP_KEY"


class IdentityUnreadable(Exception):
    """The ciphertext does not belong to this row or no configured key opens it."""


@sensitive_variables()
def _decode(raw: str, name: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes")
    return key


@sensitive_variables()
def current_key() -> bytes:
    raw = getattr(settings, "ANJIAN_TIP_KEY", None)
    if not raw:
        raise ImproperlyConfigured(f"{ENV_KEY} is not set: reporters' identities cannot be used")
    return _decode(raw, ENV_KEY)


@sensitive_variables()
def keys() -> list[bytes]:
    """The current key first, then the old ones still accepted for reading."""
    out = [current_key()]
    for i, raw in enumerate(getattr(settings, "ANJIAN_TIP_KEYS_OLD", []) or []):
        out.append(_decode(raw, f"ANJIAN_TIP_KEYS_OLD[{i}]"))
    return out


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"anjian-tip-key-id" + key).digest()[:KEY_ID_BYTES]


def _aad(code: str) -> bytes:
    return f"anjian.tip:{code}".encode()


@sensitive_variables()
def encrypt_identity(identity: dict, code: str) -> bytes:
    key = current_key()
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(identity, ensure_ascii=False, sort_keys=True).encode()
    return V2 + key_id(key) + nonce + AESGCM(key).encrypt(nonce, plain, _aad(code))


@sensitive_variables()
def decrypt_identity(blob: bytes, code: str) -> dict:
    blob = bytes(blob)
    if blob.startswith(V2) and len(blob) >= 1 + KEY_ID_BYTES + NONCE_BYTES + 16:
        kid = blob[1 : 1 + KEY_ID_BYTES]
        nonce = blob[1 + KEY_ID_BYTES : 1 + KEY_ID_BYTES + NONCE_BYTES]
        ct = blob[1 + KEY_ID_BYTES + NONCE_BYTES :]
        candidates = [k for k in keys() if key_id(k) == kid]
    elif blob.startswith(V1) and len(blob) >= 1 + NONCE_BYTES + 16:
        nonce, ct = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        candidates = keys()
    else:
        raise IdentityUnreadable("unknown ciphertext format")
    for key in candidates:
        try:
            return json.loads(AESGCM(key).decrypt(nonce, ct, _aad(code)))
        except InvalidTag:
            continue
    raise IdentityUnreadable("identity does not decrypt for this tip with the configured keys")


def needs_rekey(blob: bytes) -> bool:
    blob = bytes(blob)
    return not (blob.startswith(V2) and blob[1 : 1 + KEY_ID_BYTES] == key_id(current_key()))
