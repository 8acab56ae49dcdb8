"""KTAB-style charts: each party's position round by round, with why it moved, per model.

The models record what happened in their ``Forecast``: every party's position after each round
(``IssueForecast.actor_history``) and the moves behind it (``IssueForecast.moves``). What they do
not say is which point of the chart a move explains, and each model numbers and words its moves
its own way; :func:`why_it_moved` is that mapping, as data:

- ``bdm.*``: the offer a party accepted in round r (its move has ``target`` = the party that
  moved, ``round`` = r, counted from 1), or the conflict it stood through;
- ``exchange.*``: the exchange in which the party gave way (``actor`` = the supplier); exchange
  numbers its rounds from 0, so the move of round r takes the positions from point r to r + 1.
  The issue given in return sits on the other issue's forecast: :func:`exchange_partner_issue`
  finds the twin move there;
- ``smp.*``: the bargain the party adopted in turn r (its ``adopt`` move) and the challenge that
  produced that bargain (the ``challenge`` move of the same turn whose bargain is the adopted
  position), with the challenger's win probability and the election probability.

Everything here is a pure function of the scenario and a forecast. :func:`round_trails` gives
plain data (JSON-ready dataclasses), :func:`round_figure` a plotly figure dict and
:func:`round_chart_html` an HTML fragment, so the report and a dashboard page can share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from detente.domain import Forecast, Move, Scenario
from detente.report.charts import FONT, Figure, escape_html
from detente.report.embed import chart_fragment
from detente.report.palette import actor_styles
from detente.report.wording import num

DIGITS = 3  # positions in the figure are rounded to this many decimals (the data keeps them all)
BDM_OFFERS = ("conflict", "compromise", "capitulation")
PANEL_GAP = 0.06  # share of the figure's width between two model panels
FORECAST_COLOUR = "#222222"
NOTE_WIDTH = 40  # characters per line of a panel's note (three panels share the width)
PANEL_HEIGHT = 210  # pixels per panel when the panels are stacked
NARROW_BELOW = 640  # chart width in pixels below which the panels are stacked


@dataclass(frozen=True)
class PartyTrail:
    """One party's positions after each round (round 0 first) and, per round, why it moved."""

    actor: str
    name: str
    colour: str
    positions: tuple[float, ...]
    why: tuple[tuple[str, ...], ...]  # why[r]: sentences explaining positions[r]; why[0] = ()
    red_line: float | None


@dataclass(frozen=True)
class RoundTrail:
    """One model on one issue: the parties' trails and the model's forecast after each round."""

    model: str
    issue: str
    step: str  # what a round is called: "round" or "turn"
    forecast: tuple[float, ...]
    final: float
    parties: tuple[PartyTrail, ...]


def model_family(model_id: str) -> str:
    return model_id.split(".", 1)[0]


def exchange_partner_issue(forecast: Forecast, move: Move) -> str | None:
    """The issue on which the demander gave way in return: the twin move of the same exchange
    (same round, supplier and demander swapped, gains swapped) on another issue's forecast."""
    gain_s, gain_d = move.values.get("gain_supplier"), move.values.get("gain_demander")
    for other in forecast.issues.values():
        if other.issue == move.issue:
            continue
        for twin in other.moves:
            if (
                twin.kind == "exchange"
                and twin.round == move.round
                and twin.actor == move.target
                and twin.target == move.actor
                and twin.values.get("gain_supplier") == gain_d
                and twin.values.get("gain_demander") == gain_s
            ):
                return other.issue
    return None


