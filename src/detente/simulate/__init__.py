"""Negotiation simulation over a scenario's deal space."""

from detente.simulate.protocol import (
    ALGORITHM_ID,
    Offer,
    SimulationResult,
    alternating_offers,
    mediated_single_text,
    resolve_strategies,
)
from detente.simulate.run import simulate
from detente.simulate.strategies import STRATEGIES

__all__ = [
    "ALGORITHM_ID",
    "STRATEGIES",
    "Offer",
    "SimulationResult",
    "alternating_offers",
    "mediated_single_text",
    "resolve_strategies",
    "simulate",
]
