"""The floor for `chamber bench`: a bare Starlette + uvicorn broadcast with a plain send loop.

Nothing of chamber: it accepts websockets, and when a client sends {"broadcast": n} it sends
every connection a message of n bytes, stamped, one `await send_text` after another. Whatever
chamber adds on top of this is chamber's cost.

    python -m chamber.benchfloor --port 8100
"""

from __future__ import annotations

import argparse
import json
import time

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

clients: set[WebSocket] = set()


async def endpoint(ws: WebSocket) -> None:
    await ws.accept()
    clients.add(ws)
    try:
        while True:
            request = json.loads(await ws.receive_text())
            if "broadcast" in request:
                seq = request.get("seq", 0)
                head = f'{{"type":"view","seq":{seq},"server_time":{time.time_ns() // 1_000_000},"pad":"'
                message = head + "x" * max(0, request["broadcast"] - len(head) - 2) + '"}'
                for client in list(clients):
                    try:
                        await client.send_text(message)
                    except (WebSocketDisconnect, RuntimeError, OSError):
                        clients.discard(client)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        clients.discard(ws)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = Starlette(routes=[WebSocketRoute("/ws", endpoint)])
    uvicorn.run(app, host=args.host, port=args.port, ws="websockets-sansio",
                ws_per_message_deflate=False, log_level="warning")


if __name__ == "__main__":
    main()
