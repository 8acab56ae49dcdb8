from pathlib import Path

import plotly.graph_objects as go

from detente.io import load_scenario
from detente.mc import run_mc
from detente.mc.sensitivity import tornado
from detente.models import run_models
from detente.report.uncertainty_charts import fan_chart, tornado_chart

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def test_fan_and_tornado_are_valid_plotly_figures() -> None:
    scenario = load_scenario(FLAGSHIP)
    base = {m: f.positions() for m, f in run_models(scenario, ["median.v1"]).items()}
    doc = run_mc(scenario, ["median.v1"], draws=20, seed=2).to_json(base)
    fan = go.Figure(fan_chart(doc["forecasts"]["median.v1"], "median.v1"))  # type: ignore[index]
    assert len(fan.data[0].y) == len(scenario.issues)
    sens = tornado(scenario, ["median.v1"], top=4)
    rows = sens["tornado"]["median.v1"]["black_sea"]  # type: ignore[index]
    fig = go.Figure(tornado_chart(rows, sens["base"]["median.v1"]["black_sea"], "black_sea"))  # type: ignore[index]
    assert list(fig.data[0].y)[-1] == rows[0]["input"]  # largest swing drawn on top
