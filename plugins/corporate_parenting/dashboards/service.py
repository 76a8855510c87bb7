"""The local Superset service: its own virtual environment, set-up, start, stop, status.

Superset 6.1 cannot share the project's venv (it pins SQLAlchemy 1.4; Airflow 3.3 needs 2.x),
so it lives in `.superset-venv/` at the project root, installed with uv from the lock
`docker/superset/requirements.txt`. This module never imports Superset: it runs the Superset
CLI and gunicorn as subprocesses of that venv and talks to the server over HTTP.

State is per environment, under `$CORPORATE_PARENTING_VAR/superset/` (metadata SQLite
database, caches, pid, log); generated secrets go to `$CORPORATE_PARENTING_VAR/secrets/`.
Every step is skipped when already done, so `start` on a set-up machine takes a few seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_PORT = 8088
PASSED_THROUGH = {
    "HOME",
    "LANG",
    "TZ",
    "TMPDIR",
    "PYTHONDONTWRITEBYTECODE",
    "SUPERSET_METADATA_DB_URL",
    "SUPERSET_CACHE_REDIS_URL",
}
ADMIN_USERNAME = "admin"


class SupersetServiceError(RuntimeError):
    pass


def read_or_create_secret(path: Path, length: int = 32) -> str:
    """A generated secret kept in the secrets folder (0600), created on first use."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


