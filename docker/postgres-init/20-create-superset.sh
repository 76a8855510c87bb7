#!/usr/bin/env bash
# Runs once when the PostgreSQL volume is first created: Superset's metadata database, and
# the read-only login the dashboards use (granted SELECT on reporting_public by the publish
# task; the warehouse owner may not create roles itself).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role superset login password '${SUPERSET_DB_PASSWORD}';
create database superset owner superset;
create role panel_reader login password '${PANEL_READER_PASSWORD}';
SQL
