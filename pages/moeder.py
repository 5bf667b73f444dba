"""Møder og beslutninger: the cluster's meetings, agenda items and decisions, drawn by ui.page_moeder."""

from ui import page_moeder

page_moeder.render()
