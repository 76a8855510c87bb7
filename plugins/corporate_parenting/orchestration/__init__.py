"""Reusable Airflow pieces (task groups, later timetables and notifiers)."""
