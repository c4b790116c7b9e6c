"""The lot (arpa / lott): a draw made from the engine's entropy, never from a random source here.

Kuntalaki §104 and vaalilaki §90: a tie in an election is decided by lot ("arpa ratkaisi" /
"lotten avgör"). The engine puts fresh random bytes in `Context.entropy`; this module turns them
into an order by SHA-256 in counter mode driving a Fisher–Yates shuffle. The same bytes always
give the same order, and the event records the order drawn, so a replay never draws again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

Lot = Callable[[Sequence[str]], list[str]]  # the tied, in any order -> the order drawn

_WORD = 8  # bytes of the stream per number drawn
_SPAN = 1 << (8 * _WORD)


def shuffled(entropy: bytes, items: Sequence[T]) -> list[T]:
    """`items` in an order drawn from `entropy` (Fisher–Yates, no modulo bias)."""
    stream = _stream(entropy)
    order = list(items)
    for i in range(len(order) - 1, 0, -1):
        j = _below(stream, i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def drawing(entropy: bytes) -> Lot:
    """Successive lots within one command: the n-th draw uses its own share of the entropy."""
    count = 0

    def draw(tied: Sequence[str]) -> list[str]:
        nonlocal count
        count += 1
        return shuffled(entropy + count.to_bytes(4, "big"), sorted(tied))

    return draw


def _stream(entropy: bytes) -> Iterator[int]:
    counter = 0
    while True:
        block = hashlib.sha256(entropy + counter.to_bytes(8, "big")).digest()
        for start in range(0, len(block), _WORD):
            yield int.from_bytes(block[start:start + _WORD], "big")
        counter += 1


def _below(stream: Iterator[int], n: int) -> int:
    """A number in 0..n-1, rejecting the draws that would favour the small ones."""
    limit = _SPAN - _SPAN % n
    while True:
        value = next(stream)
        if value < limit:
            return value % n
