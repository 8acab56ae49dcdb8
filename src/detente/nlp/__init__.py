"""Extraction: sentences → actor mentions → issues → stance → facts → cross-source conflicts.

One module per step; :mod:`detente.nlp.step_registry` registers them by versioned id and
:mod:`detente.nlp.pipeline` runs a list of them.
"""
