"""Importér referat: upload minutes, review them next to the original text and save, drawn by ui.page_importer_referat."""

from ui import page_importer_referat

page_importer_referat.render()
