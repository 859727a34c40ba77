"""Safe by default: loopback unless access is controlled, an access token when it is, CSRF on
every form, strict content types on the API, and headers that keep pages from being framed or
running anything they did not ship.

- **Binding.** ``serve`` binds to 127.0.0.1; another host is refused unless an access token is
  configured (:func:`check_binding`).
- **Access token.** With a token, every request must carry it: ``Authorization: Bearer ...``,
  or the ``bm_token`` cookie a visit to ``/?token=...`` sets (HttpOnly, SameSite=Strict).
- **CSRF.** A random ``bm_csrf`` cookie (SameSite=Strict) and the same value in a hidden field of
  every form (double submit); a POST page without both equal is refused (403). The JSON API
  accepts only ``application/json`` bodies, which a cross-site form cannot send, and refuses a
  foreign ``Origin``.
- **Escaping.** Templates autoescape everything; user text never becomes markup or template code.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from starlette.requests import Request

from bridge_match.errors import DataError, Problem

CSRF_COOKIE = "bm_csrf"
TOKEN_COOKIE = "bm_token"
TOKEN_ENV = "BRIDGE_MATCH_TOKEN"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without access control.

    Raises
    ------
    DataError
        A host other than loopback and no token (exit 2).
    """
    if not is_loopback(host) and not token:
        raise DataError(
            Problem(
                "--host",
                None,
                None,
                f"{host} would open the workspace (names, pipeline) to the network without "
                f"access control; set an access token (--token or {TOKEN_ENV}), or serve on "
                "127.0.0.1",
            )
        )


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets (False when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def authorised(request: Request, token: str | None) -> bool:
    """Whether a request may see the workspace (always, without a token)."""
    if not token:
        return True
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else None
    return same(given, token) or same(request.cookies.get(TOKEN_COOKIE), token)


def csrf_of(request: Request) -> str:
    """This browser's CSRF secret (from its cookie, else a new one the response will set)."""
    found = request.cookies.get(CSRF_COOKIE)
    if found:
        return found
    fresh = getattr(request.state, "csrf", None) or new_secret()
    request.state.csrf = fresh
    return fresh


def foreign_origin(request: Request) -> bool:
    """A request whose ``Origin`` names another site than the one it was sent to."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] != host
