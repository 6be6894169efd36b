"""Receiving depledger's webhooks with Python's standard library: check the signature, refuse
replays, ignore an event id already handled.

A delivery is a POST of `{id, type, occurredAt, data}` with the headers
`Depledger-Event-Id` (the idempotency key), `Depledger-Timestamp` (Unix seconds) and
`Depledger-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret>`.
"""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify_signature(secret, timestamp, signature, body, now=None, tolerance=TOLERANCE_SECONDS):
    """True when `signature` is depledger's over `timestamp` and the raw `body` (bytes), and the
    timestamp is within `tolerance` seconds of `now`: a captured delivery cannot be replayed later."""
    try:
        signed_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if signature is None or abs((time.time() if now is None else now) - signed_at) > tolerance:
        return False
    mac = hmac.new(secret.encode(), f"{signed_at}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"v1={mac}", signature)


class WebhookReceiver:
    """A receiver on a local port: verified deliveries go to `events` (each id once), refused ones to `refused`."""

    def __init__(self, secret="", host="127.0.0.1", port=0):
        self.secret = secret
        self.events = []
        self.refused = []
        self._seen = set()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                valid = verify_signature(receiver.secret, self.headers.get("Depledger-Timestamp"), self.headers.get("Depledger-Signature"), body)
                if not valid:
                    with receiver._lock:
                        receiver.refused.append(self.headers.get("Depledger-Event-Id"))
                    self.send_response(401)
                    self.end_headers()
                    return
                event = json.loads(body)
                with receiver._lock:
                    if event["id"] not in receiver._seen:  # a redelivery of an id already handled changes nothing
                        receiver._seen.add(event["id"])
                        receiver.events.append(event)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self._server.server_address[1]}/depledger"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, condition, timeout_seconds=120):
        deadline = time.monotonic() + timeout_seconds
        while not condition(self.events):
            if time.monotonic() > deadline:
                raise TimeoutError("the expected webhooks did not arrive")
            time.sleep(0.05)
