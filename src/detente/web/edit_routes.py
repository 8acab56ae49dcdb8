"""The edit router: POSTs that change a scenario, each against the version it was made from.

An edit names that version (form field ``version`` or an ``If-Match`` ETag) and gets 409 when
another save came in between. JSON clients get the new version; htmx gets the re-rendered
panel; a plain form post is redirected back to its page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from ruamel.yaml.comments import CommentedMap

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import edits, edits_split
from detente.io.scenario_yaml import validate_document
from detente.web import pages
from detente.web.render import Dashboard, PageResponse, dashboard_of, wants_json
from detente.web.security import status_of
from detente.web.state import DashboardState

router = APIRouter()
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
MAX_VERSION_DIGITS = 9  # far more versions than a history will ever hold


def _version_number(raw: str, where: str) -> int:
    """A version number as sent by a client; anything but a short run of digits is a 400 (a
    5,000-digit string would otherwise reach ``int`` and its size limit)."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_VERSION_DIGITS):
        raise DetenteError(
            "DT704",
            f"the {where} names no valid version: {raw[:40]!r}",
            hint="send the version number shown on the page, e.g. version=3",
        )
    return int(text)


def expected_version(request: Request, version: str | None) -> int:
    match = request.headers.get("if-match", "").strip('"')
    if match and "-v" in match:
        return _version_number(match.rsplit("-v", 1)[1], "If-Match header")
    if version is None or version.strip() == "":
        raise DetenteError("DT704", "the edit names no version", hint="send version or If-Match")
    return _version_number(version, "version field")


def number(value: str | None, field: str) -> float | None:
    if value is None or value.strip() == "":
        return None
    # Plain decimals only: float() would also take "1_0", "infinity" and "nan".
    if not PLAIN_NUMBER.fullmatch(value.strip()):
        raise DetenteError("DT704", f"{field} must be a number, not {value[:40]!r}")
    return float(value)


def after_edit(
    request: Request, sid: str, back: str, fragment: pages.Page | None, name: str | None
) -> Response:
    dashboard = dashboard_of(request)
    entry = dashboard.state.workspace.get(sid)
    if wants_json(request):
        return JSONResponse(
            {"scenario": sid, "version": entry.version, "etag": entry.etag},
            headers={"ETag": entry.etag},
        )
    response: Response
    if request.headers.get("hx-request") and fragment is not None and name is not None:
        response = dashboard.render(fragment, request, name)
    else:
        response = RedirectResponse(back, status_code=303)
    response.headers["ETag"] = entry.etag
    return response


@router.post("/s/{sid}/positions/{aid}/{iid}", tags=["edit"])
async def edit_position(
    request: Request,
    sid: str,
    aid: str,
    iid: str,
    version: str | None = Form(None),
    position: str | None = Form(None),
    salience: str | None = Form(None),
    red_line: str | None = Form(None),
    clear_red_line: bool = Form(False),
    confidence: str | None = Form(None),
    note: str | None = Form(None),
) -> Response:
    """Set (or add) a position: position, salience, red line (clear_red_line removes it),
    confidence and note (an empty confidence or note removes it; a field not sent is kept).

    When the save is refused (a newer version, an invalid value), the issue page's form comes
    back with what was typed, at the current version, so saving again keeps it."""
    # FastAPI reads an empty field as not sent; an emptied note or confidence means "remove".
    sent = await request.form()
    typed = {
        "position": position,
        "salience": salience,
        "red_line": red_line,
        "clear_red_line": clear_red_line,
        "confidence": _text(sent.get("confidence", confidence)),
        "note": _text(sent.get("note", note)),
    }
    state = dashboard_of(request).state
    try:
        fields = _position_fields(typed)
        state.workspace.edit(
            sid,
            expected_version(request, version),
            lambda doc, scenario: edits.set_position(doc, scenario, aid, iid, **fields),
        )
    except DetenteError as error:
        if wants_json(request) or error.code not in REFUSALS_WITH_DRAFT:
            raise
        return _refused(request, sid, aid, iid, error, typed)
    return after_edit(
        request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
    )


