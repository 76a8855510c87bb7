"""Superset configuration for the Corporate Parenting Panel dashboards.

Loaded through SUPERSET_CONFIG_PATH, both by the local service
(`corporate-parenting dashboards start`, venv `.superset-venv`) and by the docker-compose
`superset` image. Secrets come from the environment only; nothing secret is in this file.

  SUPERSET_SECRET_KEY        signs sessions and encrypts stored database passwords (required)
  SUPERSET_METADATA_DB_URL   Superset's own metadata database; default: SQLite under the var dir
  SUPERSET_STATE_DIR         local state (metadata DB, caches); default
                             $CORPORATE_PARENTING_VAR/superset
  SUPERSET_CACHE_REDIS_URL   optional Redis for the caches; default: files under the state dir
"""

from __future__ import annotations

import os
from pathlib import Path

_project_var = Path(os.environ.get("CORPORATE_PARENTING_VAR", Path.cwd() / "var"))
STATE_DIR = Path(os.environ.get("SUPERSET_STATE_DIR", _project_var / "superset"))

try:
    SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
except KeyError as missing:  # Superset's built-in default key is public: refuse to run on it.
    raise RuntimeError("Set SUPERSET_SECRET_KEY (a long random string) in the environment") from (
        missing
    )

SQLALCHEMY_DATABASE_URI = os.environ.get(
    "SUPERSET_METADATA_DB_URL",
    f"sqlite:///{STATE_DIR / 'superset.db'}?check_same_thread=false",
)
# Uploads, logs and anything else Superset keeps on disk stay in the state folder, not ~/.
DATA_DIR = str(STATE_DIR)

# Forms and every state-changing API call need a CSRF token (and a Referer header).
WTF_CSRF_ENABLED = True

# Dashboards are imported from the bundle in git; the example data sets are never loaded.
SQLALCHEMY_EXAMPLES_URI = None

# The security REST API (roles, permissions, users) sets up the read-only Panel role.
FAB_ADD_SECURITY_API = True


def _cache(prefix: str, timeout_seconds: int) -> dict:
    redis_url = os.environ.get("SUPERSET_CACHE_REDIS_URL")
    if redis_url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"superset_{prefix}_",
            "CACHE_DEFAULT_TIMEOUT": timeout_seconds,
        }
    return {
        "CACHE_TYPE": "FileSystemCache",
        "CACHE_DIR": str(STATE_DIR / "cache" / prefix),
        "CACHE_DEFAULT_TIMEOUT": timeout_seconds,
        "CACHE_THRESHOLD": 5000,
    }


DAY = 24 * 60 * 60
# Metadata (datasets, dashboards) and chart query results. The publish task warms the chart
# cache after every refresh, so a week is safe: the next refresh replaces every entry.
CACHE_CONFIG = _cache("metadata", DAY)
DATA_CACHE_CONFIG = _cache("data", 7 * DAY)
