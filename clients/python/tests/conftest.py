"""The tests run against a real Chokepoint server on the seeded graph: CHOKEPOINT_URL names it
(tests/integration/python-client.test.ts starts one and runs pytest; or run `npm start` and
`CHOKEPOINT_URL=http://localhost:4000 pytest clients/python`)."""
import os

import pytest

from chokepoint import Client


@pytest.fixture(scope="session")
def url() -> str:
    value = os.environ.get("CHOKEPOINT_URL")
    if not value:
        pytest.fail("CHOKEPOINT_URL is not set: start a server (npm start) and point CHOKEPOINT_URL at it")
    return value


@pytest.fixture(scope="session")
def client(url: str) -> Client:
    return Client(url, progress=False)


@pytest.fixture(scope="session")
def stats(client: Client) -> dict:
    return client.query("{ stats { relationships citations entities sources } }")["stats"]
