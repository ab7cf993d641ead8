#!/usr/bin/env python3
"""A tiny public-address echo for the demo and benchmarks: answers every GET with the
address stored in FILE (re-read per request), like api.ipify.org does. Loopback only.
Usage: echo_server.py FILE PORTFILE   (writes the chosen port to PORTFILE)"""
import http.server
import sys


class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[1], "rb") as f:
            body = f.read().strip() + b"\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
