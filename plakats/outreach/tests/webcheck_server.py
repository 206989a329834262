"""A small HTTP server on 127.0.0.1 for the web check tests, in a thread.

``routes`` maps a path to a handler ``(handler) -> None`` that writes the
response; ``requested`` lists every path asked for, in order. Use it as
``with serve() as web:`` in a test file's fixture.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requested.append(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        route = self.server.routes.get(self.path)
        if route is None:
            send(self, 404, "<html><body>Not here</body></html>")
            return
        route(self)

    def log_message(self, format, *args):
        pass


def send(handler, status: int, body: str | bytes, headers: dict | None = None) -> None:
    data = body.encode() if isinstance(body, str) else body
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        handler.server.aborted.append(handler.path)


def page(body: str, status: int = 200):
    return lambda handler: send(handler, status, body)


def redirect(location: str, status: int = 302):
    return lambda handler: send(handler, status, "", {"Location": location})


def slow(seconds: float, body: str):
    def respond(handler):
        time.sleep(seconds)
        send(handler, 200, body)

    return respond


class WebServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.requested = []
        self.httpd.user_agents = []
        self.httpd.aborted = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def routes(self) -> dict:
        return self.httpd.routes

    @property
    def requested(self) -> list[str]:
        return self.httpd.requested

    @property
    def user_agents(self) -> list[str]:
        return self.httpd.user_agents

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


@contextmanager
def serve() -> Iterator[WebServer]:
    server = WebServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
