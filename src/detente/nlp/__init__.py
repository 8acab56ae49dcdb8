"""Extraction: sentences → actor mentions → issues → stance → facts → cross-source conflicts.

One module per step; :mod:`detente.nlp.pipeline` wires them together.
"""
