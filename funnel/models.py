"""Funnel models: stage plans and daily actuals."""