def _bdm_why(move: Move, names: dict[str, str]) -> str:
    challenger, party = names.get(move.actor or "", move.actor), names.get(move.target or "")
    v = move.values
    before, after = v.get("from", 0.0), v.get("to", 0.0)
    text = f"{challenger} challenged {party} ({move.kind})"
    if before == after:
        text += f": both expect to gain, so {party} stays at {num(after)}"
    else:
        text += f"; {party} moves {num(before)} → {num(after)}"
        offered = v.get("offered", after)
        if abs(offered - after) > 1e-9:
            text += f", held at its red line (offered {num(offered)})"
    return (
        f"{text}. {challenger} expects {v.get('eu_challenger', 0.0):+.2f} from the challenge, "
        f"{party} {v.get('eu_target_as_seen', 0.0):+.2f} from challenging back; "
        f"P({challenger} wins) {v.get('p_win', 0.0):.2f}"
    )


def _exchange_why(forecast: Forecast, move: Move, names: dict[str, str], scenario: Scenario) -> str:
    supplier, demander = names.get(move.actor or "", ""), names.get(move.target or "", "")
    other = exchange_partner_issue(forecast, move)
    in_return = (
        f"{demander} gave way on {scenario.issue(other).name} in return"
        if other is not None
        else f"{demander} gave way on another issue in return"
    )
    v = move.values
    return (
        f"Exchange: {supplier} gave way to {demander} here (votes {num(v.get('to', 0.0))}, "
        f"not {num(v.get('from', 0.0))}); {in_return}. Gains: {supplier} "
        f"{v.get('gain_supplier', 0.0):.3g}, {demander} {v.get('gain_demander', 0.0):.3g}"
    )


def _smp_why(adopt: Move, challenges: Sequence[Move], names: dict[str, str]) -> str:
    party, other = names.get(adopt.actor or "", ""), names.get(adopt.target or "", "")
    adopted = adopt.values.get("to", 0.0)
    text = (
        f"{party} adopts its bargain with {other} ({num(adopt.values.get('from', 0.0))} → "
        f"{num(adopted)}), elected with P = {adopt.values.get('probability', 0.0):.2f} "
        "among its options"
    )
    for c in challenges:
        pair = {c.actor, c.target}
        if pair != {adopt.actor, adopt.target}:
            continue
        own = "initiator_to" if c.actor == adopt.actor else "receiver_to"
        if abs(c.values.get(own, -1.0) - adopted) > 1e-6:
            continue
        initiator, receiver = names.get(c.actor or "", ""), names.get(c.target or "", "")
        v = c.values
        return (
            f"{text}. The bargain: {initiator} challenged {receiver} "
            f"(P({initiator} wins) {v.get('probability', 0.0):.2f} by its own estimate); "
            f"{initiator} {num(v.get('initiator_from', 0.0))} → {num(v.get('initiator_to', 0.0))}, "
            f"{receiver} {num(v.get('receiver_from', 0.0))} → {num(v.get('receiver_to', 0.0))}"
        )
    return text


def why_it_moved(
    scenario: Scenario, forecast: Forecast, issue_id: str, actor: str, point: int
) -> tuple[str, ...]:
    """Sentences explaining ``actor``'s position at ``point`` (round ``point``) of the chart."""
    if point < 1:
        return ()
    moves = forecast.issues[issue_id].moves
    names = {a.id: a.name for a in scenario.actors}
    family = model_family(forecast.model)
    if family == "bdm":
        return tuple(
            _bdm_why(m, names)
            for m in moves
            if m.round == point and m.target == actor and m.kind in BDM_OFFERS
        )
    if family == "exchange":
        return tuple(
            _exchange_why(forecast, m, names, scenario)
            for m in moves
            if m.kind == "exchange" and m.round + 1 == point and m.actor == actor
        )
    if family == "smp":
        turn = [m for m in moves if m.round == point]
        challenges = [m for m in turn if m.kind == "challenge"]
        return tuple(
            _smp_why(m, challenges, names) for m in turn if m.kind == "adopt" and m.actor == actor
        )
    # Another model with a history: its own words for the moves that name the party.
    return tuple(
        m.explanation
        for m in moves
        if m.round == point and actor in (m.actor, m.target) and m.explanation
    )


