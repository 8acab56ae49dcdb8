"""Render the report, one self-contained HTML file, with the templates shared with the dashboard."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import jinja2

from detente.io.atomic import write_atomic
from detente.report.context import ReportContext
from detente.report.explainer import num

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
    return env


@functools.cache
def plotly_js() -> str:
    """plotly.js as bundled by the installed plotly package (no CDN, works offline)."""
    import plotly

    path = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    # "</script" inside the bundle would end the inline script element early.
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def plotly_version() -> str:
    import plotly

    bundle = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    head = bundle.read_text(encoding="utf-8")[:200]
    marker = "plotly.js v"
    return head.split(marker, 1)[1].split()[0] if marker in head else "unknown"


def render_report(ctx: ReportContext) -> str:
    return environment().get_template("report.html.j2").render(ctx=ctx, plotly_js=plotly_js())


def write_report(ctx: ReportContext, out: Path) -> Path:
    return write_atomic(out, render_report(ctx))
