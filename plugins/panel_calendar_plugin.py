"""Registers the panel calendar timetable with Airflow (needed to serialise panel_refresh)."""

from airflow.plugins_manager import AirflowPlugin

from corporate_parenting.orchestration.timetables import PanelMeetingTimetable


class PanelCalendarPlugin(AirflowPlugin):
    name = "panel_calendar"
    timetables = [PanelMeetingTimetable]
