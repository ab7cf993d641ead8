#!/usr/bin/env python3
"""A tiny public-address echo for the demo and benchmarks: answers every GET with the
address stored in FILE (re-read per request), like api.ipify.org does. Loopback only.
With COUNTFILE it is also a dyndns2 server for benchmarks of other clients: GET
/nic/update answers "nochg <address>" (or "good <ip>" when myip differs), and the number
of echo and update requests so far is rewritten to COUNTFILE as "echo N\nupdate M\n".
Usage: echo_server.py FILE PORTFILE [COUNTFILE]   (writes the chosen port to PORTFILE)"""
import http.server
import os
import sys
import threading
import urllib.parse

counts = {"echo": 0, "update": 0}
lock = threading.Lock()


def count(kind):
    if len(sys.argv) < 4:
        return
    with lock:
        counts[kind] += 1
        with open(sys.argv[3] + ".tmp", "w") as f:  # replaced whole: never read half-written
            f.write("".join("%s %d\n" % kv for kv in counts.items()))
        os.replace(sys.argv[3] + ".tmp", sys.argv[3])


class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[1], "rb") as f:
            address = f.read().strip()
        url = urllib.parse.urlparse(self.path)
        if url.path == "/nic/update" and len(sys.argv) >= 4:
            count("update")
            asked = urllib.parse.parse_qs(url.query).get("myip", [""])[0].encode()
            body = (b"nochg " + address if asked in (b"", address) else b"good " + asked) + b"\n"
        else:
            count("echo")
            body = address + b"\n"
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
