"""The dbt build as a cosmos task group: one Airflow task per dbt node, tests after each.

Rendered from the dbt manifest (`dbt parse` runs at set-up), so building the DAG reads one
JSON file and never calls dbt or the database at parse time.
"""

from __future__ import annotations

from corporate_parenting.settings import Settings


def dbt_build_task_group(group_id: str = "dbt_build", settings: Settings | None = None):
    from cosmos import (  # noqa: PLC0415
        DbtTaskGroup,
        ExecutionConfig,
        ProfileConfig,
        ProjectConfig,
        RenderConfig,
    )
    from cosmos.constants import InvocationMode, LoadMode, TestBehavior  # noqa: PLC0415

    settings = settings or Settings.from_env()
    project_dir = settings.dbt_project_dir
    return DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(
            dbt_project_path=project_dir,
            manifest_path=project_dir / "target" / "manifest.json",
            install_dbt_deps=False,
        ),
        profile_config=ProfileConfig(
            profile_name="corporate_parenting",
            target_name="default",
            profiles_yml_filepath=project_dir / "profiles.yml",
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
        ),
        execution_config=ExecutionConfig(invocation_mode=InvocationMode.DBT_RUNNER),
        # A failed dbt model or test is a data or code error: retrying cannot fix it.
        default_args={"retries": 0},
        # Lineage assets are not used here, and emitting them costs time on every task.
        operator_args={"emit_datasets": False},
    )