def round_trails(scenario: Scenario, forecast: Forecast, issue_id: str) -> RoundTrail | None:
    """The chart data of one model on one issue; None when the model keeps no round history."""
    result = forecast.issues.get(issue_id)
    if result is None or not result.actor_history:
        return None
    if max(len(h) for h in result.actor_history.values()) < 2:
        return None
    styles = actor_styles(scenario)
    parties = []
    for actor in scenario.actors:
        trail = result.actor_history.get(actor.id)
        if trail is None:
            continue
        position = scenario.position(actor.id, issue_id)
        parties.append(
            PartyTrail(
                actor=actor.id,
                name=actor.name,
                colour=styles[actor.id].colour,
                positions=tuple(trail),
                why=tuple(
                    why_it_moved(scenario, forecast, issue_id, actor.id, r)
                    for r in range(len(trail))
                ),
                red_line=None if position is None else position.red_line,
            )
        )
    return RoundTrail(
        model=forecast.model,
        issue=issue_id,
        step="turn" if model_family(forecast.model) == "smp" else "round",
        forecast=tuple(result.history),
        final=result.position,
        parties=tuple(parties),
    )


def issue_trails(
    scenario: Scenario, forecasts: Sequence[Forecast], issue_id: str
) -> list[RoundTrail]:
    """Every model with a round history on the issue, in the order given."""
    trails = (round_trails(scenario, f, issue_id) for f in forecasts)
    return [t for t in trails if t is not None]


def _hover(party: PartyTrail, step: str, r: int) -> str:
    head = f"<b>{escape_html(party.name)}</b>, {step} {r}: {num(party.positions[r])}"
    if r == 0:
        return head + "<br>starting position"
    moved = abs(party.positions[r] - party.positions[r - 1]) > 1e-9
    if moved:
        head += f" (was {num(party.positions[r - 1])})"
    lines = [escape_html(s) for s in party.why[r]]
    if not lines:
        lines = ["moved; the model records no move behind it" if moved else "no move"]
    return head + "<br>" + "<br>".join(_wrap_html(line) for line in lines)


def _wrap_html(text: str, width: int = 70) -> str:
    """A long hover line broken into lines of about ``width`` characters."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return "<br>".join(out)


def _suffix(k: int) -> str:
    """Panel k's axis suffix: "", "2", "3" ... (x, x2, x3; y, y2, y3)."""
    return "" if k == 0 else str(k + 1)


def _panel_traces(k: int, trail: RoundTrail) -> tuple[list[dict[str, object]], list[Figure]]:
    """(traces, red-line shapes) of panel k."""
    x_ref, y_ref = f"x{_suffix(k)}", f"y{_suffix(k)}"
    last = max(len(p.positions) for p in trail.parties) - 1
    traces: list[dict[str, object]] = []
    shapes: list[Figure] = []
    for party in trail.parties:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "xaxis": x_ref,
                "yaxis": y_ref,
                "name": escape_html(party.name),
                "legendgroup": party.actor,
                "showlegend": k == 0,
                "x": list(range(len(party.positions))),
                "y": [round(v, DIGITS) for v in party.positions],
                "hovertext": [_hover(party, trail.step, r) for r in range(len(party.positions))],
                "hoverinfo": "text",
                "line": {"color": party.colour, "width": 2},
                "marker": {"color": party.colour, "size": 6},
            }
        )
        if party.red_line is not None:
            shapes.append(
                {
                    "type": "line",
                    "xref": x_ref,
                    "yref": y_ref,
                    "x0": 0,
                    "x1": last,
                    "y0": party.red_line,
                    "y1": party.red_line,
                    "line": {"color": party.colour, "width": 1.5, "dash": "dot"},
                }
            )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "xaxis": x_ref,
            "yaxis": y_ref,
            "name": "forecast",
            "legendgroup": "forecast",
            "showlegend": k == 0,
            "x": list(range(len(trail.forecast))),
            "y": [round(v, DIGITS) for v in trail.forecast],
            "hovertemplate": f"{escape_html(trail.model)} forecast after {trail.step} "
            "%{x}: %{y:.1f}<extra></extra>",
            "line": {"color": FORECAST_COLOUR, "width": 2, "dash": "dash"},
        }
    )
    return traces, shapes


