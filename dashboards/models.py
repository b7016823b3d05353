"""Dashboards keep no tables of their own: they read the rollups and alerts."""
