"""Demand pages: intake by every page channel, the work queue, one demand's page, triage and hotline import."""
