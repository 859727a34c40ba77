"""The JSON API under ``/api/v1`` (DATA.md, "Web and API"): the library's queries, rows keyed by
the CSV column names; errors are ``{"detail": "..."}`` with a 4xx status. The pages call the
same functions (:mod:`bridge_match.web.state`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

import bridge_match.web.security as security
from bridge_match.errors import BridgeMatchError, DataError
from bridge_match.filters import Filters
from bridge_match.rules import Band
from bridge_match.web.state import WebState, rows_of, shortlist

router = APIRouter(prefix="/api/v1", tags=["api"])


def web(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def json_only(request: Request) -> None:
    """A POST the API accepts: a JSON body, from this site or no browser at all (a cross-site
    form can send neither ``application/json`` nor this site's ``Origin``)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the body as application/json")
    if security.foreign_origin(request):
        raise HTTPException(403, "requests from another site are refused")


def _failed(exc: BridgeMatchError) -> HTTPException:
    text = str(exc)
    missing = "no expert with id" in text or "is neither a sector nor a need id" in text
    return HTTPException(404 if missing else 400, text)


class SearchBody(BaseModel):
    """``POST /api/v1/search``."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)
    top_k: int = Field(10, ge=1, le=500)
    sector: str | None = None


class StatusBody(BaseModel):
    """``POST /api/v1/status``."""

    model_config = ConfigDict(extra="forbid")
    need_id: str = Field(min_length=1, max_length=200)
    expert_id: str = Field(min_length=1, max_length=200)
    status: str = Field(min_length=1, max_length=40)
    note: str = Field("", max_length=2000)


State = Annotated[WebState, Depends(web)]


@router.get("/needs")
def needs(state: State) -> list[dict[str, Any]]:
    """Every need of the workspace, as its CSV columns."""
    with state.workspace.snapshot() as snap:
        return [n.model_dump(mode="json") for n in snap.needs()]


@router.get("/needs/{need_id}/shortlist")
def need_shortlist(
    need_id: str,
    state: State,
    top_k: Annotated[int, Query(ge=1, le=500)] = 10,
    country: Annotated[list[str] | None, Query()] = None,
    association: str | None = None,
    language: Annotated[list[str] | None, Query()] = None,
    min_years: Annotated[int | None, Query(ge=0)] = None,
    expert_sector: Annotated[list[str] | None, Query()] = None,
    min_band: Band | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The shortlist of one need: ``{"need": {...}, "rows": [...]}``."""
    filters = Filters(country or (), association, language or (), min_years, expert_sector or ())
    try:
        with state.workspace.snapshot() as snap:
            found = next((n for n in snap.needs() if n.id == need_id), None)
        if found is None:
            raise HTTPException(404, f"no need with id {need_id!r}")
        ranked = shortlist(
            state, need=need_id, top_k=top_k, filters=filters, min_band=min_band, lang=lang
        )
    except BridgeMatchError as exc:
        raise _failed(exc) from None
    return {"need": found.model_dump(mode="json"), "rows": rows_of(ranked.frame)}


@router.get("/experts/{expert_id}/needs")
def expert_needs(
    expert_id: str,
    state: State,
    top_k: Annotated[int, Query(ge=1, le=500)] = 10,
    lang: str | None = None,
) -> dict[str, Any]:
    """The needs that fit one expert, best first: ``{"expert": {...}, "rows": [...]}``."""
    try:
        ranked = shortlist(state, expert=expert_id, top_k=top_k, lang=lang)
        with state.workspace.snapshot() as snap:
            person = snap.profiles([expert_id])[expert_id]
    except BridgeMatchError as exc:
        raise _failed(exc) from None
    shown = {
        "id": person.id,
        "name": person.name,
        "country": person.country,
        "association": person.association,
        "field": person.field,
        "email": person.email if person.consent_to_contact else None,
    }
    return {"expert": shown, "rows": rows_of(ranked.frame)}


@router.post("/search", dependencies=[Depends(json_only)])
def search(body: SearchBody, state: State) -> dict[str, Any]:
    """Free text, any language: ``{"need": {...the ad-hoc need...}, "rows": [...]}``."""
    try:
        ranked = shortlist(state, text=body.text, sector=body.sector, top_k=body.top_k)
    except BridgeMatchError as exc:
        raise _failed(exc) from None
    return {"need": ranked.needs[0].model_dump(mode="json"), "rows": rows_of(ranked.frame)}


@router.get("/status")
def status(
    state: State, need_id: str | None = None, expert_id: str | None = None
) -> dict[str, Any]:
    """The pipeline's current rows (``status list``'s columns), filtered."""
    from bridge_match.workspace import list_statuses

    try:
        frame = list_statuses(need_id, expert_id, workspace=state.workspace)
    except BridgeMatchError as exc:
        raise _failed(exc) from None
    return {"rows": rows_of(frame)}


@router.post("/status", dependencies=[Depends(json_only)])
def set_status(body: StatusBody, state: State, request: Request) -> dict[str, Any]:
    """Move a pair along the pipeline; the event recorded."""
    from bridge_match.workspace import set_status as move

    try:
        event = move(
            body.need_id,
            body.expert_id,
            body.status,
            note=body.note,
            by=request.headers.get("x-bridge-match-by") or "web",
            workspace=state.workspace,
        )
    except DataError as exc:
        raise _failed(exc) from None
    return dict(event.__dict__)
