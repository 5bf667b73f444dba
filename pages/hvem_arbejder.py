"""Hvem arbejder med hvad: bodies × the catalogue's themes, drawn by ui.page_hvem_arbejder."""

from ui import page_hvem_arbejder

page_hvem_arbejder.render()
