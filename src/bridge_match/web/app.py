"""The ASGI app (FastAPI): pages under ``/``, the JSON API under ``/api/v1``, static files, and
the middleware every request goes through (access token, security headers, CSRF cookie,
language).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

import bridge_match.web.api as api
import bridge_match.web.pages as pages
import bridge_match.web.security as security
from bridge_match.i18n import LANGUAGES, translator
from bridge_match.web.render import HERE, LANG_COOKIE, page_lang
from bridge_match.web.state import WebState


def create_app(state: WebState) -> FastAPI:
    """The web workspace over one open workspace.

    Parameters
    ----------
    state:
        The workspace and the server's settings (:class:`~bridge_match.web.state.WebState`).

    Returns
    -------
    FastAPI
        The app (serve it with uvicorn, test it with ``fastapi.testclient.TestClient``).
    """
    app = FastAPI(
        title="bridge-match",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.web = state
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.query_params.get("token")
        if state.token and given and security.same(given, state.token):
            back = request.url.remove_query_params("token")
            answer: Response = RedirectResponse(str(back), status_code=303)
            answer.set_cookie(
                security.TOKEN_COOKIE, given, httponly=True, samesite="strict", max_age=8 * 3600
            )
            return answer
        if not security.authorised(request, state.token):
            if request.url.path.startswith("/api/"):
                answer = JSONResponse({"detail": "an access token is required"}, status_code=401)
            else:
                t = translator(page_lang(request))
                answer = Response(
                    t("This workspace needs its access token: open the address you were given."),
                    status_code=401,
                    media_type="text/plain; charset=utf-8",
                )
        else:
            answer = await call_next(request)
        for name, value in security.HEADERS.items():
            answer.headers.setdefault(name, value)
        fresh = getattr(request.state, "csrf", None)
        if fresh and not request.cookies.get(security.CSRF_COOKIE):
            answer.set_cookie(security.CSRF_COOKIE, fresh, httponly=True, samesite="strict")
        asked = request.query_params.get("lang")
        if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
            answer.set_cookie(LANG_COOKIE, asked, samesite="lax", max_age=365 * 24 * 3600)
        return answer

    return app
