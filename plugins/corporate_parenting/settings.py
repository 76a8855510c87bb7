"""Where things live and how to reach the warehouse.

Everything is derived from environment variables with project-local defaults, so the same
code runs from a checkout (`make run`), inside pytest and inside the official Airflow image.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_project_root() -> Path:
    # plugins/corporate_parenting/settings.py -> project root; overridable for installed copies.
    return PACKAGE_DIR.parents[1]


@dataclass(frozen=True)
class Settings:
    """Paths and endpoints for one environment (a checkout, a test session, a container)."""

    project_root: Path
    var_dir: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        root = Path(env.get("CORPORATE_PARENTING_HOME", _default_project_root())).resolve()
        var_dir = Path(env.get("CORPORATE_PARENTING_VAR", root / "var")).resolve()
        return cls(project_root=root, var_dir=var_dir)

    # --- code that ships with the project -------------------------------------------------
    @property
    def dags_dir(self) -> Path:
        return self.project_root / "dags"

    @property
    def dbt_project_dir(self) -> Path:
        return self.project_root / "dbt_project"

    @property
    def expectations_dir(self) -> Path:
        return self.project_root / "expectations"

    # --- runtime state (git-ignored) ------------------------------------------------------
    @cached_property
    def landing_dir(self) -> Path:
        """Where source systems drop their files (the generator writes here by default)."""
        return Path(os.environ.get("SOURCE_LANDING_DIR", self.var_dir / "landing"))

    @cached_property
    def publish_dir(self) -> Path:
        """Where the published panel pages live; only the publish task writes here."""
        return Path(os.environ.get("PUBLISH_DIR", self.var_dir / "published"))

    @property
    def quality_dir(self) -> Path:
        """Gate results (JSON summaries) for engineers."""
        return self.var_dir / "quality"

    @property
    def airflow_home(self) -> Path:
        return Path(os.environ.get("AIRFLOW_HOME", self.var_dir / "airflow"))

    @property
    def secrets_dir(self) -> Path:
        return self.var_dir / "secrets"


@dataclass(frozen=True)
class PostgresUrl:
    """A parsed `postgresql://user:password@host:port/dbname` URL."""

    url: str

    @cached_property
    def _parts(self):
        return urlsplit(self.url)

    @property
    def host(self) -> str:
        return self._parts.hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return self._parts.port or 5432

    @property
    def user(self) -> str:
        return self._parts.username or "postgres"

    @property
    def password(self) -> str:
        return self._parts.password or ""

    @property
    def dbname(self) -> str:
        return self._parts.path.lstrip("/") or "postgres"

    def with_database(self, dbname: str) -> PostgresUrl:
        netloc = self._parts.netloc
        return PostgresUrl(f"postgresql://{netloc}/{dbname}")

    def sqlalchemy(self) -> str:
        """SQLAlchemy URL with an explicit driver (Airflow refuses a bare `postgresql://`)."""
        return "postgresql+psycopg2://" + self.url.split("://", 1)[1]

    def dbt_env(self, schema: str = "analytics") -> dict[str, str]:
        """The variables `dbt_project/profiles.yml` reads with `env_var()`."""
        return {
            "DBT_HOST": self.host,
            "DBT_PORT": str(self.port),
            "DBT_USER": self.user,
            "DBT_PASSWORD": self.password,
            "DBT_DBNAME": self.dbname,
            "DBT_SCHEMA": schema,
        }
