#!/usr/bin/env python3
"""Serves one pre-built SSE body, byte for byte, to every POST, as fast as the socket takes it.

The streaming benchmark reads the same bytes with curl and with Parley from this server, so the
server is never the bottleneck (it does no work per chunk: one sendall of a buffer in memory).
Usage: prebuilt-sse-server.py BODY_FILE PORT_FILE  (binds 127.0.0.1 on a free port, writes the
base URL to PORT_FILE, serves until killed).
"""
import socket
import sys
import threading

body = open(sys.argv[1], "rb").read()
head = (
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache\r\n"
    f"Content-Length: {len(body)}\r\n"
    "Connection: close\r\n\r\n"
).encode()


def serve(conn):
    with conn:
        request = b""
        while b"\r\n\r\n" not in request:
            data = conn.recv(65536)
            if not data:
                return
            request += data
        header, _, rest = request.partition(b"\r\n\r\n")
        length = 0
        for line in header.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            data = conn.recv(65536)
            if not data:
                return
            rest += data
        try:
            conn.sendall(head + body)
        except OSError:
            pass


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(sys.argv[2], "w") as out:
    out.write(f"http://127.0.0.1:{listener.getsockname()[1]}/v1\n")
while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
