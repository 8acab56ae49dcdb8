"""What a model returns: a predicted position per issue, its history, and the moves behind it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

ParamValue = float | int | str | bool | None


class Move(BaseModel):
    """One step that explains a forecast: a challenge, a concession, a trade, an offer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    round: int = Field(ge=0)
    kind: str = Field(description="e.g. 'conflict', 'compromise', 'capitulation', 'exchange'.")
    issue: str
    actor: str | None = None
    target: str | None = None
    values: dict[str, float] = Field(default_factory=dict, description="Numbers behind the move.")
    explanation: str = ""


class IssueForecast(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    issue: str
    position: float = Field(description="Predicted outcome on the issue's 0–100 axis.")
    history: tuple[float, ...] = Field(
        default=(), description="Predicted outcome after each round (round 0 first)."
    )
    actor_history: dict[str, tuple[float, ...]] = Field(
        default_factory=dict, description="Each actor's position after each round."
    )
    moves: tuple[Move, ...] = ()


class Forecast(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = Field(description="Versioned model id, e.g. 'bdm.v1'.")
    params: dict[str, ParamValue] = Field(default_factory=dict)
    seed: int | None = None
    issues: dict[str, IssueForecast] = Field(default_factory=dict)

    def positions(self) -> dict[str, float]:
        return {issue_id: f.position for issue_id, f in self.issues.items()}
