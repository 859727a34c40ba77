"""The pages: server-rendered HTML that works without JavaScript, one bookmarkable URL each
(DATA.md, "Web and API"), in Vietnamese or English. Every page calls the library through
:mod:`bridge_match.web.state` or :mod:`bridge_match.workspace` — never a second implementation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import bridge_match.web.security as security
from bridge_match.errors import BridgeMatchError, DataError
from bridge_match.filters import Filters, known_associations
from bridge_match.i18n import translator
from bridge_match.rules import BANDS, Rules
from bridge_match.web.render import page_lang, records, render
from bridge_match.web.state import (
    MAX_UPLOAD_BYTES,
    WebState,
    coverage_of,
    need_of,
    shortlist,
    xlsx_bytes,
)
from bridge_match.workspace.pipeline import STATUSES, moves

router = APIRouter(include_in_schema=False)
SAFE_NAME = re.compile(r"[^\w.\- ]+")


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def _check_csrf(request: Request, given: str | None) -> None:
    if not security.same(given, request.cookies.get(security.CSRF_COOKIE)):
        raise HTTPException(403, "the form has expired or came from another site: reload the page")


def _failure(request: Request, exc: BridgeMatchError, status_code: int = 400) -> HTMLResponse:
    return render(request, "error.html", status_code, problem=str(exc))


def _filters(request: Request) -> tuple[Filters, dict[str, Any]]:
    """The shortlist filters of a page's query string, and the values to show in its form."""
    q = request.query_params
    years = q.get("min_years") or None
    form: dict[str, Any] = {
        "country": q.getlist("country"),
        "association": q.get("association") or "",
        "language": q.getlist("language"),
        "min_years": years or "",
        "expert_sector": q.getlist("expert_sector"),
        "min_band": q.get("min_band") or "",
        "top_k": q.get("top_k") or "10",
        "view": q.get("view") or "cards",
    }
    countries = [c for c in form["country"] if c.strip()]
    languages = [c for c in form["language"] if c.strip()]
    sectors = [c for c in form["expert_sector"] if c.strip()]
    try:
        min_years = int(years) if years else None
    except ValueError:
        raise DataError("--min-years: give a whole number of years") from None
    association = str(form["association"]) or None
    filters = Filters(countries, association, languages, min_years, sectors)
    return filters, form


def _top_k(form: dict[str, Any]) -> int:
    try:
        return max(1, min(int(form["top_k"]), 200))
    except ValueError:
        return 10


# -- needs ----------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def needs_page(request: Request) -> HTMLResponse:
    state = _state(request)
    q = (request.query_params.get("q") or "").strip()
    sector = request.query_params.get("sector") or ""
    try:
        with state.workspace.snapshot() as snap:
            if snap.empty:
                return render(request, "empty.html")
            every = snap.needs()
            cov = coverage_of(state, snap)
    except BridgeMatchError as exc:
        return _failure(request, exc)
    folded = q.casefold()
    shown = [
        n
        for n in every
        if (not sector or n.sector.value == sector)
        and (not folded or folded in f"{n.id} {n.title} {n.host or ''}".casefold())
    ]
    by_need = {r["need_id"]: r for r in records(cov.per_need)} if cov else {}
    bands = Rules.default().bands
    rows = []
    for need in shown:
        found = by_need.get(need.id, {})
        best = found.get("best_score")
        rows.append(
            {
                "need": need,
                "strong": found.get("strong", 0),
                "status": found.get("status", "gap"),
                "band": bands.of(float(best)) if best is not None and best == best else "weak",
            }
        )
    return render(request, "needs.html", rows=rows, q=q, sector=sector, total=len(every))


