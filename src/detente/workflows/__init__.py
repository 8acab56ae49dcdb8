"""Workflows: the only layer that combines the others (see docs/architecture.md).

Each module is one user-facing flow (ingest, extract, propose, analyse, deals, report). The CLI
and the dashboard call these functions; the layers below them never import each other sideways.
Modules are imported on use so that ``detente ingest`` does not load spaCy.
"""
