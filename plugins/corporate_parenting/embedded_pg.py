"""A project-local PostgreSQL for development, tests and the default `make run`.

Nothing is installed by hand: the server binaries are Debian's PostgreSQL when present, or the
ones shipped inside the `pgserver` wheel from the lock file. The cluster lives in a project
folder, listens on loopback TCP only, and is reused by later runs.

`initdb` and `pg_ctl` refuse to run as root, so as root they run as an unprivileged OS user
(`postgres` when it exists, otherwise one created for the purpose) that owns the data folder.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from corporate_parenting.settings import PostgresUrl, Settings

DEFAULT_PORT = 54329
SUPERUSER = "warehouse"
DATABASES = ("warehouse", "airflow")
SERVICE_ACCOUNT = "cpwarehouse"


class EmbeddedPostgresError(RuntimeError):
    pass


def find_binaries() -> Path:
    """Directory holding initdb/pg_ctl: $PG_BIN, Debian's newest, then the pgserver wheel."""
    candidates: list[Path] = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted(
            (p for p in debian.iterdir() if p.name.isdigit()), key=lambda p: int(p.name)
        )
        candidates.extend(p / "bin" for p in reversed(versions))
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    try:
        import pgserver  # noqa: PLC0415 - fallback for machines with no server installed

        wheel_bin = Path(pgserver.__file__).parent / "pginstall" / "bin"
        if (wheel_bin / "initdb").exists():
            return wheel_bin
    except ImportError:
        pass
    raise EmbeddedPostgresError(
        "No PostgreSQL server binaries found (looked in $PG_BIN, /usr/lib/postgresql/*/bin "
        "and the pgserver wheel). Run `make run` to create the environment, or set PG_BIN."
    )


def _traversable_by_others(path: Path) -> bool:
    """True when every parent folder lets another user in (o+x), as the server user needs."""
    for parent in [path, *path.parents]:
        if parent.exists() and not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return True


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    log_file: Path
    socket_dir: Path
    password_file: Path

    @classmethod
    def for_settings(cls, settings: Settings | None = None) -> EmbeddedPostgres:
        settings = settings or Settings.from_env()
        port = int(os.environ.get("EMBEDDED_PG_PORT", DEFAULT_PORT))
        base = Path(os.environ.get("EMBEDDED_PG_DIR", settings.var_dir / "postgres"))
        if os.geteuid() == 0 and not _traversable_by_others(base.parent):
            # The server user cannot reach a folder under e.g. /root; keep the cluster in a
            # per-checkout folder that it can reach instead.
            import hashlib  # noqa: PLC0415

            digest = hashlib.sha256(str(base).encode()).hexdigest()[:12]
            base = Path("/var/tmp/corporate-parenting") / digest
        return cls(
            data_dir=base / "data",
            port=port,
            log_file=base / "server.log",
            socket_dir=base / "run",
            # Beside the cluster, so every user of this cluster (runs, tests) finds it.
            password_file=base / "superuser_password",
        )

    # --- running commands as the right user ------------------------------------------------
    def _server_user(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        for name in ("postgres", SERVICE_ACCOUNT):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_ACCOUNT,
            ],
            check=True,
        )
        return pwd.getpwnam(SERVICE_ACCOUNT)

    def _run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        user = self._server_user()
        extra = {"user": user.pw_uid, "group": user.pw_gid} if user else {}
        return subprocess.run(args, capture_output=True, text=True, **extra, **kwargs)

    def _chown(self, *paths: Path) -> None:
        user = self._server_user()
        if not user:
            return
        for path in paths:
            shutil.chown(path, user.pw_uid, user.pw_gid)

    # --- lifecycle ----------------------------------------------------------------------------
    @property
    def password(self) -> str:
        return self.password_file.read_text().strip()

    def url(self, database: str = "warehouse") -> PostgresUrl:
        return PostgresUrl(
            f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"
        )

    def is_initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        bin_dir = find_binaries()
        return (
            self._run([str(bin_dir / "pg_ctl"), "status", "-D", str(self.data_dir)]).returncode == 0
        )

    def initialise(self) -> None:
        bin_dir = find_binaries()
        self.password_file.parent.mkdir(parents=True, exist_ok=True)
        self.password_file.parent.chmod(0o755)
        if not self.password_file.exists():
            self.password_file.write_text(secrets.token_urlsafe(24))
            self.password_file.chmod(0o600)
        for folder in (self.data_dir.parent, self.data_dir, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self._chown(self.data_dir.parent, self.data_dir, self.socket_dir)
        # initdb reads the password from a file the server user can read; remove it after.
        pwfile = self.data_dir.parent / ".initdb_pw"
        pwfile.write_text(self.password)
        pwfile.chmod(0o600)
        self._chown(pwfile)
        try:
            result = self._run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "--username",
                    SUPERUSER,
                    "--pwfile",
                    str(pwfile),
                    "--auth-host=scram-sha-256",
                    "--auth-local=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise EmbeddedPostgresError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        bin_dir = find_binaries()
        self._assert_port_free()
        self.log_file.touch(exist_ok=True)
        self._chown(self.log_file)
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c shared_buffers=256MB -c work_mem=32MB"
        )
        result = self._run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        if result.returncode != 0:
            tail = self.log_file.read_text()[-2000:] if self.log_file.exists() else ""
            raise EmbeddedPostgresError(
                f"PostgreSQL did not start on port {self.port}:\n{result.stderr}\n{tail}"
            )

    def stop(self) -> bool:
        if not self.is_running():
            return False
        bin_dir = find_binaries()
        self._run([str(bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
        return True

    def _assert_port_free(self) -> None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise EmbeddedPostgresError(
                    f"Port {self.port} is already in use by another program. Set "
                    "EMBEDDED_PG_PORT to a free port, or WAREHOUSE_URL to use that server."
                )

    def create_databases(self, names: tuple[str, ...] = DATABASES) -> None:
        import psycopg2  # noqa: PLC0415

        conn = psycopg2.connect(self.url("postgres").url)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for name in names:
                    cur.execute("select 1 from pg_database where datname = %s", (name,))
                    if cur.fetchone() is None:
                        cur.execute(f'create database "{name}"')
        finally:
            conn.close()

    def ensure_running(self) -> PostgresUrl:
        """Initialise on first use, start if stopped, and return the warehouse URL."""
        if not self.is_initialised():
            self.initialise()
        if not self.is_running():
            self.start()
        deadline = time.monotonic() + 30
        while True:
            try:
                self.create_databases()
                break
            except Exception:  # the server can refuse connections for a moment after start
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return self.url("warehouse")
