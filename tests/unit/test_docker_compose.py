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


def test_no_secret_is_written_in_the_file(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    for key in ("PSEUDONYMISATION_KEY", "WAREHOUSE_PASSWORD", "POSTGRES_PASSWORD"):
        for value in re.findall(rf"{key}: (\S+)", text):
            assert value.startswith("${"), f"{key} is hard-coded"
