"""The API's HTTP server, over real sockets on 127.0.0.1."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from baton.api.http_server import WSGIServer


def echo_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    path = environ["PATH_INFO"]
    if path == "/boom":
        raise RuntimeError("secret internals")
    if path == "/stream":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"one,", b"two,", b"three"])  # type: ignore[return-value]
    if path == "/ignore-body":
        start_response("204 No Content", [])
        return [b""]
    if path == "/slow":
        time.sleep(0.5)
    body = environ["wsgi.input"].read()
    reply = b"%s %s q=%s len=%d body=%s" % (
        environ["REQUEST_METHOD"].encode(), path.encode(), environ["QUERY_STRING"].encode(),
        len(body), body[:20])
    start_response("200 OK", [("content-type", "text/plain"), ("x-custom", "yes")])
    return [reply]


@pytest.fixture
def serve() -> Iterator[Callable[..., WSGIServer]]:
    servers: list[tuple[WSGIServer, threading.Thread]] = []

    def start(**kwargs: Any) -> WSGIServer:
        server = WSGIServer(("127.0.0.1", 0), echo_app, **kwargs)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((server, thread))
        return server

    yield start
    for server, thread in servers:
        server.stop(timeout=2)
        thread.join(timeout=2)


def test_keep_alive_serves_several_requests_on_one_connection(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for i in range(3):
        conn.request("POST", f"/echo/%7Ex?i={i}", body=b"hello")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.read() == f"POST /echo/~x q=i={i} len=5 body=hello".encode()
        assert resp.getheader("X-Custom") == "yes"
        assert resp.getheader("Date")
        assert "X-Custom" in dict(resp.getheaders()), "header names go out canonical"
    sock = conn.sock
    conn.request("GET", "/again")
    assert conn.getresponse().read().startswith(b"GET /again")
    assert conn.sock is sock, "the connection must have stayed open"
    conn.close()


def test_chunked_request_body_is_decoded(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("PUT", "/up", body=iter([b"abc", b"defgh"]), encode_chunked=True,
                 headers={"Transfer-Encoding": "chunked"})
    resp = conn.getresponse()
    assert resp.read() == b"PUT /up q= len=8 body=abcdefgh"


def test_chunked_body_over_the_limit_is_413(serve: Any) -> None:
    server = serve(max_chunked_body=4)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("PUT", "/up", body=iter([b"abcdef"]), encode_chunked=True,
                 headers={"Transfer-Encoding": "chunked"})
    resp = conn.getresponse()
    assert resp.status == 413
    assert b"error_message" in resp.read()


def test_streamed_response_uses_chunked_encoding(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/stream")
    resp = conn.getresponse()
    assert resp.getheader("Transfer-Encoding") == "chunked"
    assert resp.read() == b"one,two,three"
    conn.request("GET", "/after")  # the connection is still usable
    assert conn.getresponse().read().startswith(b"GET /after")


def test_head_has_no_body(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("HEAD", "/x")
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.read() == b""
    assert int(resp.getheader("Content-Length")) > 0


def test_app_error_is_a_500_without_internals_and_closes(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/boom")
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 500
    assert b"secret internals" not in body and b"error_message" in body
    assert resp.getheader("Connection") == "close"


def test_unread_body_closes_the_connection(serve: Any) -> None:
    server = serve()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("POST", "/ignore-body", body=b"x" * 100000)
    resp = conn.getresponse()
    assert resp.status == 204
    assert resp.getheader("Connection") == "close"


def test_http10_request_closes_after_the_response(serve: Any) -> None:
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /old HTTP/1.0\r\nHost: x\r\n\r\n")
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200 OK")
    assert data.endswith(b"GET /old q= len=0 body=")


def test_bad_content_length_is_400(serve: Any) -> None:
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")


def test_connections_beyond_the_limit_wait_for_a_free_slot(serve: Any) -> None:
    server = serve(max_connections=1, idle_timeout=0.3)
    first = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    first.request("GET", "/first")
    assert first.getresponse().read().startswith(b"GET /first")
    began = time.monotonic()
    second = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    second.request("GET", "/second")
    assert second.getresponse().read().startswith(b"GET /second")
    # The second connection was served only once the first idled out.
    assert time.monotonic() - began >= 0.2


def test_stop_lets_a_request_in_flight_finish_and_closes_idle_ones(serve: Any) -> None:
    server = serve()
    idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    idle.request("GET", "/warm")
    idle.getresponse().read()
    result: dict[str, bytes] = {}

    def slow() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/slow")
        result["body"] = conn.getresponse().read()

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    assert server.stop(timeout=5) is True
    thread.join()
    assert result["body"].startswith(b"GET /slow")
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        idle.request("GET", "/after-stop")
        idle.getresponse()


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        return sock.recv(65536)


def test_malformed_requests_get_clear_errors(serve: Any) -> None:
    server = serve()
    assert _raw(server.port, b"GET /x HTTP/2.0\r\n\r\n").startswith(b"HTTP/1.1 505")
    assert _raw(server.port, b"GET /x\r\n\r\n").startswith(b"HTTP/1.1 400")
    assert _raw(server.port, b"GET /x HTTP/1.1\r\nNo colon here\r\n\r\n").startswith(
        b"HTTP/1.1 400")
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(150))
    assert _raw(server.port, b"GET /x HTTP/1.1\r\n" + many + b"\r\n").startswith(
        b"HTTP/1.1 431")


def test_headers_are_case_insensitive_and_repeated_ones_joined(serve: Any) -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return [b""]

    server = WSGIServer(("127.0.0.1", 0), app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        reply = _raw(server.port, b"GET /h HTTP/1.1\r\nx-thing: a\r\nX-Thing: b\r\n"
                                  b"content-TYPE: text/plain\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 204")
        assert seen["HTTP_X_THING"] == "a,b"
        assert seen["CONTENT_TYPE"] == "text/plain"
    finally:
        server.stop(timeout=2)


def test_expect_100_continue(serve: Any) -> None:
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                     b"Expect: 100-continue\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 100")
        sock.sendall(b"abc")
        assert b"len=3 body=abc" in sock.recv(4096)
