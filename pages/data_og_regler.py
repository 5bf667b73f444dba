"""Data og regler: a body's own funds, rules, focus areas, initiatives and populations, the change log and backup, drawn by ui.page_data_og_regler."""

from ui import page_data_og_regler

page_data_og_regler.render()
