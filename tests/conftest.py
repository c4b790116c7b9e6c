import pytest

from tests.live import running


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    until the session ends, and no asyncio test can run after it starts."""
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid)


@pytest.fixture
async def server(tmp_path):
    async with running(tmp_path / "data") as srv:
        yield srv
