"""Ingest: read, normalise, hash and deduplicate articles; the SQLite corpus store."""
