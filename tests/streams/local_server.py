"""A small HTTP server on 127.0.0.1 for the streaming and large-file tests.

It serves from a thread of the test process on a free port, stops when the context manager
ends (and on its own after ``lifetime`` seconds at most), and never buffers big bodies: the
download route writes one 1 MiB block again and again, the upload routes hash what they read
in 1 MiB pieces. ``requests`` counts the requests per path.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOCK = bytes(range(256)) * 4096  # 1 MiB
MIB = 1024 * 1024

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: Server
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def _route(self) -> None:
        path = self.path.split("?")[0]
        self.server.requests[f"{self.command} {path}"] += 1
        route = self.server.routes.get(f"{self.command} {path}")
        if route is None:
            self.send_json(404, {"detail": f"no route {self.command} {path}"})
        else:
            route(self)

    do_GET = do_POST = do_PUT = _route

    def send_json(self, status: int, value: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, header in (headers or {}).items():
            self.send_header(name, header)
        self.end_headers()
        self.wfile.write(data)

    def send_chunks(self, content_type: str, chunks: Iterator[bytes]) -> None:
        """A body without Content-Length, written as it comes (the connection then closes)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(chunk)
            self.wfile.flush()

    def hash_body(self) -> dict[str, object]:
        """Read the request body in 1 MiB pieces: its size, SHA-256 and first bytes."""
        length = int(self.headers.get("Content-Length", "-1"))
        digest, left, head = hashlib.sha256(), length, b""
        while left > 0:
            piece = self.rfile.read(min(MIB, left))
            if not piece:
                break
            head = head or piece[:2000]
            digest.update(piece)
            left -= len(piece)
        return {
            "size": length - left,
            "sha256": digest.hexdigest(),
            "content_type": self.headers.get("Content-Type"),
            "head": head.decode("latin-1"),
        }


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = routes
        self.requests: Counter[str] = Counter()
        self.uploads: list[dict[str, object]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serve(routes: dict[str, Route], lifetime: float = 120.0) -> Iterator[Server]:
    server = Server(routes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    guard = threading.Timer(lifetime, server.shutdown)
    thread.start()
    guard.start()
    try:
        yield server
    finally:
        guard.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def big_download(size_mib: int) -> Route:
    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(size_mib * MIB))
        handler.send_header("Content-Disposition", 'attachment; filename="big.bin"')
        handler.end_headers()
        for _ in range(size_mib):
            handler.wfile.write(BLOCK)

    return route


def expected_sha256(size_mib: int) -> str:
    digest = hashlib.sha256()
    for _ in range(size_mib):
        digest.update(BLOCK)
    return digest.hexdigest()
