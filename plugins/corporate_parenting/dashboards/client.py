"""A small REST client for Superset 6: log in, import the bundle, warm the charts' caches,
and set up the read-only Panel role.

Superset answers many failures with HTTP 200 and the error in the body (a warm-up's
`viz_error`), so every call checks the body as well as the status, and a failure names the
chart, dashboard or file it is about.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
import yaml

from corporate_parenting.settings import PostgresUrl


class SupersetError(RuntimeError):
    """Superset refused a request or reported an error in its answer."""


@dataclass(frozen=True)
class WarmUpResult:
    chart_id: int
    chart_name: str
    dashboard: str
    seconds: float


def _rison_eq(column: str, value: str) -> str:
    """A Superset list filter `(filters:!((col:..,opr:eq,value:..)))` in rison."""
    quoted = "'" + value.replace("!", "!!").replace("'", "!'") + "'"
    return f"(filters:!((col:{column},opr:eq,value:{quoted})),page_size:100)"


class SupersetClient:
    def __init__(self, base_url: str, timeout: float = 120.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        # Superset checks the Referer of state-changing requests, as a browser sends it.
        self.session.headers["Referer"] = self.base_url + "/"

    # --- plumbing ----------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def request(self, method: str, path: str, *, what: str, ok=(200, 201), **kwargs) -> dict:
        response = self.session.request(method, self._url(path), timeout=self.timeout, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {"raw": response.text[:2000]}
        if response.status_code not in ok:
            raise SupersetError(
                f"{what}: HTTP {response.status_code} from {method} {path}: "
                f"{json.dumps(body)[:2000]}"
            )
        if isinstance(body, dict) and body.get("errors"):
            raise SupersetError(f"{what}: Superset reported errors: {body['errors']}")
        return body

    def login(self, username: str, password: str, csrf: bool = True) -> SupersetClient:
        """Log in; with `csrf` also fetch the token state-changing calls need (an account
        without the security API's read permission, e.g. a panel member, cannot)."""
        body = self.request(
            "POST",
            "/api/v1/security/login",
            what=f"log in to Superset as {username}",
            json={"username": username, "password": password, "provider": "db"},
        )
        self.session.headers["Authorization"] = f"Bearer {body['access_token']}"
        if csrf:
            token = self.request("GET", "/api/v1/security/csrf_token/", what="get a CSRF token")
            self.session.headers["X-CSRFToken"] = token["result"]
        return self

    # --- dashboards bundle -------------------------------------------------------------------
    def import_bundle(self, bundle: bytes, passwords: dict[str, str]) -> None:
        """Import the bundle, overwriting what is there.

        The dashboard endpoint imports a dashboard's charts, datasets and database only when
        they are new (it never overwrites them), so changed charts or a new password would
        not arrive. The same bundle therefore goes through each level's import, overwrite on:
        database (password), datasets, charts, then dashboards.
        """
        for kind in ("database", "dataset", "chart", "dashboard"):
            self.request(
                "POST",
                f"/api/v1/{kind}/import/",
                what=f"import the dashboards bundle ({kind} level)",
                files={"formData": ("bundle.zip", bundle, "application/zip")},
                data={"overwrite": "true", "passwords": json.dumps(passwords)},
            )

    def dashboard(self, id_or_slug: str | int) -> dict:
        return self.request(
            "GET", f"/api/v1/dashboard/{id_or_slug}", what=f"read dashboard {id_or_slug}"
        )["result"]

    def dashboard_charts(self, id_or_slug: str | int) -> list[dict]:
        return self.request(
            "GET",
            f"/api/v1/dashboard/{id_or_slug}/charts",
            what=f"list the charts of dashboard {id_or_slug}",
        )["result"]

    def warm_up(self, dashboard_slug: str) -> list[WarmUpResult]:
        """Run every chart of the dashboard's stored query; fail naming the chart if any errs."""
        dashboard = self.dashboard(dashboard_slug)
        results = []
        for chart in self.dashboard_charts(dashboard_slug):
            name = chart["slice_name"]
            started = time.monotonic()
            body = self.request(
                "PUT",
                "/api/v1/chart/warm_up_cache",
                what=f"warm up chart {name!r} of dashboard {dashboard['dashboard_title']!r}",
                json={"chart_id": chart["id"], "dashboard_id": dashboard["id"]},
            )
            outcomes = body.get("result") or [{}]
            for result in outcomes:
                # HTTP 200 is not success: the outcome is in viz_error / viz_status.
                if result.get("viz_error") or result.get("viz_status") != "success":
                    raise SupersetError(
                        f"chart {name!r} (id {chart['id']}) of dashboard "
                        f"{dashboard['dashboard_title']!r} failed to warm up: "
                        f"{result.get('viz_error') or result}"
                    )
            results.append(
                WarmUpResult(
                    chart["id"], name, dashboard["dashboard_title"], time.monotonic() - started
                )
            )
        return results

    # --- security: the Panel role and its user -----------------------------------------------
    def _find(self, resource: str, column: str, value: str) -> dict | None:
        body = self.request(
            "GET",
            f"/api/v1/security/{resource}/",
            what=f"look up {resource} {value}",
            params={"q": _rison_eq(column, value)},
        )
        matches = [item for item in body.get("result", []) if item.get(column) == value]
        return matches[0] if matches else None

    def ensure_role(self, name: str) -> int:
        found = self._find("roles", "name", name)
        if found:
            return found["id"]
        return self.request(
            "POST", "/api/v1/security/roles/", what=f"create role {name}", json={"name": name}
        )["id"]

    def permission_view_ids(self) -> dict[tuple[str, str], int]:
        """{(permission, view menu): id} for every permission Superset knows."""
        found: dict[tuple[str, str], int] = {}
        page = 0
        while True:
            body = self.request(
                "GET",
                "/api/v1/security/permissions-resources/",
                what="list permissions",
                params={"q": f"(page:{page},page_size:100)"},
            )
            for item in body["result"]:
                found[(item["permission"]["name"], item["view_menu"]["name"])] = item["id"]
            if len(body["result"]) < 100:
                return found
            page += 1

    def set_role_permissions(self, role_id: int, permission_ids: Iterable[int]) -> None:
        """Replace the role's permissions with exactly these."""
        self.request(
            "POST",
            f"/api/v1/security/roles/{role_id}/permissions",
            what=f"set the permissions of role {role_id}",
            json={"permission_view_menu_ids": sorted(set(permission_ids))},
        )

    def ensure_user(self, username: str, password: str, role_id: int) -> int:
        """Create the user in exactly this role, or reset its password and role."""
        found = self._find("users", "username", username)
        if found:
            self.request(
                "PUT",
                f"/api/v1/security/users/{found['id']}",
                what=f"update user {username}",
                json={"password": password, "roles": [role_id], "active": True},
            )
            return found["id"]
        return self.request(
            "POST",
            "/api/v1/security/users/",
            what=f"create user {username}",
            json={
                "username": username,
                "password": password,
                "first_name": "Panel",
                "last_name": "member",
                "email": f"{username}@panel.invalid",
                "active": True,
                "roles": [role_id],
            },
        )["id"]


# --- the bundle as Superset receives it ------------------------------------------------------
def bundle_zip(bundle_dir: Path, warehouse: PostgresUrl) -> bytes:
    """The bundle folder as an import ZIP, its database pointed at this warehouse.

    The YAML in git names no host and holds no password: the database's host, port and
    database name come from the warehouse URL here; the password is sent beside the ZIP.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bundle_dir.rglob("*.yaml")):
            relative = path.relative_to(bundle_dir).as_posix()
            text = path.read_text(encoding="utf-8")
            if relative.startswith("databases/"):
                text = _point_database_at(text, warehouse)
            # Superset expects one top-level folder in the ZIP and strips it.
            archive.writestr(f"panel_dashboards/{relative}", text)
    return buffer.getvalue()


def _point_database_at(text: str, warehouse: PostgresUrl) -> str:
    config = yaml.safe_load(text)
    uri = urlsplit(config["sqlalchemy_uri"])
    user = uri.username or "panel_reader"
    config["sqlalchemy_uri"] = (
        f"{uri.scheme}://{user}:XXXXXXXXXX@{warehouse.host}:{warehouse.port}/{warehouse.dbname}"
    )
    return yaml.safe_dump(config, sort_keys=False)


def database_files(bundle_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(bundle_dir).as_posix() for p in (bundle_dir / "databases").glob("*.yaml")
    )
