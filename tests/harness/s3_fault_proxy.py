#!/usr/bin/env python3
"""An HTTP proxy in front of a real S3-compatible server that injects faults, for tests.

Listens on 127.0.0.1 and forwards every request to --upstream (the s3rver the
test harness starts) unchanged, until a test arms a fault. Faults apply to the
next `times` matching requests (times=-1: every one), then the proxy forwards
normally again. A request matches when its operation is `op` (get: GetObject,
list: ListObjectsV2) and its path contains `match` (default: any path).

Fault kinds:
  slowdown      503 with S3's SlowDown error
  error500      500 with S3's InternalError error
  reset         the connection is reset (RST) before any response
  stall         nothing is sent for --stall-seconds, then the connection closes
  truncate      200 with the object's Content-Length, half the body, then close
  short_length  200 whose Content-Length and body are the object's first bytes
                only: a complete, well-formed response that is too short
  corrupt       200 with the right length and one byte changed
  repeat_token  (list) every page is the first page, of one key, with the
                same continuation token "proxy-repeated-token"

Control endpoints (for tests, not forwarded):
  POST /_proxy/fault?kind=K&op=get|list&times=N&match=SUBSTR
  POST /_proxy/reset                     disarm every fault, zero the counts
  GET  /_proxy/stats                     {"forwarded": n, "faults": {kind: n}} as JSON

Usage: s3_fault_proxy.py --upstream http://127.0.0.1:PORT --port 0 [--stall-seconds S]
Prints "ready PORT" on stdout once listening. Python standard library only.
"""

import argparse
import http.client
import json
import re
import socket
import struct
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KINDS = {"slowdown", "error500", "reset", "stall", "truncate", "short_length", "corrupt", "repeat_token"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"}


class Faults:
    """The armed faults and what was served, shared by the handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.armed = []  # [kind, op, times_left, match]
            self.served = {}
            self.forwarded = 0

    def arm(self, kind, op, times, match):
        with self.lock:
            self.armed.append([kind, op, times, match])

    def take(self, op, path):
        """The fault kind for this request (consuming one use), or None."""
        with self.lock:
            for fault in self.armed:
                kind, fault_op, times_left, match = fault
                if fault_op != op or match not in path or times_left == 0:
                    continue
                if times_left > 0:
                    fault[2] -= 1
                self.served[kind] = self.served.get(kind, 0) + 1
                return kind
            self.forwarded += 1
            return None

    def stats(self):
        with self.lock:
            return {"forwarded": self.forwarded, "faults": dict(self.served)}


def s3_error(code, message):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>'
            "<RequestId>proxy</RequestId></Error>" % (code, message)).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "S3FaultProxy/1.0"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass  # the connection was reset or closed on purpose

    # --- requests ------------------------------------------------------------
    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_proxy/"):
            return self.control(url)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        op = "list" if "list-type" in query else ("get" if self.command == "GET" else "other")
        kind = self.server.faults.take(op, url.path)
        if kind == "reset":
            return self.reset_connection()
        if kind == "stall":
            self.server.stopping.wait(self.server.stall_seconds)
            return self.reset_connection()
        if kind in ("slowdown", "error500"):
            code, status = ("SlowDown", 503) if kind == "slowdown" else ("InternalError", 500)
            return self.answer(status, [("Content-Type", "application/xml")], s3_error(code, "injected by the proxy"))
        path = self.path
        if kind == "repeat_token":
            query.pop("continuation-token", None)
            query["max-keys"] = ["1"]
            path = url.path + "?" + urllib.parse.urlencode(query, doseq=True, quote_via=urllib.parse.quote)
        status, headers, data = self.forward(path, body)
        if kind == "repeat_token":
            data = re.sub(rb"<NextContinuationToken>[^<]*</NextContinuationToken>",
                          b"<NextContinuationToken>proxy-repeated-token</NextContinuationToken>", data)
        if kind == "truncate" and status == 200 and len(data) > 1:
            return self.answer(status, headers, data[: len(data) // 2], declared=len(data), then_close=True)
        if kind == "short_length" and status == 200 and len(data) > 1:
            data = data[: max(1, len(data) - 7)]
        if kind == "corrupt" and status == 200 and data:
            data = bytes([data[0] ^ 0x20]) + data[1:]
        self.answer(status, headers, data)

    def forward(self, path, body):
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            connection.request(self.command, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return response.status, kept, data
        finally:
            connection.close()

    def answer(self, status, headers, data, declared=None, then_close=False):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data) if declared is None else declared))
        if then_close:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()
        if then_close:
            self.close_connection = True

    def reset_connection(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()

    def control(self, url):
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        faults = self.server.faults
        if url.path == "/_proxy/fault":
            kind = params.get("kind", "")
            if kind not in KINDS:
                return self.answer(400, [("Content-Type", "text/plain")], b"unknown fault kind\n")
            faults.arm(kind, params.get("op", "list" if kind == "repeat_token" else "get"),
                       int(params.get("times", "1")), params.get("match", ""))
            return self.answer(200, [("Content-Type", "text/plain")], b"armed\n")
        if url.path == "/_proxy/reset":
            faults.reset()
            return self.answer(200, [("Content-Type", "text/plain")], b"reset\n")
        if url.path == "/_proxy/stats":
            return self.answer(200, [("Content-Type", "application/json")], json.dumps(faults.stats()).encode())
        self.answer(404, [("Content-Type", "text/plain")], b"unknown control endpoint\n")


class Server(ThreadingHTTPServer):
    # sparkify opens up to 48 connections at once; socketserver's default
    # backlog of 5 drops the rest of the SYNs, which the client re-sends only
    # after 1 s, then 3 s.
    request_queue_size = 128
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stall-seconds", type=float, default=30.0)
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.faults = Faults()
    server.upstream = urllib.parse.urlsplit(args.upstream)
    server.stall_seconds = args.stall_seconds
    server.stopping = threading.Event()
    print("ready %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        server.stopping.set()


if __name__ == "__main__":
    sys.exit(main())
