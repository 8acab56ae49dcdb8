"""Render the report, one self-contained HTML file, with the templates shared with the dashboard."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from detente.io.atomic import write_atomic
from detente.report.context import ReportContext
from detente.report.embed import PACKED_ID, pack_figures
from detente.report.wording import num

TEMPLATES = Path(__file__).with_name("templates")


def environment(extra_folders: Sequence[Path] = ()) -> jinja2.Environment:
    """A Jinja environment over ``extra_folders`` first, then the shared report templates."""
    loader = jinja2.FileSystemLoader([*map(str, extra_folders), str(TEMPLATES)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # every template here is HTML: article text and user input get escaped
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.filters["settings"] = settings_words
    return env


def settings_words(values: Mapping[str, Any]) -> str:
    """Settings as ``name = value`` pairs: JSON would put quotation marks round words that no
    article wrote (the wording rules keep quotation marks for verbatim article text)."""
    if not values:
        return "defaults"
    return ", ".join(f"{k} = {_plain(v)}" for k, v in values.items())


def _plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"({settings_words(value)})" if value else "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_plain, value)) + "]"
    return str(value)


# plotly.js "basic" bundle (scatter, bar, pie: every chart type the report draws), vendored
# from npm plotly.js-basic-dist-min with its licence: 1.2 MB instead of the full 4.8 MB bundle.
PLOTLY_VERSION = "4.1.1"
PLOTLY_BUNDLE = Path(__file__).with_name("static") / f"plotly-basic-{PLOTLY_VERSION}.min.js"
CHART_TYPES = frozenset({"scatter", "bar", "pie"})  # the trace types the bundle holds


@functools.cache
def plotly_js() -> str:
    """The vendored plotly.js bundle (no CDN, works offline)."""
    # "</script" inside the bundle would end the inline script element early.
    return PLOTLY_BUNDLE.read_text(encoding="utf-8").replace("</script", "<\\/script")


def plotly_version() -> str:
    return PLOTLY_VERSION


def render_report(ctx: ReportContext) -> str:
    """The report page; its charts are collected while rendering and written once, packed."""
    env = environment()
    env.filters["pack"] = pack_figures
    return env.get_template("report.html.j2").render(
        ctx=ctx, plotly_js=plotly_js(), packed_figures={}, packed_id=PACKED_ID
    )


def write_report(ctx: ReportContext, out: Path) -> Path:
    return write_atomic(out, render_report(ctx))
