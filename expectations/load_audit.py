"""Suites on the load register: rows quarantined or deliveries refused at load are visible.

A quarantined 903 row is a child or episode missing from every figure built on it, so it
blocks publishing until the source is fixed and re-delivered. A refused (empty) delivery
leaves the previous delivery for that period in force: published, with a warning.
"""

from __future__ import annotations

from corporate_parenting.quality.checks import WARNING, BuildContext, Check, rule


def build(context: BuildContext) -> list[Check]:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    e = gx.expectations
    current = "b.superseded_at is null and b.status = 'loaded'"
    return [
        Check(
            suite_name="raw_load_quarantine",
            table="raw._quarantine",
            query=(
                "select q.* from raw._quarantine q join raw._load_batches b "
                f"on b.batch_id = q.batch_id where {current} "
                "and b.source_system in ('case_management_ssda903', 'reference')"
            ),
            row_identifiers=("source_file", "row_number", "field"),
            expectations=[
                e.UnexpectedRowsExpectation(
                    description="LOAD-QUARANTINE: rows of the current 903 return were quarantined",
                    unexpected_rows_query=(
                        "select source_file as _source_file, row_number as _row_number, "
                        "field, reason from {batch}"
                    ),
                    meta=rule(
                        "LOAD-QUARANTINE",
                        "Rows of the current return could not be loaded (see the reason); "
                        "fix them at source and re-deliver.",
                    ),
                ),
            ],
        ),
        Check(
            suite_name="raw_load_register",
            table="raw._load_batches",
            query="select * from raw._load_batches b where b.superseded_at is null",
            row_identifiers=("source_file",),
            expectations=[
                e.UnexpectedRowsExpectation(
                    description="LOAD-ACCOUNTING: rows delivered = loaded + quarantined",
                    unexpected_rows_query=(
                        "select source_file as _source_file, null::int as _row_number, "
                        "rows_delivered, rows_loaded, rows_quarantined from {batch} "
                        "where rows_delivered <> rows_loaded + rows_quarantined"
                    ),
                    meta=rule("LOAD-ACCOUNTING", "Every delivered row is loaded or quarantined."),
                ),
                e.UnexpectedRowsExpectation(
                    description="LOAD-REFUSED: a delivery was refused (e.g. an empty file)",
                    unexpected_rows_query=(
                        "select source_file as _source_file, null::int as _row_number, notes "
                        "from {batch} where status <> 'loaded'"
                    ),
                    meta=rule(
                        "LOAD-REFUSED",
                        "A delivery was refused; the previous delivery for its period is used.",
                        WARNING,
                    ),
                ),
            ],
        ),
    ]
