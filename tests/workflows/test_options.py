"""The names ``detente --help`` lists are written out in workflows/options.py (so that help
loads no layer); each must equal the registry it mirrors."""

from __future__ import annotations

import dataclasses

from detente.deals.space import DEFAULT_GRID, UTILITY_SHAPES, SpaceSettings
from detente.io import write_formats
from detente.models.registry import MODELS
from detente.nlp.step_registry import DEFAULT_STANCE, stance_steps
from detente.simulate import STRATEGIES
from detente.workflows import options
from detente.workflows.deals import space_settings


def test_the_help_names_are_the_registries() -> None:
    assert tuple(MODELS) == options.MODEL_IDS
    assert options.UTILITY_SHAPES == UTILITY_SHAPES
    assert options.DEFAULT_GRID == DEFAULT_GRID
    assert tuple(STRATEGIES) == options.STRATEGIES
    assert write_formats() == options.WRITE_FORMATS
    assert options.DEFAULT_STANCE == DEFAULT_STANCE
    assert tuple(stance_steps()) == options.STANCE_STEPS


def test_space_options_carry_every_setting_but_the_reservation_with_the_same_defaults() -> None:
    plain = {f.name: f.default for f in dataclasses.fields(options.SpaceOptions)}
    settings = {
        f.name: f.default for f in dataclasses.fields(SpaceSettings) if f.name != "reservation"
    }
    assert plain == settings
    assert space_settings(options.SpaceOptions(), {"a": 0.5}) == SpaceSettings(
        reservation={"a": 0.5}
    )