@router.get("/needs/{need_id}", response_class=HTMLResponse)
def need_page(request: Request, need_id: str) -> HTMLResponse:
    state = _state(request)
    lang = page_lang(request)
    try:
        filters, form = _filters(request)
        with state.workspace.snapshot() as snap:
            need = need_of(snap.needs(), need_id)
        if need is None:
            return render(request, "error.html", 404, problem=f"no need with id {need_id!r}")
        band = form["min_band"] if form["min_band"] in BANDS else None
        ranked = shortlist(
            state, need=need_id, top_k=_top_k(form), filters=filters, min_band=band, lang=lang
        )
    except BridgeMatchError as exc:
        return _failure(request, exc)
    rows = records(ranked.frame)
    rules = moves()
    for row in rows:
        row["next"] = rules.allowed(row.get("status") or None)
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return render(
        request,
        "need.html",
        need=need,
        rows=rows,
        form=form,
        notes=ranked.notes,
        query=query,
        associations=known_associations(),
        message=request.query_params.get("done") or "",
    )


@router.get("/needs/{need_id}/shortlist.{kind}")
def need_download(request: Request, need_id: str, kind: str) -> Response:
    """Exactly what the page shows, as CSV or xlsx."""

    state = _state(request)
    if kind not in ("csv", "xlsx"):
        raise HTTPException(404, "CSV or xlsx")
    filters, form = _filters(request)
    band = form["min_band"] if form["min_band"] in BANDS else None
    try:
        ranked = shortlist(
            state,
            need=need_id,
            top_k=_top_k(form),
            filters=filters,
            min_band=band,
            lang=page_lang(request),
        )
    except BridgeMatchError as exc:
        raise HTTPException(400, str(exc)) from None
    return _download(request, ranked.frame, f"shortlist-{need_id}", kind)


def _download(
    request: Request, frame: pd.DataFrame, stem: str, kind: str, sheet_by: str | None = "sector"
) -> Response:
    """A table as a CSV (the contract's columns) or an xlsx for people (in the page's
    language)."""
    from bridge_match.export import to_csv

    safe = SAFE_NAME.sub("_", stem)
    if kind == "csv":
        body = to_csv(frame).encode("utf-8-sig")
        media = "text/csv; charset=utf-8"
    else:
        body = xlsx_bytes(frame, sheet_by, lang=page_lang(request))
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="{safe}.{kind}"'}
    return Response(body, media_type=media, headers=headers)


