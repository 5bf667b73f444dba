"""Indikatorer: the figures the cluster follows, with their sources, drawn by ui.page_indikatorer."""

from ui import page_indikatorer

page_indikatorer.render()
