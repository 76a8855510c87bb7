"""docker-compose.yml is the production path; Docker cannot run here, so check its shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_airflow_services_use_the_official_image_as_their_base(compose):
    airflow_services = [s for name, s in compose["services"].items() if name.startswith("airflow")]
    assert {
        "airflow-init",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
    } <= set(compose["services"])
    dockerfiles = {s["build"]["dockerfile"] for s in airflow_services}
    assert dockerfiles == {"docker/airflow.Dockerfile"}
    first_line = (ROOT / "docker/airflow.Dockerfile").read_text().splitlines()
    assert "FROM apache/airflow:3.3.2" in first_line


def test_postgres_is_an_official_image_with_a_health_check(compose):
    postgres = compose["services"]["postgres"]
    assert re.fullmatch(r"postgres:\d+", postgres["image"])
    assert "healthcheck" in postgres


def test_every_mounted_path_exists_in_the_repository(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"


def test_the_same_dags_dbt_project_and_expectations_are_mounted(compose):
    mounts = {v.split(":")[0] for v in compose["services"]["airflow-scheduler"]["volumes"]}
    assert {"./dags", "./plugins", "./dbt_project", "./expectations"} <= mounts


SECRETS = (
    "PSEUDONYMISATION_KEY",
    "WAREHOUSE_PASSWORD",
    "POSTGRES_PASSWORD",
    "SUPERSET_SECRET_KEY",
    "SUPERSET_DB_PASSWORD",
    "SUPERSET_ADMIN_PASSWORD",
    "SUPERSET_PANEL_PASSWORD",
    "PANEL_READER_PASSWORD",
)


def test_no_secret_is_written_in_the_file(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    for key in SECRETS:
        for value in re.findall(rf"{key}: (\S+)", text):
            assert value.startswith("${"), f"{key} is hard-coded"
    # Superset's metadata URL carries its password from .env too.
    for value in re.findall(r"postgresql\S*://[^:@\s]+:([^@\s]+)@", text):
        assert value.startswith("${"), f"a password is hard-coded in a URL: {value}"


def test_every_variable_the_file_reads_is_described_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    described = set(
        re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert used - described == set(), "add these to .env.example"


def test_superset_is_its_own_service_on_the_official_image(compose):
    services = compose["services"]
    assert {"superset", "superset-init"} <= set(services)
    for name in ("superset", "superset-init"):
        assert services[name]["build"]["dockerfile"] == "docker/superset.Dockerfile"
        # Not Airflow's image: Superset cannot share Airflow's Python environment.
        assert "airflow" not in services[name]["image"]
    dockerfile = (ROOT / "docker/superset.Dockerfile").read_text().splitlines()
    assert [line for line in dockerfile if line.startswith("FROM")] == [
        "FROM apache/superset:6.1.0"
    ]
    copied = [line.split()[1] for line in dockerfile if line.startswith("COPY")]
    assert all((ROOT / source).exists() for source in copied)


def test_superset_starts_after_its_metadata_is_initialised_and_reports_health(compose):
    superset = compose["services"]["superset"]
    assert superset["depends_on"]["superset-init"]["condition"] == "service_completed_successfully"
    assert superset["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/health" in " ".join(superset["healthcheck"]["test"])
    init_command = " ".join(compose["services"]["superset-init"]["command"])
    assert "superset db upgrade" in init_command and "superset init" in init_command


def test_the_publish_task_can_reach_superset(compose):
    environment = compose["services"]["airflow-scheduler"]["environment"]
    assert environment["SUPERSET_URL"] == "http://superset:8088"
    assert environment["SUPERSET_ADMIN_PASSWORD"].startswith("${")
