"""The web workspace: ``bridge-match serve``. Server-rendered pages for coordinators (Vietnamese
and English) and a JSON API under ``/api/v1``, over the same library functions as the command
line: :mod:`~.state` (what requests share, the queries), :mod:`~.security`, :mod:`~.app` (the
ASGI app and its middleware), :mod:`~.api`, :mod:`~.pages`.
"""

from bridge_match.web.app import create_app
from bridge_match.web.security import check_binding
from bridge_match.web.state import WebState

__all__ = ["WebState", "check_binding", "create_app"]
