"""Errors the client raises. Each carries the server's stable error code (``.code``)."""
from __future__ import annotations

from typing import Any, Dict, Optional


class ChokepointError(Exception):
    """An error answered by the server (or the transport), with its stable code.

    ``code`` is the server's ``extensions.code`` (``BAD_USER_INPUT``, ``NOT_FOUND``,
    ``DATABASE_UNAVAILABLE``, ...); ``status`` the HTTP status when there was one; ``extensions``
    everything else the server said (the argument at fault, suggestions, limits).
    """

    def __init__(self, message: str, code: str, status: Optional[int] = None,
                 extensions: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.message = message
        self.code = code
        self.status = status
        self.extensions = extensions or {}


class GraphVersionChanged(ChokepointError):
    """The graph was reloaded during a pull (or is not at the pinned version any more).

    Nothing was mixed: start the pull again. ``expected`` is the version the pull was pinned to,
    ``actual`` the graph's version now.
    """

    def __init__(self, message: str, expected: Optional[str], actual: Optional[str],
                 status: Optional[int] = None, extensions: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message, "GRAPH_VERSION_CHANGED", status, extensions)
        self.expected = expected
        self.actual = actual
