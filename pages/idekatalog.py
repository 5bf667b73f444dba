"""Idékatalog: KL's catalogue of ideas for the clusters, drawn by ui.page_idekatalog."""

from ui import page_idekatalog

page_idekatalog.render()
