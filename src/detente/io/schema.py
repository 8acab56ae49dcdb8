"""The JSON Schema of scenario files, generated from the pydantic model (committed as
``schemas/scenario.v1.json``; a test keeps the committed copy current)."""

from __future__ import annotations

import json
from typing import Any

from detente.domain import Scenario
from detente.domain.scenario import SCHEMA_VERSION

SCHEMA_ID = f"https://detente.invalid/schemas/scenario.v{SCHEMA_VERSION}.json"


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a scenario, with the models' titles and descriptions."""
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "detente scenario",
        "description": (
            "Actors, issues on 0–100 axes, positions with salience, red lines and evidence "
            f"references. schema_version {SCHEMA_VERSION}."
        ),
    }


def scenario_json_schema_text() -> str:
    return json.dumps(scenario_json_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
