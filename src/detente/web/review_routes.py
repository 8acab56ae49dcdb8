"""The review router: the analyst's verdicts on machine claims (the review queue's buttons).

Accepting links the claim's span as evidence for the party's position, a scenario edit that
names the version it was made against like every other; rejecting only records the verdict in
the corpus store, so the claim does not come back.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from ruamel.yaml.comments import CommentedMap

from detente.domain import Claim, Scenario
from detente.web import pages
from detente.web.edit_routes import expected_version
from detente.web.render import dashboard_of, wants_json
from detente.web.state import DashboardState
from detente.workflows import review

router = APIRouter(tags=["review"])


def _claim(state: DashboardState, key: str) -> Claim:
    return review.find_claim(state.require_store().claims(), key)


def _answer(request: Request, sid: str, key: str, verdict: str) -> Response:
    dashboard = dashboard_of(request)
    entry = dashboard.state.workspace.get(sid)
    if wants_json(request):
        return JSONResponse(
            {"claim": key, "verdict": verdict, "version": entry.version, "etag": entry.etag},
            headers={"ETag": entry.etag},
        )
    if request.headers.get("hx-request"):
        page = pages.review_page(dashboard.state, sid)
        response: Response = dashboard.render(page, request, "queue_panel")
    else:
        response = RedirectResponse(f"/s/{sid}/review", status_code=303)
    response.headers["ETag"] = entry.etag
    return response


@router.post("/s/{sid}/review/accept")
async def accept_claim(
    request: Request, sid: str, claim: str = Form(...), version: str | None = Form(None)
) -> Response:
    """Accept a machine claim: its span becomes evidence for the party's position."""
    state = dashboard_of(request).state
    found = _claim(state, claim)
    document = state.require_store().documents([found.doc])
    source = {k: getattr(document[0], k) for k in ("outlet", "title", "url")} if document else {}
    if document and document[0].date:
        source["date"] = document[0].date.isoformat()

    def change(doc: CommentedMap, scenario: Scenario) -> str:
        return review.accept(doc, scenario, found, source)

    state.workspace.edit(sid, expected_version(request, version), change)
    state.review(found, "accepted")
    return _answer(request, sid, claim, "accepted")


@router.post("/s/{sid}/review/reject")
async def reject_claim(request: Request, sid: str, claim: str = Form(...)) -> Response:
    """Reject a machine claim: it is remembered, and leaves the queue for good."""
    state = dashboard_of(request).state
    state.workspace.get(sid)  # an unknown scenario is a 404 before anything is written
    state.review(_claim(state, claim), "rejected")
    return _answer(request, sid, claim, "rejected")
