"""The services beyond one machine for the tests: PostgreSQL and NATS JetStream, as
`deploy/services` starts them (`make test` runs it first). A test that needs one gets a place of
its own there (a schema, a stream name) and skips, saying why, where the service is not there."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine
from urllib.parse import urlsplit

import asyncpg
import nats
import nats.js.errors
import pytest

from chamber.pgstore import in_schema

POSTGRES = os.environ.get("CHAMBER_TEST_POSTGRES", "postgresql://chamber:chamber@127.0.0.1:5432/chamber_test")
NATS = os.environ.get("CHAMBER_TEST_NATS", "nats://127.0.0.1:4222")
HOW = "deploy/services installs and starts it (make test runs it first)"


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run `coro` to its end from anywhere, a running event loop's thread too."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _postgres(statement: str) -> None:
    db = await asyncpg.connect(POSTGRES, timeout=5, server_settings={"lock_timeout": "10s"})
    try:
        await db.execute(statement)
    finally:
        await db.close()


def postgres_schema() -> tuple[str, str]:
    """A new empty schema, and the DSN that uses it; skips when PostgreSQL is not there."""
    schema = f"test_{secrets.token_hex(6)}"
    try:
        run(_postgres(f"CREATE SCHEMA {schema}"))
    except (OSError, asyncio.TimeoutError, asyncpg.PostgresError) as problem:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES} ({problem}); {HOW}")
    return schema, in_schema(POSTGRES, schema)


def drop_schema(schema: str) -> None:
    run(_postgres(f"DROP SCHEMA {schema} CASCADE"))


async def _delete_stream(name: str) -> None:
    nc = await nats.connect(NATS)
    try:
        await nc.jetstream().delete_stream(f"CHAMBER-{name}")
    except nats.js.errors.NotFoundError:
        pass  # the test made none
    finally:
        await nc.close()


def delete_stream(name: str) -> None:
    """Remove the test's stream from the NATS server, which outlives the test run."""
    run(_delete_stream(name))


def nats_name() -> str:
    """A council name of its own on the NATS server (its own stream and subjects); skips when
    NATS is not there."""
    address = urlsplit(NATS)
    try:
        socket.create_connection((address.hostname, address.port or 4222), timeout=2).close()
    except OSError as problem:
        pytest.skip(f"NATS is not reachable at {NATS} ({problem}); {HOW}")
    return f"test-{secrets.token_hex(4)}"
