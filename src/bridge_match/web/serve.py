"""``bridge-match serve``: the web workspace on uvicorn, refused beyond loopback without an
access token."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from bridge_match.web.app import create_app
from bridge_match.web.security import check_binding, new_secret
from bridge_match.web.state import WebState, warm
from bridge_match.workspace import Workspace


def serve_workspace(
    host: str = "127.0.0.1",
    port: int = 8000,
    workspace: Workspace | str | Path | None = None,
    token: str | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the web workspace until interrupted.

    Parameters
    ----------
    host, port:
        Where to listen (127.0.0.1 by default).
    workspace:
        The workspace to show (default as for every command; created and imported from the
        data folders on first use).
    token:
        The access token every request must carry; required for a host beyond loopback.
    ready:
        Called with the address once the server listens (the CLI opens the browser).

    Raises
    ------
    DataError
        A host beyond loopback without a token.
    """
    import uvicorn

    check_binding(host, token)
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    state = WebState(ws, token=token, secret=new_secret())
    app = create_app(state)
    threading.Thread(target=_warm, args=(state,), daemon=True, name="warm-up").start()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    if ready is not None:
        original = server.startup

        async def startup(sockets: object = None) -> None:
            await original(sockets)  # type: ignore[arg-type]
            ready(url)

        server.startup = startup  # type: ignore[method-assign]
    try:
        server.run()
    finally:
        state.close()


def _warm(state: WebState) -> None:
    import contextlib

    from bridge_match.errors import BridgeMatchError

    with contextlib.suppress(BridgeMatchError):  # a page shows the problem when asked
        warm(state)
