"""Budgetscenarier: the chair's live allocation tool, drawn by ui.page_budgetscenarier."""

from ui import page_budgetscenarier

page_budgetscenarier.render()
