"""Retries on 503 honour Retry-After and give up with the server's code. The 503s come from a small
local HTTP server that answers like Chokepoint does when its database is away."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chokepoint import ChokepointError, Client

UNAVAILABLE = {"errors": [{"message": "The database is not answering.", "extensions": {"code": "DATABASE_UNAVAILABLE"}}]}


@pytest.fixture
def flaky():
    """A server that answers 503 (Retry-After: 0.2) `failures` times, then the GraphQL answer."""
    state = {"failures": 2, "calls": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state["calls"].append(time.monotonic())
            if len(state["calls"]) <= state["failures"]:
                body, status, headers = UNAVAILABLE, 503, {"Retry-After": "0.2"}
            else:
                body, status, headers = {"data": {"stats": {"relationships": 1}}}, 200, {}
            data = json.dumps(body).encode()
            self.send_response(status)
            for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **headers}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()


def test_retries_503_waiting_retry_after(flaky):
    url, state = flaky
    data = Client(url, retries=3, backoff=5).query("{ stats { relationships } }")
    assert data == {"stats": {"relationships": 1}}
    assert len(state["calls"]) == 3
    gaps = [b - a for a, b in zip(state["calls"], state["calls"][1:])]
    assert all(0.15 <= gap < 2 for gap in gaps)  # Retry-After (0.2 s), not the 5 s backoff


def test_gives_up_with_the_code_after_the_retries(flaky):
    url, state = flaky
    state["failures"] = 10
    with pytest.raises(ChokepointError) as error:
        Client(url, retries=1).query("{ stats { relationships } }")
    assert error.value.code == "DATABASE_UNAVAILABLE" and error.value.status == 503
    assert len(state["calls"]) == 2


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(ChokepointError) as error:
        Client("http://127.0.0.1:9", retries=0, timeout=2).query("{ stats { relationships } }")
    assert error.value.code == "UNREACHABLE"
