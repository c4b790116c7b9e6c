"""The interpreter tuned for a live hall: no pauses in the pushes, no waits for the database.

A full garbage collection walks every object a thousand connections keep alive and took ~100 ms:
a push or a vote's ack that met one arrived that much later. So the server freezes what start-up
built (never garbage), collects young objects less often, and makes the full collections itself
when the hall has been quiet for a moment (or when they have waited too long).

The log is written by the database's own thread, which needs the interpreter lock to hand each
commit back. While the event loop is busy (two hundred votes arriving at once) it holds the lock
until asked to let go, after Python's default 5 ms; the commit, and every ack behind it, waited
that long. The server asks for 0.5 ms.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from typing import Callable

YOUNG = 20_000  # allocations before a young collection (Python's default: 700)
MIDDLE = 20  # young collections before a middle one (default: 10)
NEVER = 1_000_000  # middle collections before an automatic full one: in effect never
QUIET = 2.0  # seconds without a publication that count as a quiet hall
MOST = 200  # middle collections after which a full one is made even in a busy hall
SWITCH_INTERVAL = 0.0005  # seconds a busy thread keeps the interpreter lock from another


def settle() -> None:
    """After start-up: freeze what exists, leave full collections to `collect_when_quiet`, and
    let the database thread have the lock sooner."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, NEVER)
    sys.setswitchinterval(SWITCH_INTERVAL)


async def collect_when_quiet(quiet_for: Callable[[], float], every: float = 1.0) -> None:
    """Make the full collections: when the hall is quiet, or when too many have been put off."""
    while True:
        await asyncio.sleep(every)
        waiting = gc.get_count()[2]
        if waiting and (quiet_for() >= QUIET or waiting >= MOST):
            gc.collect()