def _title(trail: RoundTrail, note: str | None) -> str:
    steps = len(trail.forecast) - 1
    title = (
        f"<b>{escape_html(trail.model)}</b> → {num(trail.final)} "
        f"after {steps} {trail.step}{'s' if steps != 1 else ''}"
    )
    return title + ("<br>" + _wrap_html(escape_html(note), NOTE_WIDTH) if note else "")


def _panels_layout(
    trails: Sequence[RoundTrail], titles: Sequence[str], stacked: bool
) -> dict[str, object]:
    """Axes, titles and height for the panels side by side, or stacked (for a narrow screen)."""
    n = len(trails)
    height = 90 + PANEL_HEIGHT * n if stacked else 340
    title_room = 48 / height  # two lines of title above each stacked panel, in paper units
    layout: dict[str, object] = {}
    annotations = []
    for k, trail in enumerate(trails):
        last = len(trail.forecast) - 1
        if stacked:
            top = 1.0 - k / n
            x_domain, y_domain = [0.0, 1.0], [top - 1.0 / n + title_room / 2, top - title_room]
            centre = 0.5
        else:
            width = (1.0 - PANEL_GAP * (n - 1)) / n
            lo = k * (width + PANEL_GAP)
            x_domain, y_domain, centre = [lo, lo + width], [0.0, 1.0], lo + width / 2
        layout[f"xaxis{_suffix(k)}"] = {
            "domain": x_domain,
            "anchor": f"y{_suffix(k)}",
            "dtick": max(1, (last + 1) // 6),
            "range": [-0.3, last + 0.3],
            "zeroline": False,
            "gridcolor": "#eeeeee",
        }
        layout[f"yaxis{_suffix(k)}"] = {
            "domain": y_domain,
            "anchor": f"x{_suffix(k)}",
            "range": [-3, 103],
            "gridcolor": "#eeeeee",
            "showticklabels": stacked or k == 0,
            **({"title": {"text": "position"}} if k == 0 or stacked else {}),
        }
        annotations.append(
            {
                "text": titles[k],
                "xref": "paper",
                "yref": "paper",
                "x": centre,
                "y": y_domain[1],
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
    layout.update(
        {
            "height": height,
            "margin": {"l": 40, "r": 10, "t": 30 if stacked else 70, "b": 30},
            "annotations": annotations,
        }
    )
    return layout


def round_figure(trails: Sequence[RoundTrail], notes: dict[str, str] | None = None) -> Figure:
    """One panel per model: a line per party across rounds (hover: why it moved), the model's
    forecast after each round (dashed), each party's red line (dotted). Panels stand side by
    side; ``layout.meta.narrow`` holds the stacked layout the page uses on a narrow screen.

    ``notes`` maps a model id to a short text shown under its panel title (e.g. "fragile ⚠
    Ukraine": it did not hold across the Monte Carlo draws and lies beyond Ukraine's red line).
    """
    notes = notes or {}
    traces: list[dict[str, object]] = []
    shapes: list[Figure] = []
    for k, trail in enumerate(trails):
        panel, lines = _panel_traces(k, trail)
        traces += panel
        shapes += lines
    titles = [_title(t, notes.get(t.model)) for t in trails]
    layout: dict[str, object] = {
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.12},
        "hovermode": "closest",
        "shapes": shapes,
        **_panels_layout(trails, titles, stacked=False),
        "meta": {"narrow": {"below": NARROW_BELOW, "layout": _panels_layout(trails, titles, True)}},
    }
    return {"data": traces, "layout": layout}


def round_chart_html(
    trails: Sequence[RoundTrail], element_id: str, notes: dict[str, str] | None = None
) -> Markup:
    """The chart as an HTML fragment any page drawing ``div.chart[data-figure]`` can show."""
    return chart_fragment(round_figure(trails, notes), element_id)
