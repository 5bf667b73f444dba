"""Opfølgning: decision log, timelines, Siden sidste møde, actions and handover, drawn by ui.page_opfoelgning."""

from ui import page_opfoelgning

page_opfoelgning.render()
