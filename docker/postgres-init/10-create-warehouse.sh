#!/usr/bin/env bash
# Runs once when the PostgreSQL volume is first created: a warehouse database and owner
# beside Airflow's metadata database.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role warehouse login password '${WAREHOUSE_PASSWORD}';
create database warehouse owner warehouse;
SQL
