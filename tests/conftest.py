import pytest

from tests.live import running


@pytest.fixture
async def server(tmp_path):
    async with running(tmp_path / "data") as srv:
        yield srv
