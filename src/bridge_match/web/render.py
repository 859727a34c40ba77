"""How a page is made: the templates (Jinja2, autoescaped), the page's language, and the context
every template gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

import bridge_match.web.security as security
from bridge_match.i18n import LANGUAGES, say, translator
from bridge_match.rules import BANDS
from bridge_match.sectors import Sector
from bridge_match.workspace.pipeline import STATUSES

HERE = Path(__file__).parent
LANG_COOKIE = "bm_lang"
_env = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(["html"], default=True),
)
templates = Jinja2Templates(env=_env)


def page_lang(request: Request) -> str:
    """The page's language: the switch (``?lang=``), then the one chosen before (a cookie), then
    the browser's ``Accept-Language``, then Vietnamese."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    if kept in LANGUAGES:
        return kept
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        code, _, weight = part.strip().partition(";q=")
        base = code.split("-")[0].strip().lower()
        if base in LANGUAGES:
            try:
                quality = float(weight) if weight else 1.0
            except ValueError:
                quality = 0.0
            ranked.append((-quality, position, base))
    return sorted(ranked)[0][2] if ranked else "vi"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A template with what every page needs: the language and its translator, the CSRF
    secret for forms, the URL in the other language."""
    lang = page_lang(request)
    t = translator(lang)
    other = "en" if lang == "vi" else "vi"
    switch = str(request.url.include_query_params(lang=other))
    # Where a form on this page comes back to: this page as shown (its filters and view), less
    # the one-off note of the last action.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "done"]
    here = request.url.path + (f"?{urlencode(kept)}" if kept else "")
    return templates.TemplateResponse(
        request,
        name,
        {
            "_": t,
            "say": lambda message: say(message, t),
            "lang": lang,
            "other_lang": other,
            "switch_url": switch,
            "csrf": security.csrf_of(request),
            "here": here,
            "sectors": list(Sector),
            "sector_label": lambda s: _sector_label(s, lang),
            "bands": BANDS,
            "statuses": STATUSES,
            **context,
        },
        status_code=status_code,
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows for a template, a missing value as ``None``: pandas' NaN is truthy in
    Jinja and would read "nan" on the page."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _sector_label(value: object, lang: str) -> str:
    try:
        sector = Sector(str(value))
    except ValueError:
        return str(value)
    return sector.label_vi if lang == "vi" else sector.label
