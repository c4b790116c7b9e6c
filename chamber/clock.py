"""The shell's one clock: milliseconds since the epoch, as stamped on events and views."""

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000
