"""Serving the review page on 127.0.0.1 with uvicorn, until Ctrl-C or SIGTERM.

The socket is bound here, before the server starts, so port 0 (any free port) gives the real
port for the printed link, and a port in use is a clear error rather than a log line.
uvicorn runs on that socket with its access log off (the first request's URL carries the
token) and no proxy headers trusted. SIGINT and SIGTERM make uvicorn finish the request in
hand and close; afterwards it re-raises the signal it caught, which lands on a handler that
only notes it, so the command returns normally and the ledger is closed.
"""

from __future__ import annotations

import errno
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linkedin_triage.errors import TriageError
from linkedin_triage.review.page_security import LOOPBACK, Credentials


@dataclass
class Stopped:
    """How the server ended: the signal that stopped it, if one did."""

    signal_name: str | None = None


def bind_loopback(port: int) -> socket.socket:
    """A listening TCP socket on 127.0.0.1:port (0 = any free port)."""
    if not 0 <= port <= 65535:
        raise TriageError(f"--port {port}: a port is a number from 0 to 65535 (0 = any free one)")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(64)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise TriageError(
                f"--port {port}: already in use on {LOOPBACK}; give another, or 0 for any free port"
            ) from None
        raise TriageError(
            f"--port {port}: cannot listen on {LOOPBACK} ({error.strerror})"
        ) from None
    return sock


def serve(
    make_app: Callable[[Credentials], Any],
    port: int,
    announce: Callable[[Credentials], None],
    open_browser: bool = False,
) -> Stopped:
    """Bind, build the app for the real port, announce the link, serve until a signal."""
    import uvicorn

    sock = bind_loopback(port)
    credentials = Credentials(port=int(sock.getsockname()[1]))
    config = uvicorn.Config(
        make_app(credentials),
        log_level="warning",
        access_log=False,
        lifespan="off",
        loop="asyncio",
        http="h11",
        ws="none",
        proxy_headers=False,
        server_header=False,
    )
    server = uvicorn.Server(config)
    stopped = Stopped()

    def note(signum: int, frame: object) -> None:
        stopped.signal_name = signal.Signals(signum).name

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        announce(credentials)
        if open_browser:
            _open_in_browser(credentials.url)
        if stopped.signal_name is None:  # a Ctrl-C while announcing: do not start at all
            server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    return stopped


def _open_in_browser(url: str) -> None:
    """Open the link in the user's browser, off the main thread (some browsers block)."""
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
