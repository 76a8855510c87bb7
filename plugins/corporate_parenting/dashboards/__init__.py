"""Live Apache Superset dashboards for the panel, one per theme, kept as code.

bundle/         the dashboards as Superset's export YAML (written by bundle_spec.py)
bundle_spec.py  what the bundle holds and how it is written
service.py      the local Superset service: own venv (.superset-venv), set-up, start/stop
client.py       the REST client: log in, import, warm up, roles and users
access.py       PostgreSQL `panel_reader` and Superset's read-only `Panel` role
publish.py      refresh_dashboards(settings): what the publish task calls
"""
