"""Who may read what: the PostgreSQL role Superset connects as, and Superset's Panel role.

- `panel_reader` (PostgreSQL, login): USAGE on schema `reporting_public` and SELECT on its
  tables, now and (default privileges) on the tables dbt creates there later; nothing else.
  Granted again at every publish, so a rebuilt table never loses it. Superset's database
  connection logs in as this role, so no dashboard, SQL or chart can read `marts`, `raw` or
  anything outside the suppressed schema, whatever Superset's own permissions say.
- `Panel` (Superset): read-only. It can open the six dashboards and run their charts'
  queries on the one dataset behind them; no SQL Lab, no editing, no export, no other data.
  The `panel` user is in this role only.

Passwords are generated, never in git. A PostgreSQL role belongs to the whole server, which
several environments can share (the `make run` and the test databases live on one embedded
cluster), so `panel_reader`'s password is derived from the warehouse owner's credentials for
that server: every environment computes the same one instead of overwriting each other's.
It is written to the secrets folder for reference; PANEL_READER_PASSWORD overrides it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from corporate_parenting.dashboards.client import SupersetClient
from corporate_parenting.dashboards.service import read_or_create_secret
from corporate_parenting.settings import PostgresUrl, Settings

PANEL_READER = "panel_reader"
PUBLIC_SCHEMA = "reporting_public"
PANEL_ROLE = "Panel"
PANEL_USER = "panel"

# What a logged-in panel member needs to open a dashboard and see its charts, and nothing
# more: Superset's own minimal read-only set for dashboard viewers (its PUBLIC_ROLE_PERMISSIONS)
# plus the dashboards list. No SQL Lab, no Explore editing, no CSV/Excel, no write anything.
PANEL_PERMISSIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("can_read", "Dashboard"),
        ("can_read", "Chart"),
        ("can_dashboard", "Superset"),
        ("can_slice", "Superset"),
        ("can_explore_json", "Superset"),
        ("can_dashboard_permalink", "Superset"),
        ("can_read", "DashboardPermalinkRestApi"),
        ("can_read", "DashboardFilterStateRestApi"),
        ("can_write", "DashboardFilterStateRestApi"),
        ("can_time_range", "Api"),
        ("can_query_form_data", "Api"),
        ("can_query", "Api"),
        ("can_read", "CssTemplate"),
        ("can_read", "Theme"),
        ("can_read", "CurrentUserRestApi"),
        ("can_get", "Datasource"),
        ("can_external_metadata", "Datasource"),
        ("can_read", "Annotation"),
        ("can_read", "ExplorePermalinkRestApi"),
        ("menu_access", "Dashboards"),
        # The front end logs page views (an audit of who looked at what) and the home page
        # lists the member's recently viewed dashboards.
        ("can_log", "Superset"),
        ("can_recent_activity", "Log"),
        ("can_userinfo", "UserDBModelView"),
        ("resetmypassword", "UserDBModelView"),
    }
)


def panel_reader_password(warehouse: PostgresUrl, settings: Settings) -> str:
    """The role's password for this PostgreSQL server (see the module docstring)."""
    password = (
        os.environ.get("PANEL_READER_PASSWORD")
        or hmac.new(
            warehouse.password.encode(),
            f"{PANEL_READER}@{warehouse.host}:{warehouse.port}".encode(),
            hashlib.sha256,
        ).hexdigest()
    )
    _record(settings.secrets_dir / "panel_reader_password", password)
    return password


def _record(path: Path, value: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8").strip() == value:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(value, encoding="utf-8")


def panel_user_password(settings: Settings) -> str:
    return os.environ.get("SUPERSET_PANEL_PASSWORD") or read_or_create_secret(
        panel_user_password_file(settings)
    )


def panel_user_password_file(settings: Settings) -> Path:
    return settings.secrets_dir / "superset_panel_password"


def grant_panel_reader(warehouse: PostgresUrl, password: str) -> None:
    """Create or update `panel_reader` and grant it read access to reporting_public only.

    Runs as the warehouse owner (the role dbt builds as), so the default privileges cover
    every table dbt creates in reporting_public from now on.
    """
    import psycopg2  # noqa: PLC0415
    from psycopg2 import sql  # noqa: PLC0415

    conn = psycopg2.connect(warehouse.url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            role = sql.Identifier(PANEL_READER)
            schema = sql.Identifier(PUBLIC_SCHEMA)
            cur.execute(
                "select rolsuper or rolcreaterole from pg_roles where rolname = current_user"
            )
            may_manage_roles = cur.fetchone()[0]
            cur.execute("select 1 from pg_roles where rolname = %s", (PANEL_READER,))
            exists = cur.fetchone() is not None
            if may_manage_roles:
                if not exists:
                    cur.execute(sql.SQL("create role {}").format(role))
                cur.execute(
                    sql.SQL(
                        "alter role {} with login nosuperuser nocreatedb nocreaterole "
                        "noinherit password %s"
                    ).format(role),
                    (password,),
                )
            elif not exists:
                # docker-compose: the PostgreSQL init script creates it with
                # PANEL_READER_PASSWORD, as the warehouse owner may not create roles.
                raise RuntimeError(
                    f"PostgreSQL role {PANEL_READER} does not exist and {warehouse.user} may "
                    "not create roles: create it (docker/postgres-init/20-create-superset.sh)"
                )
            cur.execute(sql.SQL("create schema if not exists {}").format(schema))
            cur.execute(
                sql.SQL("grant connect on database {} to {}").format(
                    sql.Identifier(warehouse.dbname), role
                )
            )
            cur.execute(sql.SQL("grant usage on schema {} to {}").format(schema, role))
            cur.execute(
                sql.SQL("grant select on all tables in schema {} to {}").format(schema, role)
            )
            cur.execute(
                sql.SQL(
                    "alter default privileges in schema {} grant select on tables to {}"
                ).format(schema, role)
            )
    finally:
        conn.close()


def ensure_panel_role(client: SupersetClient, dataset_ids: list[int], password: str) -> int:
    """The read-only Panel role (exactly PANEL_PERMISSIONS + the datasets) and its user."""
    available = client.permission_view_ids()
    missing = sorted(PANEL_PERMISSIONS - set(available))
    if missing:
        raise RuntimeError(f"Superset has no such permissions (version change?): {missing}")
    wanted = [available[permission] for permission in PANEL_PERMISSIONS]
    for dataset_id in dataset_ids:
        suffix = f"(id:{dataset_id})"
        matches = [
            pvm_id
            for (permission, view), pvm_id in available.items()
            if permission == "datasource_access" and view.endswith(suffix)
        ]
        if len(matches) != 1:
            raise RuntimeError(f"no single datasource_access permission for dataset {dataset_id}")
        wanted.extend(matches)
    role_id = client.ensure_role(PANEL_ROLE)
    client.set_role_permissions(role_id, wanted)
    client.ensure_user(PANEL_USER, password, role_id)
    return role_id
