"""Writes of the funnel: metrics ingest, customer-service log, plans."""