REFUSALS_WITH_DRAFT = frozenset({"DT703", "DT704"})


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _position_fields(typed: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in ("position", "salience", "red_line"):
        value = number(typed[name], name)
        if value is not None:
            fields[name] = value
    if typed["clear_red_line"]:
        fields["red_line"] = None
    if typed["confidence"] is not None:
        fields["confidence"] = number(typed["confidence"], "confidence")
    if typed["note"] is not None:
        fields["note"] = typed["note"].strip() or None
    if not fields:
        raise DetenteError("DT704", "nothing to change", hint="send position, salience or red_line")
    return fields


def _refused(
    request: Request, sid: str, aid: str, iid: str, error: DetenteError, typed: dict[str, Any]
) -> Response:
    """The issue page (or, for htmx, its panel and the error) with the refused row's form
    holding what was typed, so that nothing typed is lost."""
    dashboard = dashboard_of(request)
    entry = dashboard.state.workspace.get(sid)
    stale = error.code == "DT703"
    message = (
        f"Not saved: version {entry.version} was saved in between. Your values are kept in the "
        "form, which now edits the latest version: save again to keep them."
        if stale
        else f"Not saved: {error}. Your values are kept in the form."
    )
    draft = {"actor": aid, "fields": typed, "message": message}
    page = pages.issue_page(dashboard.state, sid, iid, draft)
    status = status_of(error)
    headers = {"ETag": entry.etag}
    if not request.headers.get("hx-request"):
        return dashboard.render(page, request, status_code=status, headers=headers)
    panel = dashboard.render(page, request, "panel")
    alert = dashboard.env.get_template("error.html.j2").render(error=error, status=status)
    # htmx swaps only 2xx answers: the alert goes to the message slot, the panel out of band.
    headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
    return PageResponse(
        page.template, panel.context, alert + bytes(panel.body).decode(), 200, headers
    )


@router.post("/s/{sid}/actors/{aid}", tags=["edit"])
async def edit_capability(
    request: Request,
    sid: str,
    aid: str,
    version: str | None = Form(None),
    capability: str = Form(...),
) -> Response:
    state = dashboard_of(request).state
    value = number(capability, "capability")
    if value is None:
        raise DetenteError("DT704", "capability is required")
    state.workspace.edit(
        sid,
        expected_version(request, version),
        lambda doc, scenario: edits.set_capability(doc, scenario, aid, value),
    )
    return after_edit(
        request, sid, f"/s/{sid}/parties/{aid}", pages.party_page(state, sid, aid), "panel"
    )


def _check_span(state: DashboardState, sid: str, doc: str, start: int, end: int) -> None:
    """Evidence must point into a document the dashboard can read, inside its text."""
    entry = state.workspace.get(sid)
    text = next(
        (t for provider in state.providers(entry) if (t := provider.text(doc)) is not None), None
    )
    if text is None:
        raise DetenteError(
            "DT704",
            f"no document {doc[:80]!r} in the corpus store or the source folders",
            hint="link a document the corpus page can search",
        )
    if not 0 <= start < end <= len(text):
        raise DetenteError(
            "DT704",
            f"span {start}-{end} is outside {doc} (0-{len(text)})",
            hint="evidence is a span [start, end) inside the document",
        )


def link(
    request: Request,
    sid: str,
    aid: str,
    iid: str,
    version: str | None,
    doc: str,
    start: int,
    end: int,
) -> None:
    state = dashboard_of(request).state

    def change(document: CommentedMap, scenario: Scenario) -> str:
        _check_span(state, sid, doc, start, end)
        return edits.link_evidence(document, scenario, aid, iid, doc, start, end)

    state.workspace.edit(sid, expected_version(request, version), change)


@router.post("/s/{sid}/positions/{aid}/{iid}/evidence", tags=["edit"])
async def link_evidence(
    request: Request,
    sid: str,
    aid: str,
    iid: str,
    version: str | None = Form(None),
    doc: str = Form(...),
    start: int = Form(...),
    end: int = Form(...),
) -> Response:
    """Link a span of a document as evidence for a position."""
    link(request, sid, aid, iid, version, doc, start, end)
    state = dashboard_of(request).state
    return after_edit(
        request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
    )


@router.post("/s/{sid}/link", tags=["edit"])
async def link_from_search(
    request: Request,
    sid: str,
    actor: str = Form(...),
    issue: str = Form(...),
    version: str | None = Form(None),
    doc: str = Form(...),
    start: int = Form(...),
    end: int = Form(...),
) -> Response:
    """Link a search hit as evidence (the form on the corpus page)."""
    link(request, sid, actor, issue, version, doc, start, end)
    dashboard = dashboard_of(request)
    if wants_json(request) or not request.headers.get("hx-request"):
        return after_edit(request, sid, f"/s/{sid}/issues/{issue}", None, None)
    return _linked_message(dashboard, sid, actor, issue, doc, start, end)


def _linked_message(
    dashboard: Dashboard, sid: str, actor: str, issue: str, doc: str, start: int, end: int
) -> Response:
    entry = dashboard.state.workspace.get(sid)
    scenario = entry.scenario()
    message = (
        f"Linked {doc} {start}–{end} to {scenario.actor(actor).name} on "
        f"{scenario.issue(issue).name} (version {entry.version})."
    )
    html = dashboard.env.get_template("message.html.j2").render(message=message)
    return HTMLResponse(
        html,
        headers={
            "ETag": entry.etag,
            "HX-Trigger": json.dumps({"versionChanged": {"value": entry.version}}),
        },
    )


@router.post("/s/{sid}/positions/{aid}/{iid}/evidence/unlink", tags=["edit"])
async def unlink_evidence(
    request: Request,
    sid: str,
    aid: str,
    iid: str,
    version: str | None = Form(None),
    index: int = Form(...),
) -> Response:
    state = dashboard_of(request).state
    state.workspace.edit(
        sid,
        expected_version(request, version),
        lambda doc, scenario: edits.unlink_evidence(doc, scenario, aid, iid, index),
    )
    return after_edit(
        request, sid, f"/s/{sid}/issues/{iid}", pages.issue_page(state, sid, iid), "panel"
    )


def _draft_edit(request: Request, sid: str, version: str | None, change: edits.Change) -> Response:
    """A guided-review edit, against ``version`` like every other edit; back to the draft page."""
    state = dashboard_of(request).state
    state.workspace.edit(sid, expected_version(request, version), change)
    return after_edit(request, sid, f"/s/{sid}/draft", None, None)


@router.post("/s/{sid}/draft/accept", tags=["edit"])
async def accept_review_item(
    request: Request, sid: str, item: int = Form(...), version: str | None = Form(None)
) -> Response:
    """Mark item ``item`` (from 0) of the draft's review list reviewed; values and evidence stay."""
    return _draft_edit(
        request, sid, version, lambda doc, scenario: edits.mark_reviewed(doc, scenario, item)
    )


@router.post("/s/{sid}/draft/confirm", tags=["edit"])
async def confirm_position(
    request: Request,
    sid: str,
    actor: str = Form(...),
    issue: str = Form(...),
    version: str | None = Form(None),
) -> Response:
    """Confirm a drafted position as it stands (its review items and markers are settled)."""
    return _draft_edit(
        request,
        sid,
        version,
        lambda doc, scenario: edits.confirm_position(doc, scenario, actor, issue),
    )


@router.post("/s/{sid}/draft/rename", tags=["edit"])
async def rename_entry(
    request: Request,
    sid: str,
    section: str = Form(...),
    old: str = Form(...),
    new_id: str = Form(...),
    name: str = Form(...),
    version: str | None = Form(None),
) -> Response:
    """Give a party or an issue (``section`` actors or issues) a new id and name, as one save."""

    def change(document: CommentedMap, scenario: Scenario) -> str:
        if section not in ("actors", "issues"):
            raise DetenteError("DT704", f"cannot rename in {section[:40]!r}", hint="actors, issues")
        target = new_id.strip()
        notes = [] if target == old else [edits.rename(document, scenario, section, old, target)]
        current = scenario.actors if section == "actors" else scenario.issues
        named = next((e.name for e in current if e.id == old), None)
        if named is None:
            raise DetenteError("DT702", f"no {section[:-1]} {old[:80]!r} in the scenario")
        if " ".join(name.split()) != named:
            renamed = validate_document(document, "rename") if notes else scenario
            notes.append(edits.set_name(document, renamed, section, target, name))
        if not notes:
            raise DetenteError("DT704", "nothing to change", hint="type a new id or name")
        return "; ".join(notes)

    return _draft_edit(request, sid, version, change)


@router.post("/s/{sid}/draft/merge", tags=["edit"])
async def merge_entries(
    request: Request,
    sid: str,
    section: str = Form(...),
    keep: str = Form(...),
    drop: str = Form(...),
    version: str | None = Form(None),
) -> Response:
    """Fold party or issue ``drop`` into ``keep``: positions moved where ``keep`` has none,
    differing ones flagged for review, evidence kept."""
    merge = {"actors": edits.merge_actors, "issues": edits.merge_issues}.get(section)
    if merge is None:
        raise DetenteError("DT704", f"cannot merge in {section[:40]!r}", hint="actors, issues")
    return _draft_edit(
        request, sid, version, lambda doc, scenario: merge(doc, scenario, keep, drop)
    )


# Ticked boxes of a form (none ticked sends nothing, hence None); one field each, as FastAPI
# names a field after the parameter it is first bound to.
_TICKED_EVIDENCE = Form(None)
_TICKED_ALIASES = Form(None)


@router.post("/s/{sid}/draft/split", tags=["edit"])
async def split_entry(
    request: Request,
    sid: str,
    section: str = Form(...),
    item: str = Form(...),
    new_id: str = Form(...),
    name: str = Form(...),
    evidence: list[str] | None = _TICKED_EVIDENCE,
    aliases: list[str] | None = _TICKED_ALIASES,
    version: str | None = Form(None),
) -> Response:
    """Split party or issue ``item``: the ticked evidence (``party:index`` of an issue,
    ``issue:index`` of a party) and aliases go to a new entry ``new_id``; the positions that
    give evidence are copied and flagged for review."""
    if section not in ("actors", "issues"):
        raise DetenteError("DT704", f"cannot split in {section[:40]!r}", hint="actors, issues")
    chosen = [_evidence_choice(value) for value in evidence or ()]
    names = list(aliases or ())
    target = new_id.strip()

    def change(document: CommentedMap, scenario: Scenario) -> str:
        if section == "issues":
            if names:
                raise DetenteError("DT704", "an issue has no aliases to split", hint="actors")
            return edits_split.split_issue(document, scenario, item, target, name, chosen)
        return edits_split.split_actor(document, scenario, item, target, name, chosen, names)

    return _draft_edit(request, sid, version, change)


def _evidence_choice(value: str) -> tuple[str, int]:
    """``"us:1"`` -> ("us", 1): which evidence span of which position the form ticked."""
    other, _, index = value.rpartition(":")
    if not other or not index.isdigit():
        raise DetenteError(
            "DT704", f"bad evidence choice {value[:60]!r}", hint="party:index or issue:index"
        )
    return other, int(index)


@router.post("/s/{sid}/undo", tags=["edit"])
async def undo(request: Request, sid: str, version: str | None = Form(None)) -> Response:
    dashboard_of(request).state.workspace.undo(sid, expected_version(request, version))
    return after_edit(
        request, sid, request.headers.get("hx-current-url") or f"/s/{sid}/history", None, None
    )


@router.post("/s/{sid}/restore", tags=["edit"])
async def restore(
    request: Request, sid: str, target: int = Form(...), version: str | None = Form(None)
) -> Response:
    """Save any earlier version ``target`` as the newest version (undo brings back this one)."""
    dashboard_of(request).state.workspace.restore(sid, expected_version(request, version), target)
    return after_edit(request, sid, f"/s/{sid}/history", None, None)


@router.post("/s/{sid}/run", tags=["analysis"])
async def run(request: Request, sid: str) -> Response:
    """Run every model and the deal analysis on the current version."""
    dashboard = dashboard_of(request)
    state = dashboard.state
    entry = state.workspace.get(sid)
    analysis = state.run(entry)
    issue = request.query_params.get("issue")
    if wants_json(request):
        return JSONResponse(
            {
                "scenario": sid,
                "version": entry.version,
                "forecasts": {f.model: f.positions() for f in analysis.forecasts},
            }
        )
    if request.headers.get("hx-request"):
        if issue:
            return dashboard.render(pages.issue_page(state, sid, issue), request, "panel")
        return dashboard.render(pages.scenario_page(state, sid), request, "analysis_panel")
    return RedirectResponse(f"/s/{sid}/issues/{issue}" if issue else f"/s/{sid}", status_code=303)
