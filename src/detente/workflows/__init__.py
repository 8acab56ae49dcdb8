"""Workflows: the only place that combines layers; the CLI and the dashboard call these."""
