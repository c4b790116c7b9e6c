import pytest

from tests.live import running
from tests.services import NATS, delete_stream, drop_schema, nats_name, postgres_schema


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    until the session ends, and no asyncio test can run after it starts."""
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid)


@pytest.fixture
async def server(tmp_path):
    async with running(tmp_path / "data") as srv:
        yield srv


@pytest.fixture
def postgres():
    """The DSN of an empty PostgreSQL schema of the test's own."""
    schema, dsn = postgres_schema()
    yield dsn
    drop_schema(schema)


@pytest.fixture
def backplane():
    """The NATS server's URL and a council name of the test's own there."""
    name = nats_name()
    yield NATS, name
    delete_stream(name)
