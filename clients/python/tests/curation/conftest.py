"""The write side's tests run against a real server on the fixture seed (tests/fixtures/seed-minimal) with
keys made for them: tests/integration/python-client-curation.test.ts starts it and sets CHOKEPOINT_URL,
CHOKEPOINT_CONTRIBUTOR_KEY and CHOKEPOINT_REVIEWER_KEY."""
import os

import pytest

from chokepoint import Client


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through tests/integration/python-client-curation.test.ts")
    return value


@pytest.fixture(scope="session")
def contributor(url: str) -> Client:
    return Client(url, progress=False, api_key=_env("CHOKEPOINT_CONTRIBUTOR_KEY"))


@pytest.fixture(scope="session")
def reviewer(url: str) -> Client:
    return Client(url, progress=False, api_key=_env("CHOKEPOINT_REVIEWER_KEY"))
