"""Run the ported 903 rules straight against a warehouse and count what fails, by rule and year.

For rule authors and data engineers: `python -m corporate_parenting.quality.scan [CODE ...]`
(uses WAREHOUSE_URL; rebuilds the typed tables first). The gate itself runs them through GX.
"""

from __future__ import annotations

import os
import sys

import psycopg2

from corporate_parenting.quality.gate import return_years_prepared
from corporate_parenting.quality.prepare import prepare
from corporate_parenting.quality.rules import load_rules, previous_year
from corporate_parenting.settings import Settings


def main(argv: list[str]) -> int:
    settings = Settings.from_env()
    wanted = set(argv)
    conn = psycopg2.connect(os.environ["WAREHOUSE_URL"])
    prepare(conn)
    years = return_years_prepared(conn)
    with conn.cursor() as cur:
        for rule in load_rules(settings.expectations_dir):
            if wanted and rule.code not in wanted:
                continue
            for year, in_year in years:
                has_last = any(y == previous_year(year) for y, _ in years)
                if not rule.applies_to(year, in_year=in_year, has_last_year=has_last):
                    continue
                cur.execute(f"select count(*) from ({rule.query(year)}) as failing")
                failing = cur.fetchone()[0]
                if failing:
                    print(
                        f"{rule.code:>10} {rule.severity:8} {year} {failing:6} rows  {rule.message}"
                    )
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
