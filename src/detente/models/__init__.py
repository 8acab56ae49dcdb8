"""Forecast models: each is ``run(scenario, params, seed) -> Forecast``, registered by id."""

from detente.models.registry import MODELS, ModelSpec, get_model, run_model, run_models

__all__ = ["MODELS", "ModelSpec", "get_model", "run_model", "run_models"]
