"""Fokusområder: the cluster's focus areas, principles and rules, drawn by ui.page_fokusomraader."""

from ui import page_fokusomraader

page_fokusomraader.render()
