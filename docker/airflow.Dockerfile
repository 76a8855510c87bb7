# The official Airflow image plus this project's locked Python dependencies.
FROM apache/airflow:3.3.2

USER root
COPY pyproject.toml uv.lock /tmp/project/
USER airflow
RUN pip install --no-cache-dir uv==0.13.8 \
 && cd /tmp/project \
 && uv export --frozen --no-dev --no-emit-project --no-hashes -o /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt
