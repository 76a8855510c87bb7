FROM apache/superset:6.1.0
# The official Superset image plus the PostgreSQL driver (for the warehouse and for Superset's
# own metadata database) and this project's configuration. Superset runs in its own image:
# it cannot share Airflow's environment (it needs SQLAlchemy 1.4; Airflow 3.3 needs 2.x).
# The dashboards themselves are imported over the REST API by the publish task.

USER root
# The image keeps Superset in the uv-managed venv /app/.venv; the pin matches the local lock
# docker/superset/requirements.txt.
RUN . /app/.venv/bin/activate \
 && uv pip install --no-cache psycopg2-binary==2.9.13
COPY docker/superset/superset_config.py /app/pythonpath/superset_config.py
ENV SUPERSET_CONFIG_PATH=/app/pythonpath/superset_config.py \
    SUPERSET_STATE_DIR=/app/superset_home
USER superset
