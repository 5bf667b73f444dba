"""Søg: one Danish search over everything, drawn by ui.page_soeg."""

from ui import page_soeg

page_soeg.render()