@router.post("/needs/{need_id}/status")
def need_status(
    request: Request,
    need_id: str,
    expert_id: Annotated[str, Form()],
    to: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """A status action from a shortlist or an expert's page, then back to it."""
    from bridge_match.workspace import set_status

    _check_csrf(request, csrf)
    state = _state(request)
    try:
        event = set_status(need_id, expert_id, to, note=note, by="web", workspace=state.workspace)
    except BridgeMatchError as exc:
        return _failure(request, exc)
    t = translator(page_lang(request))
    said = t("{expert}: {status}").format(expert=event.expert_id, status=t(event.status))
    target = back if back.startswith("/") and not back.startswith("//") else f"/needs/{need_id}"
    joiner = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{joiner}{urlencode({'done': said})}", status_code=303)


# -- experts, search ------------------------------------------------------------------------------


@router.get("/experts/{expert_id}", response_class=HTMLResponse)
def expert_page(request: Request, expert_id: str) -> HTMLResponse:
    from bridge_match.workspace import list_statuses, status_history

    state = _state(request)
    try:
        with state.workspace.snapshot() as snap:
            person = snap.profiles([expert_id]).get(expert_id)
        if person is None:
            return render(request, "error.html", 404, problem=f"no expert with id {expert_id!r}")
        ranked = shortlist(state, expert=expert_id, top_k=10, lang=page_lang(request))
        pairs = list_statuses(expert=expert_id, workspace=state.workspace)
        history = [
            event
            for need_id in pairs.need_id
            for event in records(status_history(need_id, expert_id, state.workspace))
        ]
    except BridgeMatchError as exc:
        return _failure(request, exc)
    rows = records(ranked.frame)
    for row in rows:
        row["next"] = moves().allowed(row.get("status") or None)
    return render(
        request,
        "expert.html",
        person=person,
        rows=rows,
        history=history,
        message=request.query_params.get("done") or "",
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    state = _state(request)
    text = (request.query_params.get("text") or "").strip()
    sector = request.query_params.get("sector") or ""
    rows: list[dict[str, Any]] = []
    guessed = None
    if text:
        try:
            ranked = shortlist(
                state, text=text, sector=sector or None, top_k=20, lang=page_lang(request)
            )
        except BridgeMatchError as exc:
            return _failure(request, exc)
        rows = records(ranked.frame)
        guessed = ranked.needs[0].sector.value
    return render(request, "search.html", text=text, sector=sector, rows=rows, guessed=guessed)


# -- teams, coverage, pipeline ---------------------------------------------------------------------


def _teams(request: Request) -> tuple[Any, dict[str, str]]:
    from bridge_match.commands import assign_teams

    q = request.query_params
    objective = q.get("objective") or "total"
    form: dict[str, str] = {
        "need": q.get("need") or "",
        "objective": objective if objective in ("total", "fair") else "total",
        "min_score": q.get("min_score") or "0",
        "max_per_country": q.get("max_per_country") or "",
    }
    try:
        min_score = float(form["min_score"])
        per_country = int(form["max_per_country"]) if form["max_per_country"] else None
    except ValueError:
        raise DataError("give numbers for the minimum score and the most per country") from None
    teams = assign_teams(
        form["need"] or None,
        min_score=min_score,
        objective=form["objective"],  # type: ignore[arg-type]
        max_per_country=per_country,
        workspace=_state(request).workspace,
    )
    return teams, form


@router.get("/teams", response_class=HTMLResponse)
def teams_page(request: Request) -> HTMLResponse:
    state = _state(request)
    if not request.query_params.get("run"):
        with state.workspace.snapshot() as snap:
            every = snap.needs()
        return render(request, "teams.html", teams=None, form={"objective": "total"}, needs=every)
    try:
        teams, form = _teams(request)
        with state.workspace.snapshot() as snap:
            every = snap.needs()
    except BridgeMatchError as exc:
        return _failure(request, exc)
    pairs = records(teams.assignment.pairs)
    summary = records(teams.assignment.summary)
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return render(
        request,
        "teams.html",
        teams=teams,
        pairs=pairs,
        summary=summary,
        form=form,
        needs=every,
        notes=teams.notes,
        query=query,
    )


@router.get("/teams.{kind}")
def teams_download(request: Request, kind: str) -> Response:
    if kind not in ("csv", "xlsx"):
        raise HTTPException(404, "CSV or xlsx")
    try:
        teams, _ = _teams(request)
    except BridgeMatchError as exc:
        raise HTTPException(400, str(exc)) from None
    return _download(request, teams.assignment.pairs, "teams", kind)


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(request: Request) -> HTMLResponse:
    state = _state(request)
    try:
        with state.workspace.snapshot() as snap:
            cov = coverage_of(state, snap)
    except BridgeMatchError as exc:
        return _failure(request, exc)
    heat = cov.heat
    top = max(int(heat.to_numpy().max()) if heat.size else 0, 1)
    cells = [
        {
            "sector": sector,
            "values": [
                {
                    "country": country,
                    "n": int(heat.loc[sector, country]),
                    "level": int(4 * heat.loc[sector, country] / top),
                }
                for country in heat.columns
            ],
        }
        for sector in heat.index
    ]
    return render(
        request,
        "coverage.html",
        cov=cov,
        countries=list(heat.columns),
        cells=cells,
        per_need=records(cov.per_need),
    )


@router.get("/coverage/cell", response_class=HTMLResponse)
def coverage_cell(request: Request) -> HTMLResponse:
    """The strong candidates behind one heat-map cell: a sector's needs, one country's experts."""
    state = _state(request)
    sector = request.query_params.get("sector") or ""
    country = request.query_params.get("country") or ""
    try:
        with state.workspace.snapshot() as snap:
            cov = coverage_of(state, snap)
    except BridgeMatchError as exc:
        return _failure(request, exc)
    strong = cov.strong_rows if cov.strong_rows is not None else pd.DataFrame()
    rows = (
        strong[(strong["sector"] == sector) & (strong["country"] == country)]
        if len(strong)
        else strong
    )
    return render(
        request,
        "cell.html",
        sector=sector,
        country=country,
        rows=records(rows),
        threshold=cov.threshold,
    )


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(request: Request) -> HTMLResponse:
    from bridge_match.workspace import list_statuses

    state = _state(request)
    wanted = [s for s in request.query_params.getlist("status") if s in STATUSES]
    try:
        frame = list_statuses(status=wanted, workspace=state.workspace)
    except BridgeMatchError as exc:
        return _failure(request, exc)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in records(frame):
        groups.setdefault(row["association"] or "", []).append(row)
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return render(
        request, "pipeline.html", groups=groups, wanted=wanted, total=len(frame), query=query
    )


@router.get("/pipeline.{kind}")
def pipeline_download(request: Request, kind: str) -> Response:
    from bridge_match.workspace import list_statuses

    if kind not in ("csv", "xlsx"):
        raise HTTPException(404, "CSV or xlsx")
    wanted = [s for s in request.query_params.getlist("status") if s in STATUSES]
    frame = list_statuses(status=wanted, workspace=_state(request).workspace)
    return _download(request, frame, "pipeline", kind, sheet_by="association")


# -- import ---------------------------------------------------------------------------------------


def _uploaded(state: WebState) -> dict[str, list[Path]]:
    return {
        kind: sorted(p for p in (state.uploads / kind).glob("*") if p.is_file())
        for kind in ("profiles", "needs")
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    state = _state(request)
    with state.workspace.snapshot() as snap:
        folders = snap.data_folders()
        counts = snap.counts()
    return render(
        request,
        "import.html",
        uploaded=_uploaded(state),
        folders=folders,
        counts=counts,
        report=None,
    )


@router.post("/import", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    kind: Annotated[str, Form()] = "profiles",
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Files uploaded into the workspace's uploads folder (size- and type-checked, a plain file
    name, never outside it), then checked as ``validate`` checks them."""
    from bridge_match.load import SUPPORTED
    from bridge_match.validate import check_data

    _check_csrf(request, csrf)
    state = _state(request)
    if kind not in ("profiles", "needs"):
        raise HTTPException(400, "profiles or needs")
    folder = state.uploads / kind
    folder.mkdir(parents=True, exist_ok=True)
    t = translator(page_lang(request))
    refused: list[str] = []
    saved: list[Path] = []
    for upload in files:
        name = SAFE_NAME.sub("_", Path(upload.filename or "").name).strip(" .")
        suffix = Path(name).suffix.lower()
        if not name or suffix not in SUPPORTED:
            refused.append(
                t("{name}: not a data file ({kinds})").format(
                    name=upload.filename, kinds=", ".join(SUPPORTED)
                )
            )
            continue
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            refused.append(
                t("{name}: larger than {mb} MB").format(name=name, mb=MAX_UPLOAD_BYTES // 2**20)
            )
            continue
        from bridge_match.outputs import replace_file

        target = folder / name
        replace_file(target, data)
        saved.append(target)
    with state.workspace.snapshot() as snap:
        folders = snap.data_folders()
        counts = snap.counts()
    uploaded = _uploaded(state)
    profiles = (
        state.uploads / "profiles" if uploaded["profiles"] else (folders[0] if folders else None)
    )
    needs = state.uploads / "needs" if uploaded["needs"] else (folders[1] if folders else None)
    from bridge_match.load import data_dir

    report = check_data(data_dir(profiles, "profiles"), data_dir(needs, "needs"))
    return render(
        request,
        "import.html",
        uploaded=uploaded,
        folders=folders,
        counts=counts,
        report=report,
        refused=refused,
        saved=saved,
    )


@router.post("/import/run", response_class=HTMLResponse)
def import_run(
    request: Request,
    csrf: Annotated[str, Form()] = "",
    skip_invalid: Annotated[str, Form()] = "",
) -> HTMLResponse:
    from bridge_match.workspace import import_data

    _check_csrf(request, csrf)
    state = _state(request)
    uploaded = _uploaded(state)
    try:
        result = import_data(
            state.workspace,
            profiles=state.uploads / "profiles" if uploaded["profiles"] else None,
            needs=state.uploads / "needs" if uploaded["needs"] else None,
            skip_invalid=bool(skip_invalid),
            by="web",
        )
    except BridgeMatchError as exc:
        return _failure(request, exc)
    state._coverage.clear()
    return render(request, "imported.html", result=result)
