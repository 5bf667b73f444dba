"""Overblik: the selected cluster on one screen for a chairperson, drawn by ui.page_overblik."""

from ui import page_overblik

page_overblik.render()
