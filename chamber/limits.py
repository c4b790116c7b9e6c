"""What one client may cost the server: time to send a request head, websocket frames a
second, and lines in the log.

A member's phone sends a few frames a minute (a request for the floor, a vote, a heartbeat ping
after 10 s of silence) and, after a reconnect, the commands still unanswered all at once; the
chair's console one command per key press; `chamber bench`'s devices four frames each and its
chair one command per push round (0.12 s apart, each awaiting its reply); the suite's chair
takes up 40 items as fast as the screens show them. So a connection may send `FRAME_BURST`
frames at once and `FRAME_RATE` a second after that: more than anyone types, far less than a
runaway page or a script can send. A frame over the limit is refused; a client that goes on far
beyond it — `FLOOD` refusals more than the same rate would forgive — is closed (1008,
`rate_limited`).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_TIMEOUT = 10.0  # seconds for a whole request head, from the connection or the last response on
FRAME_BURST = 60  # websocket frames a connection may send at once ...
FRAME_RATE = 10.0  # ... and a second after that
FLOOD = 60  # frames refused beyond what FRAME_RATE forgives, before the connection is closed


class TokenBucket:
    """`burst` tokens at the start, `rate` more a second up to `burst`. The caller gives the
    time (any monotonic clock, in seconds), so the arithmetic is tested without waiting."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = burst
        self.at: float | None = None

    def take(self, now: float) -> bool:
        """One token if there is one; False (and nothing taken) if not."""
        if self.at is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Verdict(enum.Enum):
    ADMIT = "admit"
    REFUSE = "refuse"  # answered `rate_limited`, nothing else done
    CLOSE = "close"  # flooding: closed 1008


class FrameLimit:
    """The frames of one websocket connection: admitted while the frame bucket has tokens,
    refused while the refusal bucket has, then closed."""

    def __init__(self, rate: float = FRAME_RATE, burst: int = FRAME_BURST, flood: int = FLOOD) -> None:
        self.frames = TokenBucket(rate, burst)
        self.refusals = TokenBucket(rate, flood)

    def judge(self, now: float) -> Verdict:
        if self.frames.take(now):
            return Verdict.ADMIT
        return Verdict.REFUSE if self.refusals.take(now) else Verdict.CLOSE


class ClientFaults(logging.Filter):
    """uvicorn logs a text frame that is not UTF-8 with a traceback at ERROR (and closes it,
    1007). It is the client's fault, not the server's: a warning without the traceback, so that
    a client cannot fill the log with tracebacks."""

    MESSAGES = frozenset({"Invalid UTF-8 sequence received from client."})

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg in self.MESSAGES:
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


CLIENT_FAULTS = ClientFaults()  # one instance: adding it to a logger twice adds it once


class HttpProtocol(H11Protocol):
    """uvicorn's h11 protocol as chamber runs it (`http=` of uvicorn.Config): with a deadline
    for the request head, and with client faults kept out of the log as tracebacks.

    uvicorn (0.55) waits for a request head for ever: its only timer is the keep-alive, armed
    after a response and cancelled by any byte that arrives, so a client that opens connections
    and sends a header byte now and then (slowloris) holds each as long as it likes. Here the
    whole head must come within HEAD_TIMEOUT of the connection opening, or of the last response
    on it; else the connection is closed as uvicorn closes an idle keep-alive. A websocket
    upgrade leaves this protocol once its head has come, so no deadline outlives it.
    """

    head_timeout = HEAD_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.head_timer: asyncio.TimerHandle | None = None
        self.logger.addFilter(CLIENT_FAULTS)  # "uvicorn.error", which the websocket protocol shares

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # a head has come (and maybe its upgrade)
            self._stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._stop_waiting()
        self.head_timer = self.loop.call_later(self.head_timeout, self.timeout_keep_alive_handler)

    def _stop_waiting(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None