@dataclass(frozen=True)
class SupersetService:
    settings: Settings
    port: int = DEFAULT_PORT

    @classmethod
    def for_settings(cls, settings: Settings | None = None, port: int | None = None):
        settings = settings or Settings.from_env()
        port = port or int(os.environ.get("SUPERSET_PORT", DEFAULT_PORT))
        return cls(settings, port)

    # --- where things are ------------------------------------------------------------------
    @property
    def venv(self) -> Path:
        return Path(os.environ.get("SUPERSET_VENV", self.settings.project_root / ".superset-venv"))

    @property
    def requirements(self) -> Path:
        return self.settings.project_root / "docker" / "superset" / "requirements.txt"

    @property
    def config_file(self) -> Path:
        return self.settings.project_root / "docker" / "superset" / "superset_config.py"

    @property
    def state_dir(self) -> Path:
        return self.settings.var_dir / "superset"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / "superset.pid"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "superset.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_password_file(self) -> Path:
        return self.settings.secrets_dir / "superset_admin_password"

    def admin_password(self) -> str:
        return read_or_create_secret(self.admin_password_file)

    def _bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def environment(self) -> dict[str, str]:
        # Only what Superset needs: not the project's venv, and not the warehouse owner's
        # URL or the pseudonymisation key, which it has no business seeing.
        env = {
            key: value
            for key, value in os.environ.items()
            if key in PASSED_THROUGH or key.startswith("LC_")
        }
        env.update(
            {
                "SUPERSET_CONFIG_PATH": str(self.config_file),
                "SUPERSET_SECRET_KEY": read_or_create_secret(
                    self.settings.secrets_dir / "superset_secret_key", 48
                ),
                "SUPERSET_STATE_DIR": str(self.state_dir),
                "SUPERSET_HOME": str(self.state_dir),
                "CORPORATE_PARENTING_VAR": str(self.settings.var_dir),
                "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            }
        )
        return env

    # --- the virtual environment -----------------------------------------------------------
    def _requirements_stamp(self) -> str:
        return hashlib.sha256(self.requirements.read_bytes()).hexdigest()[:16]

    def venv_ready(self) -> bool:
        marker = self.venv / ".requirements-installed"
        return marker.exists() and marker.read_text().strip() == self._requirements_stamp()

    def ensure_venv(self) -> float | None:
        """Install the locked requirements with uv; seconds taken, or None when up to date."""
        if self.venv_ready():
            return None
        lock = self.settings.project_root / ".superset-venv.lock"
        with lock.open("w") as handle:
            # Two test sessions may start at once: one installs, the other waits.
            fcntl.flock(handle, fcntl.LOCK_EX)
            if self.venv_ready():
                return None
            started = time.monotonic()
            uv = self._uv()
            env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
            env.pop("VIRTUAL_ENV", None)
            if not (self.venv / "bin" / "python").exists():
                self._run_checked(
                    [uv, "venv", str(self.venv), "--python", self._python()],
                    "create the Superset venv",
                    env=env,
                )
            self._run_checked(
                [
                    uv,
                    "pip",
                    "install",
                    "--python",
                    self._bin("python"),
                    "--compile-bytecode",
                    "-r",
                    str(self.requirements),
                ],
                "install Superset's locked requirements",
                env=env,
            )
            (self.venv / ".requirements-installed").write_text(self._requirements_stamp())
            return time.monotonic() - started

    def _uv(self) -> str:
        candidates = [self.settings.project_root / ".tools" / "bin" / "uv"]
        found = shutil.which("uv")
        if found:
            candidates.append(Path(found))
        for candidate in candidates:
            if candidate.exists():
                return str(candidate)
        raise SupersetServiceError(
            "uv is needed to create .superset-venv: run `make run` once (it installs uv into "
            ".tools/) or install uv"
        )

    @staticmethod
    def _python() -> str:
        # The interpreter the project runs on (3.11); Superset 6.1 supports it.
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        candidate = Path(sys.base_prefix) / "bin" / f"python{version}"
        return str(candidate) if candidate.exists() else version

    def _run_checked(self, args: list[str], what: str, env: dict | None = None) -> str:
        result = subprocess.run(args, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise SupersetServiceError(
                f"Could not {what} (exit {result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    # --- the metadata database ---------------------------------------------------------------
    def _init_stamp(self) -> str:
        metadata_db = os.environ.get("SUPERSET_METADATA_DB_URL", "sqlite")
        return hashlib.sha256(f"{self._requirements_stamp()}|{metadata_db}".encode()).hexdigest()[
            :16
        ]

    def initialised(self) -> bool:
        marker = self.state_dir / ".initialised"
        return marker.exists() and marker.read_text().strip() == self._init_stamp()

    def ensure_initialised(self) -> float | None:
        """`superset db upgrade`, the admin user, `superset init`; seconds, or None if done."""
        if self.initialised():
            return None
        started = time.monotonic()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        superset = self._bin("superset")
        self._run_checked([superset, "db", "upgrade"], "upgrade Superset's metadata", env)
        result = subprocess.run(
            [
                superset,
                "fab",
                "create-admin",
                "--username",
                ADMIN_USERNAME,
                "--firstname",
                "Superset",
                "--lastname",
                "admin",
                "--email",
                "admin@panel.invalid",
                "--password",
                self.admin_password(),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0 and "already exists" not in result.stdout + result.stderr:
            raise SupersetServiceError(f"Could not create the admin user:\n{result.stderr[-3000:]}")
        self._run_checked([superset, "init"], "initialise Superset's roles", env)
        (self.state_dir / ".initialised").write_text(self._init_stamp())
        return time.monotonic() - started

    # --- the server ----------------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=2).text.strip() == "OK"
        except requests.RequestException:
            return False

    def is_running(self) -> bool:
        return self.pid() is not None and self.healthy()

    def start(self, timeout: float = 120.0) -> float | None:
        """Start gunicorn on 127.0.0.1:<port>; seconds until healthy, or None if it was up."""
        if self.is_running():
            return None
        if self.pid() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    raise SupersetServiceError(
                        f"Port {self.port} is already in use by another program (perhaps "
                        "another checkout's Superset). Set SUPERSET_PORT to a free port."
                    )
        started = time.monotonic()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        if self.pid() is None:
            with self.log_file.open("ab") as log_handle:
                process = subprocess.Popen(
                    [
                        self._bin("gunicorn"),
                        "--bind",
                        f"127.0.0.1:{self.port}",
                        # One process, threads for the dashboard's parallel chart requests:
                        # ~350 MB, and SQLite metadata stays single-writer.
                        "--workers",
                        "1",
                        "--worker-class",
                        "gthread",
                        "--threads",
                        "8",
                        "--timeout",
                        "120",
                        "--limit-request-line",
                        "0",
                        "--limit-request-field_size",
                        "0",
                        "superset.app:create_app()",
                    ],
                    stdout=log_handle,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=self.environment(),
                    cwd=self.state_dir,
                    # Its own session: it outlives this command (`make dashboards` returns).
                    start_new_session=True,
                )
            self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.healthy():
                return time.monotonic() - started
            if self.pid() is None:
                break
            time.sleep(0.25)
        tail = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
        self.stop()
        raise SupersetServiceError(f"Superset did not become healthy on {self.url}:\n{tail}")

    def stop(self, timeout: float = 20.0) -> bool:
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        if self.pid() is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> str:
        if self.is_running():
            return f"running on {self.url} (pid {self.pid()})"
        if self.pid() is not None:
            return f"starting or unhealthy (pid {self.pid()}); log: {self.log_file}"
        return "stopped"

    def ensure_started(self) -> dict[str, float | None]:
        """Venv, metadata and server, each only if needed; seconds per step (None: skipped)."""
        return {
            "venv_install": self.ensure_venv(),
            "init": self.ensure_initialised(),
            "start": self.start(),
        }
