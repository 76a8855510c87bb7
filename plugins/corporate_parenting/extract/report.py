"""What is in force in `raw`: rows per table from the batch register, for people to read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableLoad:
    source_system: str
    table: str
    deliveries: int
    rows_delivered: int
    rows_loaded: int
    rows_quarantined: int


def tables_in_force(conn) -> list[TableLoad]:
    """Per raw table: the deliveries in force and their rows (superseded ones excluded)."""
    with conn.cursor() as cur:
        cur.execute(
            "select source_system, table_name, count(*), sum(rows_delivered), sum(rows_loaded), "
            "sum(rows_quarantined) from raw._load_batches "
            "where superseded_at is null and status = 'loaded' "
            "group by source_system, table_name order by source_system, table_name"
        )
        return [TableLoad(*row) for row in cur.fetchall()]


def format_table(headers: list[str], rows: list[list]) -> str:
    """A plain-text table with right-aligned numbers (for the terminal and closing notes)."""
    cells = [headers, *[[f"{v:,}" if isinstance(v, int) else str(v) for v in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(isinstance(r[i], int | float) for r in rows) for i in range(len(headers))]

    def line(r):
        return "  ".join(
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(r, widths, numeric, strict=True)
        ).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)
