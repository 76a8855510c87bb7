"""Keyed pseudonymisation of child identifiers at the boundary of the warehouse.

`child_key = HMAC-SHA256(key, "<la_code>:<CHILD>")` (domain spec §4.2). The key comes from
configuration (`PSEUDONYMISATION_KEY`, or an Airflow connection in production) and is never in
git; the embedded default generates one into `var/secrets/` on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_ENV = "PSEUDONYMISATION_KEY"


def load_key(secrets_dir: Path) -> bytes:
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode()
    key_file = secrets_dir / "pseudonymisation_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip().encode()


class Pseudonymiser:
    def __init__(self, key: bytes):
        if len(key) < 16:
            raise ValueError(f"{KEY_ENV} must be at least 16 characters long")
        self._key = key

    def child_key(self, la_code: str, child_id: str) -> str:
        message = f"{la_code.strip().upper()}:{child_id.strip().upper()}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]
