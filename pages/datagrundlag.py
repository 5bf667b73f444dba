"""Datagrundlag: where every figure comes from and the source texts, drawn by ui.page_datagrundlag."""

from ui import page_datagrundlag

page_datagrundlag.render()
