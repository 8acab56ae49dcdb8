"""The report as Markdown and as print-friendly HTML, citations kept as footnotes.

Both are written from one list of blocks (headings, paragraphs, list items, tables), so the two
exports say the same thing; only verbatim article text appears in quotation marks, in the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import escape

from detente.report.context import ReportContext
from detente.report.deal_views import DealView
from detente.report.evidence import Quote
from detente.report.explainer import Sentence
from detente.report.wording import quoted, source_name

FORMATS = ("html", "md", "print")


@dataclass
class Block:
    kind: str  # "h1".."h4", "p", "li", "table"
    text: str = ""
    notes: tuple[int, ...] = ()
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Quote] = field(default_factory=list)

    def cite(self, quotes: Sequence[Quote]) -> tuple[int, ...]:
        numbers = []
        for q in quotes:
            self.footnotes.append(q)
            numbers.append(len(self.footnotes))
        return tuple(numbers)

    def sentences(self, kind: str, sentences: Sequence[Sentence]) -> None:
        for s in sentences:
            self.blocks.append(Block(kind, s.text, self.cite(s.quotes)))


def _forecast_cell(ctx: ReportContext, model: str, issue: str, value: float) -> str:
    """The value and its note: "75.0 (fragile · beyond the red line of Ukraine (25))"."""
    note = ctx.models.note(model, issue) if ctx.models else None
    return f"{value:.1f}" + (f" ({note.text})" if note and note.text else "")


def document(ctx: ReportContext) -> Document:
    doc = Document()
    doc.blocks.append(Block("h1", ctx.title))
    if ctx.scenario.as_of:
        doc.blocks.append(Block("p", f"As of {ctx.scenario.as_of.isoformat()}."))
    doc.blocks.append(Block("h2", "In brief"))
    doc.sentences("li", ctx.lede)
    doc.blocks.append(Block("h2", "The main issues and what each party wants"))
    for e in ctx.explainers:
        doc.blocks.append(Block("h3", e.issue.name))
        doc.sentences("p", e.summary)
        for para in e.paragraphs:
            doc.blocks.append(Block("h4", para.question))
            doc.sentences("p", para.sentences)
    runs = [r for r in ctx.analysis.runs if r.forecast is not None]
    if runs:
        doc.blocks.append(Block("h2", "Forecasts by model"))
        rows = [["Issue", *(r.model for r in runs)]]
        for issue in ctx.scenario.issues:
            cells = [
                _forecast_cell(ctx, r.model, issue.id, r.forecast.issues[issue.id].position)
                if r.forecast and issue.id in r.forecast.issues
                else "–"
                for r in runs
            ]
            rows.append([issue.name, *cells])
        doc.blocks.append(Block("table", rows=rows))
    if ctx.deals is not None:
        _logroll_tables(doc, ctx.deals)
    return doc


def _logroll_tables(doc: Document, deals: DealView) -> None:
    """The all-party solution points with the red lines they cross; trades within every red
    line as the top logrolls, the others apart, never as the top."""
    if deals.solutions:
        doc.blocks.append(Block("h2", "Solution points for all parties together"))
        if deals.note:
            doc.blocks.append(Block("p", deals.note))
        keys = list(deals.solutions[0])
        cells = [[str(r[k]) for k in keys] for r in deals.solutions]
        doc.blocks.append(Block("table", rows=[keys, *cells]))
    for title, rows in (
        ("Top logrolls (within every party's red lines)", deals.logrolls),
        ("Trades that would cross a red line (not proposed)", deals.crossing_logrolls),
    ):
        if rows:
            doc.blocks.append(Block("h2", title))
            if rows is deals.crossing_logrolls and deals.logroll_note:
                doc.blocks.append(Block("p", deals.logroll_note))
            keys = list(rows[0])
            cells = [[str(r[k]) for k in keys] for r in rows]
            doc.blocks.append(Block("table", rows=[keys, *cells]))


def _note_text(q: Quote) -> str:
    where = ", ".join([source_name(q.outlet), *([q.date.isoformat()] if q.date else [])])
    if q.title:
        where += f", {q.title}"
    if q.text is None:
        return f"{where}; quote not at hand (characters {q.start}–{q.end} of {q.doc})."
    return f"{where}: {quoted(' '.join(q.text.split()))}"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Document) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        if lines and lines[-1].startswith("- ") and b.kind != "li":
            lines.append("")  # a list ends before the next block
        refs = "".join(f"[^{n}]" for n in b.notes)
        if b.kind.startswith("h"):
            lines += ["#" * int(b.kind[1]) + " " + b.text, ""]
        elif b.kind == "li":
            lines.append(f"- {b.text}{refs}")
        elif b.kind == "table":
            head, *body = b.rows
            lines += ["", "| " + " | ".join(map(_md_cell, head)) + " |"]
            lines.append("|" + "---|" * len(head))
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in body]
            lines.append("")
        else:
            lines += [f"{b.text}{refs}", ""]
    lines.append("")
    lines += [f"[^{n}]: {_note_text(q)}" for n, q in enumerate(doc.footnotes, 1)]
    return "\n".join(lines) + "\n"


PRINT_STYLE = (
    "body{font:11pt/1.45 Georgia,serif;max-width:44rem;margin:2rem auto;color:#111}"
    "h1{font-size:20pt}h2{font-size:15pt;border-top:1px solid #999;padding-top:.6rem}"
    "table{border-collapse:collapse;font-size:9pt}td,th{border-bottom:1px solid #ccc;"
    "padding:2px 6px;text-align:left}sup a{text-decoration:none}"
    "ol.notes{font-size:9pt}@media print{a{color:#111}h2,h3{break-after:avoid}}"
)


def to_print_html(doc: Document) -> str:
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">']
    title = next((b.text for b in doc.blocks if b.kind == "h1"), "report")
    out.append(f"<title>{escape(title)}</title><style>{PRINT_STYLE}</style></head><body>")
    in_list = False
    for b in doc.blocks:
        if b.kind == "li" and not in_list:
            out.append("<ul>")
            in_list = True
        elif b.kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        refs = "".join(f'<sup><a href="#fn-{n}" id="ref-{n}">{n}</a></sup>' for n in b.notes)
        if b.kind == "table":
            head, *body = b.rows
            out.append("<table><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr>")
            for row in body:
                out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
        else:
            tag = "p" if b.kind == "p" else b.kind
            out.append(f"<{tag}>{escape(b.text)}{refs}</{tag}>")
    if in_list:
        out.append("</ul>")
    out.append('<h2>Notes</h2><ol class="notes">')
    out += [
        f'<li id="fn-{n}">{escape(_note_text(q))} <a href="#ref-{n}">↩</a></li>'
        for n, q in enumerate(doc.footnotes, 1)
    ]
    out.append("</ol></body></html>")
    return "\n".join(out) + "\n"
