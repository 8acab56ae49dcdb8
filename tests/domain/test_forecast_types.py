"""What a model returns: the forecast types."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from detente.domain import Forecast, IssueForecast, Move


def test_positions_map_each_issue_to_its_forecast() -> None:
    forecast = Forecast(
        model="toy.v1",
        issues={
            "a": IssueForecast(issue="a", position=30.0, history=(50.0, 30.0)),
            "b": IssueForecast(issue="b", position=70.5),
        },
    )
    assert forecast.positions() == {"a": 30.0, "b": 70.5}


def test_moves_are_frozen_and_rounds_not_negative() -> None:
    move = Move(round=1, kind="exchange", issue="a", actor="x", target="y", values={"gain": 2})
    with pytest.raises(ValidationError):
        move.round = 2  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Move(round=-1, kind="offer", issue="a")


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        IssueForecast(issue="a", position=1.0, confidence=0.3)  # type: ignore[call-arg]
