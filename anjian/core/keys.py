"""The three secrets Anjian runs on, and the refusal to run on weak ones.

- ``ANJIAN_SECRET_KEY``: Django's signing key (sessions, CSRF, password-reset tokens).
- ``ANJIAN_TIP_KEY``: AES-256 key of the reporters' identities (base64 of 32 random bytes).
- ``ANJIAN_AUDIT_KEY``: HMAC key of the audit chains (base64 of 32 random bytes).

None has a usable default. `anjian demo` makes random keys on first start and keeps them in
``<data dir>/demo-keys.env`` (mode 0600) for the demo only; the test plugin sets its own. Outside
the demo, `anjian serve`, the WSGI application and every command that reads reporter identities
or verifies the audit refuse to start, naming the variable, when a key is unset, malformed or
one of the known defaults.
"""

import base64
import binascii
import os
import secrets
from pathlib import Path

NAMES = ("ANJIAN_SECRET_KEY", "ANJIAN_TIP_KEY", "ANJIAN_AUDIT_KEY")
DEV_SECRET_KEY = "dev-insecure-key-change-me-in-production-0123456789"
KNOWN_DEFAULTS = {
    DEV_SECRET_KEY,
    "changeme",
    "change-me",
    "secret",
    base64.b64encode(bytes(32)).decode(),  # 32 zero bytes
}
DEMO_KEYS_FILE = "demo-keys.env"


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def problems(env=None) -> list[str]:
    """What is wrong with the keys in `env` (default: the process environment)."""
    env = os.environ if env is None else env
    out = []
    for name in NAMES:
        value = (env.get(name) or "").strip()
        if not value:
            out.append(f"{name} 未设置（未配置密钥，拒绝启动）")
            continue
        if value in KNOWN_DEFAULTS:
            out.append(f"{name} 是公开的默认值，必须更换为随机密钥")
            continue
        if name == "ANJIAN_SECRET_KEY":
            if len(value) < 50 or len(set(value)) < 5:
                out.append(f"{name} 过短或过于简单（至少 50 个字符的随机串）")
            continue
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            out.append(f"{name} 不是 base64 编码")
            continue
        if len(raw) != 32:
            out.append(f"{name} 应为 32 字节随机数的 base64 编码，实为 {len(raw)} 字节")
        elif len(set(raw)) < 8:
            out.append(f"{name} 不是随机密钥")
    return out


def refuse_weak_keys(what: str) -> None:
    """Stop a start on weak keys (the demo runs on its own random keys, loaded into the
    environment by `anjian demo` before settings are read)."""
    from django.core.exceptions import ImproperlyConfigured

    found = problems()
    if found:
        lines = "\n  ".join(found)
        raise ImproperlyConfigured(
            f"{what}：密钥配置不安全，拒绝启动。\n  {lines}\n"
            '生成密钥：python3 -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"'
            '（ANJIAN_SECRET_KEY 可用 python3 -c "import secrets;print(secrets.token_urlsafe(64))"）'
        )


def load_demo_keys(data_dir: Path) -> dict[str, str]:
    """The demo's own random keys, made on first start (file mode 0600) and reused after."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DEMO_KEYS_FILE
    keys: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                keys[k.strip()] = v.strip()
    missing = [n for n in NAMES if not keys.get(n)]
    if missing:
        for name in missing:
            keys[name] = secrets.token_urlsafe(64) if name == "ANJIAN_SECRET_KEY" else new_key()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("# Keys of this demo database only. Never use them in production.\n")
            for name in NAMES:
                f.write(f"{name}={keys[name]}\n")
    return keys
