#!/usr/bin/env python3
"""Your own backend behind nginx: answers /backend/... with the headers it received, as JSON.

A stand-in for any application server that trusts the X-Auth-Request-* headers nginx sets after
GET /auth/check (examples/nginx/ms-signin.conf.template). Run it where only nginx can reach it:

    python3 examples/nginx/backend.py --port 8000        # listens on 127.0.0.1 only

Prints "Listening on http://127.0.0.1:PORT" once it accepts connections (--port 0 picks a free port).
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Never echoed: the session cookie is HttpOnly so that page scripts cannot read it, and an endpoint that
# reflects it into a response body would hand it to any script on the site.
HIDDEN = {"cookie", "authorization"}


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.echo(body_length=None)

    def do_POST(self):
        # Read the whole body (nginx sends its length): its size in the answer shows it got past the check.
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.echo(body_length=length)

    def echo(self, body_length):
        if not self.path.startswith("/backend/"):
            return self.answer(404, {"error": "not_found"})
        # The user as nginx vouches for it: no header, no user (nginx answers 401 before reaching us).
        user = {
            "id": self.headers.get("X-Auth-Request-User"),
            "email": self.headers.get("X-Auth-Request-Email"),
            "name": self.headers.get("X-Auth-Request-Name"),
            "tenantId": self.headers.get("X-Auth-Request-Tenant"),
            "roles": self.headers.get("X-Auth-Request-Roles"),
        }
        headers = {}
        for name, value in self.headers.items():
            if name.lower() not in HIDDEN:
                # Every copy of a repeated header, so a test can see a forged one that slipped through.
                headers.setdefault(name.lower(), []).append(value)
        body = {"path": self.path, "method": self.command, "user": user, "headers": headers}
        if body_length is not None:
            body["bodyLength"] = body_length
        self.answer(200, body)

    def answer(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # no access log here: nginx keeps one, and request lines may carry what a log must not


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1: only this machine)")
    parser.add_argument("--port", type=int, default=8000, help="listen port; 0 picks a free one (default 8000)")
    options = parser.parse_args()
    server = ThreadingHTTPServer((options.host, options.port), EchoHandler)
    host, port = server.server_address[:2]
    print(f"Listening on http://{host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
